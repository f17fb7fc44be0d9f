"""Demo normative documents of 陇县 and 宝鸡市 in every stage, driven through the real lifecycle services.

Each document walks the same steps a user would take (征求意见 → 合法性审核 → 集体审议 → 签发 → 登记编号 →
公开发布 → 报送备案), with back-dated 办理日期 that satisfy the time-limit rules, then its filings are
registered and reviewed by the reviewing bodies (`FILING_STORIES`), so the demo exercises the gates, the
numbering, the filing and review clocks and the search index. Every date is counted back from the day the
demo is loaded, so the queues show a living mix of 按期, 临期 and 逾期. Laws are linked by title when the
national corpus is loaded, and skipped otherwise.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.normdocs import filings, regulations, services
from fazhi.normdocs.filing_models import FilingChannel, FilingOutcome
from fazhi.normdocs.models import DocType, FairCompetitionConclusion, NormativeDocument, RelationKind, State

# The standard path and the days after the start of 征求意见 on which each step is taken: comments run
# 35 natural days (more than both the 7-working-day and the 30-day minimum), review 21 days.
PATH: list[tuple[str, int, dict]] = [
    ("start_consultation", 0, {}),
    ("submit_legality_review", 35, {}),
    ("pass_legality_review", 56, {"reason": "经审查，该文件制定主体合法，未超越法定职权，内容与上位法不抵触，程序符合规定，审核通过。"}),
    ("submit_deliberation", 58, {}),
    ("sign", 63, {"meeting": "政府常务会议", "signer": "主要负责同志"}),
    ("register", 64, {}),
    ("publish", 66, {}),
    ("file_for_record", 76, {}),
]
FILED_AFTER = 76  # days from the start of 征求意见 to 报送备案
# Past 报送备案: the reviewing body's steps on each filing it reviews (days after 报送备案).
REVIEW_STEPS: dict[str, list[tuple[str, int, dict]]] = {
    State.FILING_REVIEW: [("register", 2, {})],
    State.RECORDED: [("register", 2, {}), ("approve", 19, {"reason": "经备案审查，未发现违法或不当问题，准予备案。"})],
    State.CORRECTING: [("register", 2, {}), ("require_correction", 12, {"reason": "第二条与上位法不一致，请予纠正。"})],
}
STOP_BEFORE = {
    State.CONSULTATION: "submit_legality_review",
    State.LEGALITY_REVIEW: "pass_legality_review",
    State.PUBLISHED: "file_for_record",
}


def walk(doc: NormativeDocument, until: str, start: datetime.date, actor=None, **overrides: dict) -> NormativeDocument:
    """Drive `doc` from 起草 along `PATH` until it reaches state `until`, starting 征求意见 on `start`."""
    for code, offset, data in PATH:
        if doc.state == until or code == STOP_BEFORE.get(until):
            break
        payload = {"on": start + datetime.timedelta(days=offset), **data, **overrides.get(code, {})}
        if code == "submit_deliberation" and doc.market_related and not doc.fair_competition_conclusion:
            # 公平竞争审查 is done while drafting, before 集体审议 (公平竞争审查条例 arts. 13, 18).
            services.record_fair_competition_review(
                actor, doc, conclusion=FairCompetitionConclusion.NO_EFFECT, reviewed_on=payload["on"],
                note="经审查，未设置市场准入和退出、商品要素自由流动等方面的限制，不具有排除、限制竞争效果。")
        if code == "start_consultation":
            payload.setdefault("consultation_end", start + datetime.timedelta(days=35))
        if doc.doc_type == DocType.RULE:
            # 规章: 法制机构审查 instead of 合法性审核; 施行 30 days after publication (规章制定程序条例 art. 32).
            if code == "submit_legality_review":
                code = "submit_rule_review"
            if code == "publish":
                payload.setdefault("effective_on", regulations.earliest_effective(doc, payload["on"]))
        doc = services.transition(actor, doc, code, payload)
        if doc.state == until and code != "pass_legality_review":
            break
    if doc.state == State.FILED and until in REVIEW_STEPS:
        # The reviewing bodies (as the system) register each filing 2 days after it was sent, then conclude.
        for filing in doc.filings.filter(reviewing_unit__isnull=False):
            for code, days, data in REVIEW_STEPS[until]:
                filings.transition(actor, filing, code, {"on": doc.filed_on + datetime.timedelta(days=days), **data})
        doc = NormativeDocument.objects.get(pk=doc.pk)
    return doc


def _text(purpose: str, basis: list[str], articles: list[str], issuer: str, effective: str = "") -> str:
    laws = "、".join(f"《{b}》" for b in basis)
    head = f"第一条 为了{purpose}，根据{laws}等法律法规，结合{issuer}实际，制定本办法。"
    body = [head] + [f"第{_num(i + 2)}条 {a}" for i, a in enumerate(articles)]
    body.append(f"第{_num(len(articles) + 2)}条 本办法自{effective or '印发之日'}起施行。")
    return "\n".join(body)


def _num(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _unit(name: str) -> Unit:
    """A demo unit by name; town names repeat across counties, so look inside 陇县 or 宝鸡市."""
    from fazhi.core.demo import unit_named

    if name in ("陇县", "宝鸡市"):
        return unit_named(name)
    return unit_named(name, "宝鸡市" if name.startswith("宝鸡") else "陇县")


DOCS = [
    # key, title, issuer, doc_type, market, state walked to, days back to 征求意见 (None: by the state), basis
    # laws, purpose, articles; a filed document's filings then follow FILING_STORIES
    ("manage", "陇县行政规范性文件管理办法", "陇县人民政府", DocType.NORMATIVE, False, State.RECORDED,
     1400, ["中华人民共和国立法法", "中华人民共和国政府信息公开条例"],
     "加强行政规范性文件制定和监督管理，维护国家法制统一",
     ["本办法所称行政规范性文件，是指除政府规章外，由行政机关依照法定权限、按照法定程序制定并公开发布，涉及公民、法人和其他组织权利义务，具有普遍约束力，在一定期限内反复适用的公文。",
      "县司法局负责行政规范性文件的合法性审核、备案审查和清理工作。",
      "起草行政规范性文件，应当公开征求意见，征求意见的期限一般不少于7个工作日。",
      "行政规范性文件未经合法性审核或者经审核不合法的，不得提交集体审议。",
      "行政规范性文件应当在公开发布之日起30日内报送备案。"]),
    ("old_city", "陇县城市市容和环境卫生管理办法", "陇县人民政府", DocType.NORMATIVE, False, State.RECORDED,
     2800, ["城市市容和环境卫生管理条例"], "加强城市市容和环境卫生管理，创造清洁、优美的城市环境",
     ["县城市管理部门负责本县城市市容和环境卫生管理工作。", "临街建筑物的外立面应当保持整洁、完好。",
      "禁止在城市道路两侧和公共场地堆放物料、晾晒衣物。", "违反本办法规定的，由城市管理部门依法予以处罚。"]),
    ("new_city", "陇县城市管理综合执法办法", "陇县人民政府", DocType.NORMATIVE, False, State.RECORDED,
     1060, ["中华人民共和国行政处罚法", "城市市容和环境卫生管理条例"],
     "规范城市管理综合执法行为，提高城市管理水平",
     ["县城市管理综合执法部门集中行使市容环境卫生、城乡规划等方面的行政处罚权。",
      "行政执法人员应当持证上岗，执法时主动出示执法证件。", "实施行政处罚应当全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。",
      "对首次违法、危害后果轻微并及时改正的，可以不予行政处罚。", "《陇县城市市容和环境卫生管理办法》同时废止。"]),
    ("land", "陇县农村集体经营性建设用地入市管理暂行办法", "陇县人民政府", DocType.NORMATIVE, True, State.RECORDED,
     1700, ["中华人民共和国土地管理法"], "规范农村集体经营性建设用地入市行为，保障农民集体和农民合法权益",
     ["农村集体经营性建设用地入市，应当符合国土空间规划和用途管制要求。", "入市方式包括出让、出租、作价出资（入股）等。",
      "入市收益在农村集体经济组织与其成员之间合理分配。", "土地增值收益调节金按成交价款的20%征收。"]),
    ("land_amend", "陇县人民政府关于修改《陇县农村集体经营性建设用地入市管理暂行办法》的决定", "陇县人民政府",
     DocType.NORMATIVE, True, State.FILING_REVIEW, 120, ["中华人民共和国土地管理法"],
     "适应农村集体经营性建设用地入市改革的新要求", ["将第五条中的“按成交价款的20%征收”修改为“按成交价款的15%征收”。"]),
    ("business", "陇县优化营商环境若干措施", "陇县发展和改革局", DocType.NORMATIVE, True, State.FILED,
     1280, ["优化营商环境条例", "中华人民共和国中小企业促进法"], "持续优化营商环境，激发市场主体活力",
     ["推行企业开办“一网通办”，企业开办时间压缩至1个工作日以内。", "全面落实公平竞争审查制度，不得设置不合理的市场准入条件。",
      "涉企行政检查实行“双随机、一公开”，同一部门对同一企业的检查每年不超过一次。",
      "政府采购和招标投标不得限定投标人的所有制形式、组织形式或者所在地。"]),
    ("publicity", "陇县行政执法公示办法", "陇县司法局", DocType.NORMATIVE, False, State.PUBLISHED,
     None, ["中华人民共和国行政处罚法", "中华人民共和国行政许可法"], "规范行政执法公示工作，保障公民、法人和其他组织的知情权",
     ["行政执法机关应当在行政执法决定作出之日起7个工作日内公开执法决定信息。", "公示内容包括执法主体、执法人员、执法依据、执法程序和救济渠道。",
      "涉及国家秘密、商业秘密和个人隐私的，不予公开。"]),
    ("info", "陇县政府信息公开工作规定", "陇县人民政府办公室", DocType.NORMATIVE, False, State.LEGALITY_REVIEW,
     None, ["中华人民共和国政府信息公开条例"], "规范政府信息公开工作，提高政府工作透明度",
     ["行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。", "不能当场答复的，应当自收到申请之日起20个工作日内予以答复。",
      "申请内容不明确的，应当在收到申请之日起7个工作日内一次性告知申请人作出补正。"]),
    ("rent", "陇县城镇住房保障家庭租赁补贴实施办法", "陇县住房和城乡建设局", DocType.NORMATIVE, False, State.CONSULTATION,
     None, ["城市居民最低生活保障条例"], "做好城镇住房保障家庭租赁补贴发放工作", [
         "租赁补贴对象为本县城镇户籍的低收入住房困难家庭。", "租赁补贴标准按照每人每月每平方米8元确定。",
         "住房保障部门应当每年对领取租赁补贴的家庭进行复核。"]),
    ("village", "城关镇农村人居环境整治长效管护办法", "城关镇人民政府", DocType.NORMATIVE, False, State.DRAFTING,
     None, ["中华人民共和国村民委员会组织法"], "巩固农村人居环境整治成果，建立长效管护机制",
     ["各村应当将人居环境管护纳入村规民约。", "镇政府每季度组织一次人居环境整治评比。"]),
    ("ads", "陇县户外广告设置管理办法", "陇县人民政府", DocType.NORMATIVE, True, State.FILING_REVIEW, 135,
     ["中华人民共和国广告法"], "规范户外广告设置，维护城市容貌",
     ["设置户外广告应当符合户外广告设置规划。", "户外广告设施应当安全牢固，设置单位负责日常维护。"]),
    ("funeral", "陇县殡葬管理办法", "陇县人民政府", DocType.NORMATIVE, False, State.FILING_REVIEW, 150,
     ["殡葬管理条例"], "加强殡葬管理，推进殡葬改革", ["提倡文明节俭办丧事。", "禁止在公共场所搭设灵棚。"]),
    ("parking", "陇县机动车停放管理办法", "陇县人民政府", DocType.NORMATIVE, False, State.FILED, 100,
     ["中华人民共和国道路交通安全法"], "规范机动车停放秩序", ["机动车应当在停车场或者施划的停车泊位内停放。"]),
    ("water", "陇县城乡供水管理办法", "陇县人民政府", DocType.NORMATIVE, False, State.FILED, 80,
     ["城市供水条例"], "保障城乡供水安全", ["供水单位应当保证供水水质符合国家规定的饮用水卫生标准。"]),
    ("bj_review", "宝鸡市行政规范性文件合法性审核办法", "宝鸡市人民政府", DocType.NORMATIVE, False, State.RECORDED,
     1370, ["中华人民共和国立法法"], "规范行政规范性文件合法性审核工作",
     ["合法性审核机构应当自收到送审材料之日起5个工作日内完成审核，最长不超过15个工作日。",
      "合法性审核意见分为合法、不合法和应当予以修改三种。", "未经合法性审核或者经审核不合法的，不得提交集体审议。"]),
    ("bj_trade", "宝鸡市公共资源交易管理办法", "宝鸡市人民政府", DocType.NORMATIVE, True, State.FILED,
     100, ["中华人民共和国招标投标法", "中华人民共和国政府采购法"], "规范公共资源交易活动，维护市场秩序",
     ["公共资源交易应当遵循公开、公平、公正和诚实信用原则。", "依法必须进行招标的项目，应当进入公共资源交易平台交易。",
      "任何单位和个人不得违法限制或者排斥本地区以外的经营者参加交易。"]),
    ("bj_water", "宝鸡市城市供水用水管理办法", "宝鸡市人民政府", DocType.RULE, False, State.PUBLISHED,
     None, ["城市供水条例"], "加强城市供水用水管理，保障城市生活、生产用水",
     ["城市供水主管部门负责本市城市供水用水的监督管理工作。", "城市供水企业应当保证不间断供水，水质符合国家规定的标准。",
      "禁止擅自在城市公共供水管道上直接装泵抽水。"]),
    ("bj_dust", "宝鸡市扬尘污染防治办法", "宝鸡市人民政府", DocType.NORMATIVE, False, State.RECORDED,
     2650, ["中华人民共和国大气污染防治法"], "防治扬尘污染，改善大气环境质量",
     ["施工工地应当设置硬质围挡，并对裸露地面进行覆盖。", "运输渣土的车辆应当密闭运输。", "本办法有效期五年。"]),
]


# Filings past the standard path (`REVIEW_STEPS`): (channel, step, days after 报送备案, data). Documents walked
# to 备案审查 were registered 2 days after sending: 42 days ago (60-day review: 按期), 57 (临期), 72 (逾期).
CONGRESS_FEEDBACK = (FilingChannel.PEOPLE_CONGRESS, "record_feedback", 30, {
    "outcome": FilingOutcome.PASSED, "notice": "县人大常委会法工委备案审查反馈", "reason": "经审查，未发现问题。"})
FILING_STORIES = {
    # 退回补正 20 days ago: the 15-day 补正 period has run out.
    "parking": [(FilingChannel.GOVERNMENT, "return_for_completion", 4, {"reason": "缺少起草说明和合法性审核意见书，请补正后重新报送。"})],
    # 备案审查 found a problem: 要求纠正 → 报送纠正情况 → 备案审查通过 (a department's filing: the county reviews).
    "business": [
        (FilingChannel.GOVERNMENT, "register", 2, {}),
        (FilingChannel.GOVERNMENT, "require_correction", 12, {
            "reason": "第三条“同一部门对同一企业的检查每年不超过一次”与上位法关于重点监管的规定不一致，请予纠正。"}),
        (FilingChannel.GOVERNMENT, "report_correction", 22, {"reason": "已删除第三条中与上位法不一致的表述。"}),
        (FilingChannel.GOVERNMENT, "approve", 32, {"reason": "已按要求纠正，准予备案。"}),
    ],
}


def _file_story(doc: NormativeDocument, story: list) -> NormativeDocument:
    """The reviewing bodies' steps on the document's filings, as the system, dated after its 报送备案."""
    for channel, code, days, data in story:
        filing = doc.filings.filter(channel=channel).first()
        if filing is None:
            continue  # a department's document has no 人大 filing
        payload = {"on": doc.filed_on + datetime.timedelta(days=days), **data}
        if code == "report_correction":
            payload["corrected_text"] = doc.current_version().text.replace(
                "，同一部门对同一企业的检查每年不超过一次", "，对重点监管对象依法实施重点监管")
        filings.transition(None, filing, code, payload)
    return NormativeDocument.objects.get(pk=doc.pk)


def _start_for(state: str) -> datetime.date:
    """Recent documents: far enough back for the path to reach `state` by today."""
    today = timezone.localdate()
    back = {State.PUBLISHED: 110, State.LEGALITY_REVIEW: 45, State.CONSULTATION: 10}.get(state, 0)
    return today - datetime.timedelta(days=back)


def _link_laws(doc: NormativeDocument, basis: list[str]) -> int:
    linked = 0
    for title in basis:
        if services.resolve_law(title) is None:
            continue  # the corpus is not loaded, or this title is not in it
        services.add_relation(None, doc, kind=RelationKind.BASIS, law_title=title, law_article="")
        linked += 1
    return linked


def load(stdout) -> None:
    services.set_numbering_scheme(None, _unit("陇县"), "陇司规〔{year}〕{seq}号")
    services.set_numbering_scheme(None, _unit("宝鸡市"), "BJSF-{year}-{seq:03d}")
    docs: dict[str, NormativeDocument] = {}
    laws = 0
    for key, title, issuer, doc_type, market, state, start, basis, purpose, articles in DOCS:
        issuer_unit = _unit(issuer)
        start = timezone.localdate() - datetime.timedelta(days=start) if start else _start_for(state)
        region = issuer_unit.jurisdiction().name
        doc = services.create_document(
            None, title=title, issuer=issuer_unit, doc_type=doc_type, market_related=market,
            text=_text(purpose, basis, articles, region), written_on=start,
            doc_number=f"{'陇政发' if region == '陇县' else '宝政发'}〔{start.year}〕{len(docs) + 1}号",
        )
        overrides = {}
        if key == "bj_dust":
            overrides["publish"] = {"valid_until": timezone.localdate() - datetime.timedelta(days=300)}
        if key == "land":
            # The measures state their own term, beyond the 暂行 default of two years.
            overrides["publish"] = {"valid_until": timezone.localdate() + datetime.timedelta(days=400)}
        if key == "manage":
            # A term ending within the warning period, so the demo shows an evaluation task.
            overrides["publish"] = {"valid_until": timezone.localdate() + datetime.timedelta(days=120)}
        doc = walk(doc, state, start, **overrides)
        # Sent to 人大常委会 with the rest; its notice is recorded a month later.
        doc = _file_story(doc, FILING_STORIES.get(key, [CONGRESS_FEEDBACK] if state == State.RECORDED else []))
        docs[key] = doc
        laws += _link_laws(doc, basis)

    # 不公开征求意见: the town's internal custody rules touch no one's rights and duties; the reason is recorded.
    services.transition(None, docs["village"], "waive_consultation", {
        "on": timezone.localdate(), "waiver_ground": "no_major_impact",
        "reason": "本办法规范镇政府对人居环境设施的内部管护分工，不涉及群众切身利益，对公民、法人和其他组织权利义务无重大影响。"})

    # 修改: the 2024 decision amends the 2022 measures; the amended text is a new version.
    land, decision = docs["land"], docs["land_amend"]
    services.amend_document(
        None, land, text=land.current_version().text.replace("按成交价款的20%征收", "按成交价款的15%征收"),
        version_date=decision.effective_on, change_note="根据县政府修改决定，调整土地增值收益调节金征收比例",
        amended_by=decision,
    )
    # 废止: the 2024 enforcement measures repeal the 2019 measures.
    services.add_relation(None, docs["new_city"], kind=RelationKind.REPEALS, target=docs["old_city"],
                          note="本办法施行之日起废止")
    evaluations = services.scan_expiring_documents().created
    stdout.write(f"已创建 {len(docs)} 件规范性文件（含修改、废止、纠正、已失效示例），关联上位法 {laws} 处，"
                 f"有效期届满评估任务 {evaluations} 件")
