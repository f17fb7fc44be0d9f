from django.urls import reverse

from fazhi.workflow import steplog
from fazhi.workflow.engine import ClockSpec, Field, Transition, Workflow
from fazhi.workflow.timelimits import WD, Rule
from tests.toy.models import Errand

HANDLE = "toy.handle"
ANSWER_LIMIT = Rule("toy.answer", "答复期限", 10, WD, source="示例规定第三条")
S = Errand.State


def answered(errand: Errand, step) -> None:
    errand.answer = step.data["answer"]
    step.record["on_time"] = step.clocks["answer"].state == "met"


def no_empty_title(errand: Errand, data: dict) -> str | None:
    return None if errand.title.strip() else "事项名称为空，不能受理"


ERRAND = Workflow(
    name="toy.errand",
    label="示例事项",
    model=Errand,
    transitions={t.code: t for t in [
        Transition("accept", "受理", frozenset({S.REGISTERED}), S.HANDLING, (HANDLE,), guards=(no_empty_title,),
                   clock=("answer.start",)),
        Transition("answer", "答复", frozenset({S.HANDLING}), S.DONE, (HANDLE,),
                   fields=(Field("answer", "答复内容", "textarea"),), clock=("answer.stop",), effect=answered),
    ]},
    unit_of=lambda errand: errand.unit,
    clocks={"answer": ClockSpec("答复", ANSWER_LIMIT.code, action="答复", warn_rule=None, notify=(HANDLE,))},
    describe=lambda errand: f"事项“{errand.title}”",
    link=lambda errand: reverse("toy:detail", args=[errand.pk]),
    last_step=steplog.last_step,
    snapshot_fields=["state", "answer"],
)
