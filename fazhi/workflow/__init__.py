"""The module kernel: one workflow engine, one case clock, one deadline scan for every business module.

A module declares its lifecycle as data (`engine.Workflow` with a `TRANSITIONS` table) and its time
limits as rules (`timelimits.Rule`); `engine.run` moves a case, `clocks` keeps the statutory clocks the
transitions start and stop, `dated` the fixed-date deadlines a module's rows carry (milestones), and
`scan.scan_deadlines` marks 临期 / 逾期 for all of them every day.
"""
