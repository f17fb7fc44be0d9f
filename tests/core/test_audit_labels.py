"""The audit log reads in Chinese: every action code a service writes is declared with a label, and the
list and detail pages show labels, object types and readable before → after values, never raw codes."""

from __future__ import annotations

import ast
import datetime
import io
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook

import fazhi
from fazhi.core import modules
from fazhi.core.models import OperationLog

SOURCE = Path(fazhi.__file__).parent


def _is_record_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "record" and isinstance(func.value, ast.Name)
            and func.value.id == "oplog")


def _call_arguments(tree: ast.Module, function: str, index: int, name: str) -> list[ast.expr]:
    """The expressions passed as parameter `name` (position `index`) in every call of `function` in a file."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function:
            found += [kw.value for kw in node.keywords if kw.arg == name]
            if len(node.args) > index:
                found.append(node.args[index])
    return found


def written_action_codes() -> tuple[set[str], set[str]]:
    """Every action code passed to `oplog.record` in the package: exact codes, and prefixes of codes built
    at run time from a value the static reading cannot follow (f"clock.{state}")."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            params = [a.arg for a in function.args.args]
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and _is_record_call(node) and len(node.args) > 1):
                    continue
                code = node.args[1]
                head, variable = "", code
                if isinstance(code, ast.JoinedStr):
                    leading = []
                    for v in code.values:
                        if not isinstance(v, ast.Constant):
                            break
                        leading.append(v.value)
                    head = "".join(leading)
                    parts = [v for v in code.values if isinstance(v, ast.FormattedValue)]
                    variable = parts[0].value if len(parts) == 1 and code.values[-1] is parts[0] else None
                if isinstance(code, ast.Constant):
                    exact.add(code.value)
                elif isinstance(variable, ast.Name) and variable.id in params:
                    args = _call_arguments(tree, function.name, params.index(variable.id), variable.id)
                    values = [a.value for a in args if isinstance(a, ast.Constant)]
                    if values:
                        exact.update(head + v for v in values)
                    else:
                        prefixes.add(head)
                elif head:
                    prefixes.add(head)
    return exact, prefixes


def test_every_action_code_written_has_a_chinese_label():
    labels = modules.action_labels()
    exact, prefixes = written_action_codes()
    assert {"normdoc.cleanup.decide", "plan_import.fields", "plans.align.confirm", "unit.rename"} <= exact
    assert not sorted(exact - set(labels)), "action codes without a label in any module.py"
    for prefix in prefixes:
        assert prefix == "" or any(code.startswith(prefix) for code in labels), prefix
    # Steps of a workflow are labelled by their step names.
    assert labels["normdoc.publish"] == "规范性文件：公开发布"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels.values())


def test_audit_log_page_reads_in_chinese(users, org, login):
    from fazhi.normdocs import services
    from fazhi.normdocs.demo import walk
    from fazhi.normdocs.models import State

    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    doc = services.create_document(users.office, title="清理对象办法", issuer=org.justice, text="第一条 正文。",
                                   doc_number="测政发〔2024〕9号", written_on=datetime.date(2024, 3, 1))
    doc = walk(doc, State.PUBLISHED, datetime.date(2024, 3, 4))
    campaign = services.create_cleanup(users.office, title="2024年度清理", region=org.county, documents=[doc])
    services.decide_cleanup_item(users.office, campaign.items.get(), "repeal", "上位法已废止")
    client = login(users.auditor)
    page = client.get(reverse("core:operation_log"), {"action": "normdoc.cleanup.decide"}).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "作出清理结论" in rows and "规范性文件" in rows and "清理结论：— → 废止" in rows
    assert "normdoc.cleanup.decide" not in rows and "normdocs.normativedocument" not in rows
    assert "decision" not in rows and "repeal" not in rows
    # The filters offer the labels too.
    assert '<option value="normdoc.cleanup.decide" selected>作出清理结论</option>' in page

    publish = OperationLog.objects.get(action="normdoc.publish", object_id=str(doc.pk))
    detail = client.get(reverse("core:operation_detail", args=[publish.pk])).content.decode()
    assert "规范性文件：公开发布" in detail
    assert "<td>办理状态</td><td class=\"fz-diff-old text-break\">登记编号</td><td class=\"fz-diff-new text-break\">公开发布</td>" in detail
    assert "<td>报备期限</td>" in detail

    # A related record is shown by name: the document's creation names its issuer.
    created = OperationLog.objects.get(action="normdoc.create", object_id=str(doc.pk))
    detail = client.get(reverse("core:operation_detail", args=[created.pk])).content.decode()
    assert "<td>制定机关</td>" in detail and "测试县司法局" in detail

    export = client.get(reverse("core:operation_log"), {"action": "normdoc.cleanup.decide", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert rows[1][3] == "作出清理结论" and rows[1][4] == "规范性文件"


def test_object_column_is_wide_enough(users, login):
    page = login(users.auditor).get(reverse("core:operation_log")).content.decode()
    header = page.split("<thead")[1].split("</thead>")[0]
    assert 'class="text-nowrap fz-col-wide"' in header  # 对象 and 变化 keep a minimum width
    css = (SOURCE / "static" / "fazhi" / "app.css").read_text(encoding="utf-8")
    assert ".fz-col-wide { min-width: 14rem; }" in css


def test_a_logged_reverse_relation_reads_as_its_declared_label():
    """A unit's 简称 are another model's rows (a reverse relation, no verbose_name of its own): the log
    page showed a 500 for an entry whose changes name them. The label is core's declaration, "简称"."""
    from fazhi.core.audit import ValueLabels
    from fazhi.core.models import Unit

    labels = ValueLabels()
    assert labels.field_label(Unit, "aliases") == "简称"
    assert labels.value(Unit, "aliases", ["县司法局", "司法局"]) == "县司法局、司法局"


def _is_record_id(expr: ast.expr) -> bool:
    """An expression that logs ids of records: `x.pk`, `x.y_id`, or a list of them."""
    if isinstance(expr, ast.Attribute):
        return expr.attr == "pk" or expr.attr.endswith("_id")
    if isinstance(expr, ast.ListComp):
        return _is_record_id(expr.elt)
    if isinstance(expr, ast.IfExp):
        return _is_record_id(expr.body) or _is_record_id(expr.orelse)
    return False


def logged_record_ids() -> set[tuple[str, str]]:
    """(action code, key) of every id written into a log entry's before/after by an `oplog.record` call with a
    literal code and dict."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _is_record_call(node) and len(node.args) > 1
                    and isinstance(node.args[1], ast.Constant)):
                continue
            for kw in node.keywords:
                if kw.arg in ("before", "after") and isinstance(kw.value, ast.Dict):
                    pairs = zip(kw.value.keys, kw.value.values, strict=True)
                    found |= {(node.args[1].value, k.value) for k, v in pairs
                              if isinstance(k, ast.Constant) and _is_record_id(v)}
    return found


def test_every_logged_record_id_names_its_model():
    """Ids in the log read as the records' names only if their model is declared (`Module.references`)."""
    from django.apps import apps

    found = logged_record_ids()
    assert {("normdoc.cleanup.decide", "campaign"), ("supervision.order_issue", "tasks")} <= found
    references = modules.references()
    assert not sorted((code, key) for code, key in found if key not in references.get(code, {}))
    for keys in references.values():
        for model in keys.values():
            apps.get_model(model)  # raises on a misspelt model


def test_logged_record_ids_read_as_names(users, org, login):
    from fazhi.normdocs import services
    from fazhi.normdocs.demo import walk
    from fazhi.normdocs.models import State

    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    docs = []
    for n, title in enumerate(("清理对象甲办法", "清理对象乙办法"), 1):
        doc = services.create_document(users.office, title=title, issuer=org.justice, text="第一条 正文。",
                                       doc_number=f"测政发〔2024〕{n}号", written_on=datetime.date(2024, 3, 1))
        docs.append(walk(doc, State.PUBLISHED, datetime.date(2024, 3, 4)))
    campaign = services.create_cleanup(users.office, title="2024年度清理", region=org.county, documents=docs)
    services.decide_cleanup_item(users.office, campaign.items.get(document=docs[0]), "keep", "")
    client = login(users.auditor)

    def changes(action: str) -> str:
        page = client.get(reverse("core:operation_log"), {"action": action}).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    assert "清理活动：— → 2024年度清理" in changes("normdoc.cleanup.decide")
    assert "文件：— → 清理对象甲办法、清理对象乙办法" in changes("normdoc.cleanup.create")


def test_a_count_under_a_key_that_elsewhere_holds_ids_stays_a_number(users, org):
    """"tasks" holds ids in a 督办单's entry and a count in a scale run's: references are per action code."""
    from fazhi.core.audit import ValueLabels
    from fazhi.plans.models import Plan, PlanItem
    from fazhi.supervision.models import Task

    plan = Plan.objects.create(title="某方案", jurisdiction=org.county, period_start=2025, period_end=2025)
    item = PlanItem.objects.create(plan=plan, order=1, path=["一"], label="一", text="开展清理。")
    task = Task.objects.create(plan=plan, item=item, owner_unit=org.justice, order=1, label="一", title="开展清理")
    labels = ValueLabels()
    assert labels.value(None, "tasks", [task.pk], "supervision.order_issue") == str(task)
    assert labels.value(None, "tasks", task.pk, "supervision.generate_scale") == str(task.pk)
