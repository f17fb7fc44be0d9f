"""Demo major decisions of 陇县 and 陕西省, dated relative to the day they are loaded, driven through the real
services: a published catalogue per body, decisions at every stage (one open for comment today, one waiting
for its legality review, one published and on the supervision ledger, one post-evaluated), experts, counsel.

`walk` drives a decision along the procedure with back-dated 办理日期 that satisfy every gate (30 days of
comment, materials 7 days before a hearing, 7 working days left to the reviewer); tests and the permission
matrix use it too.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.decisions import services
from fazhi.decisions.models import CatalogueEntry, Decision, Expert, Procedure, State

DAY = datetime.timedelta(days=1)

# The days after the start of 公众参与 on which each step is taken (comments 32 days, review 14 days).
PATH: list[tuple[str, int, dict]] = [
    ("open_comment", 0, {"comment_end": 32}),
    ("close_comment", 32, {"adoption": "共收到意见建议若干条，经研究，对合理意见予以采纳，未采纳的已说明理由。"}),
    ("schedule_hearing", 33, {"hearing_on": 45, "materials_sent_on": 36, "place": "县政府第一会议室",
                              "selection": "公开报名，按用户类别分组随机抽取：居民用户代表4名、非居民用户代表2名、专家1名。"}),
    ("publish_participants", 35, {"participants": "利害关系人代表7名（公开遴选）：居民用户代表4名、非居民用户代表2名、专家1名"}),
    ("hold_hearing", 45, {"reason": "听证参加人陈述意见，进行了询问和辩论，记录经参加人确认签字。"}),
    ("start_expert", 46, {}),
    ("finish_expert", 52, {"reason": "专家论证意见已研究采纳。"}),
    ("start_risk", 53, {}),
    ("finish_risk", 60, {"conclusion": "controllable", "reason": "风险点已明确，防范措施和处置预案已制定。"}),
    ("record_fair_competition", 61, {"conclusion": "no_effect", "reason": "不具有排除、限制竞争效果。"}),
    ("submit_review", 62, {"discussion_planned_on": 80}),
    ("pass_review", 74, {"reason": "经审查，决策事项符合法定权限，程序合法，内容不违反法律法规规章和国家政策。",
                         "counsel_name": "县政府法律顾问", "counsel_kind": "adviser"}),
    ("decide", 80, {"meeting_kind": "standing", "dissent": "无", "head_departs": "no", "reason": "会议讨论通过。"}),
    ("report_party", 81, {}),
    ("report_npc", 81, {}),
    ("publish", 83, {}),
    ("start_execution", 85, {}),
]
OPTIONAL = {"schedule_hearing": Procedure.HEARING, "publish_participants": Procedure.HEARING,
            "hold_hearing": Procedure.HEARING,
            "start_expert": Procedure.EXPERT, "finish_expert": Procedure.EXPERT,
            "start_risk": Procedure.RISK, "finish_risk": Procedure.RISK,
            "record_fair_competition": Procedure.FAIR_COMPETITION, "report_npc": Procedure.NPC_REPORT,
            "open_comment": Procedure.PARTICIPATION, "close_comment": Procedure.PARTICIPATION}
DATE_FIELDS = ("comment_end", "hearing_on", "materials_sent_on", "discussion_planned_on")


def _expert(decision: Decision) -> Expert:
    found = services.experts_for(decision).first()
    return found or services.add_expert(None, jurisdiction=decision.lead_unit.jurisdiction(), name="示例专家",
                                        field="公共政策")


def walk(decision: Decision, until: str, start: datetime.date, actor=None) -> Decision:
    """Drive `decision` from 草案拟订 until it reaches state `until` (a stop after the step that enters it),
    starting 公众参与 on `start`. Steps for procedures the decision does not require are left out."""
    for code, offset, data in PATH:
        if decision.state == until:
            break
        needed = OPTIONAL.get(code)
        if needed and not (decision.requires(needed) or (needed == Procedure.FAIR_COMPETITION and decision.market_related)):
            continue
        if code == "report_npc" and not decision.requires(Procedure.NPC_REPORT):
            continue
        on = start + offset * DAY
        payload = {"on": on, **{k: (start + v * DAY if k in DATE_FIELDS else v) for k, v in data.items()}}
        if code == "finish_expert":
            services.record_expert_opinion(actor, decision, expert=_expert(decision), opinion="必要、可行，建议完善配套措施。",
                                           given_on=on - DAY)
        if code == "start_execution":
            services.add_requirement(actor, decision, unit=decision.lead_unit, requirement="制定实施细则并组织实施",
                                     due_on=timezone.localdate() + 120 * DAY)
        decision = services.transition(actor, decision, code, payload)
    return decision


def _unit(name: str, within: str):
    from fazhi.core.demo import unit_named

    return unit_named(name, within)


# (body, region, title, category, lead unit, procedures, market, state, days ago 公众参与 began)
DECISIONS = [
    ("陇县人民政府", "陇县", "陇县城区集中供热价格调整", "livelihood", "陇县发展和改革局", ["participation", "hearing"], False,
     State.COMMENT, 5),
    ("陇县人民政府", "陇县", "陇县农村生活污水治理三年行动方案", "nimby", "陇县住房和城乡建设局", ["participation", "expert"], False,
     State.REVIEW, 66),
    ("陇县人民政府", "陇县", "陇县城关镇老旧小区改造计划", "livelihood", "陇县住房和城乡建设局", ["participation"], False,
     State.EXECUTING, 120),
    ("陇县人民政府", "陇县", "陇县招商引资优惠政策", "policy", "陇县发展和改革局", ["participation", "expert"], True,
     State.DRAFTING, None),
    ("陕西省人民政府", "陕西省", "陕西省数字政府建设规划", "planning", "陕西省发展和改革厅", ["participation", "expert"], False,
     State.PUBLISHED, 110),
]


def load(stdout) -> None:
    today = timezone.localdate()
    published_on = today - 135 * DAY  # before the oldest demo decision starts
    # 陇县 published its catalogue within its 公布期限, 陕西省 five days after it (the timeliness rate shows both).
    for body_name, region, publish_by in (("陇县人民政府", "陇县", published_on + 10 * DAY),
                                          ("陕西省人民政府", "陕西省", published_on - 5 * DAY)):
        catalogue = services.create_catalogue(None, body=_unit(body_name, region), year=published_on.year,
                                              publish_by=publish_by)
        for _, where, title, category, lead, procedures, market, _, _ in [d for d in DECISIONS if d[0] == body_name]:
            services.add_entry(None, catalogue, title=title, lead_unit=_unit(lead, where), category=category,
                               procedures=procedures, market_related=market, planned=f"{published_on.year}年内")
        services.catalogue_transition(None, catalogue, "agree", {"on": published_on - 5 * DAY,
                                                                 "party_body": "同级党委常委会会议"})
        services.catalogue_transition(None, catalogue, "publish", {"on": published_on})
    services.add_expert(None, jurisdiction=_unit("陕西省", "陕西省"), name="王立新", field="行政法学",
                        organisation="西北政法大学")
    services.add_expert(None, jurisdiction=_unit("陇县", "陇县"), name="赵建国", field="市政工程", organisation="陇县住建技术中心")
    for _, _, title, _, _, _, _, state, days_ago in DECISIONS:
        entry = CatalogueEntry.objects.get(title=title, catalogue__year=published_on.year)
        start = today - (days_ago or 0) * DAY
        decision = services.start_decision(None, entry, started_on=start - 10 * DAY,
                                           draft=f"{title}（草案）\n一、背景和必要性\n二、主要内容\n三、实施保障")
        if days_ago is not None:
            walk(decision, state, start)
    stdout.write(f"已创建 {len(DECISIONS)} 项重大行政决策（陇县、陕西省）")
