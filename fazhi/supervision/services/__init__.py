"""Business verbs of the supervision loop. Views, the API, commands and Celery tasks call these only.

Each verb runs in one transaction; a state change locks its row (`select_for_update`), checks the
state it starts from, writes one transition-log row (fazhi.workflow.steplog) and one operation-log row.
Refusals are `ValidationError`s with a Chinese message and change nothing.
"""

from __future__ import annotations

from fazhi.supervision.services.batch import (  # noqa: F401 — the package's verbs
    ItemResult,
    accept_reports,
    remind_unit,
    remind_units,
)
from fazhi.supervision.services.common import (  # noqa: F401 — the package's verbs
    SETTINGS_FIELDS,
    log_transition,
    notify,
    office_of,
    office_users,
    require,
    require_sees,
    settings_for,
    state_label,
    unit_users,
    update_settings,
)
from fazhi.supervision.services.extensions import (  # noqa: F401 — the package's verbs
    approve_extension,
    correct_due_date,
    refuse_extension,
    request_extension,
)
from fazhi.supervision.services.ledger import (  # noqa: F401 — the package's verbs
    TRACKING_STANDING,
    Expander,
    Horizon,
    LedgerResult,
    Performers,
    UnitsAdded,
    WarnDates,
    add_task_unit,
    add_task_units,
    carries_requirement,
    generate_ledger,
    make_task_lead,
    occurrences_for,
    open_standing_years,
    plan_horizon,
    plan_years,
    record_trigger,
    remove_task_unit,
    remove_task_units,
    set_plan_tracking,
    unit_groups,
    wanted_units,
)
from fazhi.supervision.services.milestones import (  # noqa: F401 — the package's verbs
    add_milestone,
    cancel_milestone,
    edit_milestone,
)
from fazhi.supervision.services.orders import (  # noqa: F401 — the package's verbs
    close_order,
    issue_order,
    order_prefix,
    reply_order,
    set_order_template,
)
from fazhi.supervision.services.reports import (  # noqa: F401 — the package's verbs
    ALLOWED_EVIDENCE,
    REPORT_FIELDS,
    accept_report,
    remove_evidence,
    return_report,
    save_report,
    submit_report,
    validate_evidence_file,
    validate_evidence_url,
)
from fazhi.supervision.services.scan import (  # noqa: F401 — the package's verbs
    ScanResult,
    mark_due_states,
    scan_deadlines,
)
