"""A synthetic province for the decision and contract benchmarks: about 2,000 units, 20,000 decisions with
their full step histories, comments and counsel, and 50,000 contracts with their logs and SME payments.

The unit tree is the supervision scale generator's (`fazhi.supervision.scale`); the records are written in
bulk, shaped as the services leave them (a published catalogue per government and year, each decision's
log rows step by step up to its state, a running clock's due date copied on the record), so list pages and
rates read what they would read in production. For benchmarks only: nothing here runs the gates.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fazhi.contracts.models import Contract, Payment
from fazhi.core.models import Unit
from fazhi.decisions.models import (
    ALWAYS_REQUIRED,
    Catalogue,
    CatalogueEntry,
    CounselParticipation,
    Decision,
    Procedure,
    PublicComment,
    State,
    new_public_ref,
)
from fazhi.supervision import scale as tree
from fazhi.workflow.models import TransitionRecord
from fazhi.workflow.steplog import step_record

# The steps a decision has taken to reach each state (a subset of the table, in order), and how often each
# state occurs in the generated province.
PATH = ["open_comment", "close_comment", "submit_review", "pass_review", "decide", "report_party", "publish",
        "start_execution", "start_evaluation"]
REACHED = {State.DRAFTING: 0, State.COMMENT: 1, State.REVIEW: 3, State.REVIEWED: 4, State.DECIDED: 6,
           State.PUBLISHED: 7, State.EXECUTING: 8, State.EVALUATING: 9}
SHARE = {State.DRAFTING: 8, State.COMMENT: 4, State.REVIEW: 5, State.REVIEWED: 3, State.DECIDED: 5,
         State.PUBLISHED: 25, State.EXECUTING: 45, State.EVALUATING: 5}
TARGET = {"open_comment": State.COMMENT, "close_comment": State.DRAFTING, "submit_review": State.REVIEW,
          "pass_review": State.REVIEWED, "decide": State.DECIDED, "report_party": State.DECIDED,
          "publish": State.PUBLISHED, "start_execution": State.EXECUTING, "start_evaluation": State.EVALUATING}

# A signed contract's steps: days before signing, step, from → to.
CONTRACT_PATH = ((14, "submit_review", "drafting", "review"), (5, "pass_review", "review", "reviewed"),
                 (0, "sign", "reviewed", "signed"))
GENERATOR = "规模生成"  # the steps' 操作人


@dataclass
class ScaleResult:
    province: Unit
    units: int = 0
    decisions: int = 0
    logs: int = 0
    contracts: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.units} 个单位、{self.decisions} 项决策（{self.logs} 条办理记录）、{self.contracts} 份合同，"
                f"用时 {self.seconds:.0f} 秒")


def generate_province(*, units: int = 2000, decisions: int = 20000, contracts: int = 50000, seed: int = 2026,
                      name: str = "决策规模省", today: dt.date | None = None, batch_size: int = 2000) -> ScaleResult:
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or timezone.localdate()
    province = tree._build_tree(name, units, rng)
    result = ScaleResult(province=None, units=tree._save_tree(province.node, batch_size))
    result.province = province.node.unit
    regions = [province] + province.subregions + [c for city in province.subregions for c in city.subregions]
    bodies = [(r, next(n.unit for n in r.node.children if n.kind == Unit.Kind.GOVERNMENT)) for r in regions]
    states = [s for s, n in SHARE.items() for _ in range(n)]
    year = today.year

    catalogues = Catalogue.objects.bulk_create([
        Catalogue(body=body, year=year, state=Catalogue.State.PUBLISHED, version=1, publish_by=dt.date(year, 3, 31),
                  first_published_on=dt.date(year, 3, rng.randint(1, 31)) if rng.random() < 0.9 else dt.date(year, 4, 20),
                  published_on=dt.date(year, 3, 20), party_agreed_on=dt.date(year, 3, 1), public_ref=new_public_ref())
        for _, body in bodies], batch_size=batch_size)
    entries, drafts = [], []
    for n in range(decisions):
        index = n % len(bodies)
        region, body = bodies[index]
        procedures = sorted({*ALWAYS_REQUIRED, *rng.sample([Procedure.PARTICIPATION, Procedure.EXPERT, Procedure.RISK,
                                                             Procedure.HEARING], k=rng.randint(1, 3))})
        entries.append(CatalogueEntry(catalogue=catalogues[index], order=n // len(bodies) + 1,
                                      title=f"{region.node.name}重大行政决策事项{n + 1}",
                                      lead_unit=rng.choice(region.departments).unit, procedures=procedures,
                                      planned=f"{year}年内"))
        drafts.append(body)
    entries = CatalogueEntry.objects.bulk_create(entries, batch_size=batch_size)
    rows, logs, comments, counsel = [], [], [], []
    for entry, body in zip(entries, drafts, strict=True):
        state = rng.choice(states)
        start = today - dt.timedelta(days=rng.randint(40, 360))
        rows.append(Decision(
            title=entry.title, entry=entry, body=body, lead_unit=entry.lead_unit, procedures=entry.procedures,
            draft=f"{entry.title}（草案）", state=state, started_on=start - dt.timedelta(days=5),
            comment_start=start if REACHED[state] >= 1 else None,
            comment_end=start + dt.timedelta(days=30) if REACHED[state] >= 1 else None,
            review_submitted_on=start + dt.timedelta(days=32) if REACHED[state] >= 3 else None,
            review_due_on=start + dt.timedelta(days=43) if state == State.REVIEW else None,
            review_outcome="passed" if REACHED[state] >= 4 else "",
            decided_on=start + dt.timedelta(days=45) if REACHED[state] >= 6 else None,
            published_on=start + dt.timedelta(days=48) if REACHED[state] >= 7 else None,
            public_ref=new_public_ref()))
    rows = Decision.objects.bulk_create(rows, batch_size=batch_size)
    for decision in rows:
        reached = REACHED[decision.state]
        on = decision.comment_start or decision.started_on
        previous = State.DRAFTING
        for step_index, code in enumerate(PATH[:reached]):
            logs.append(step_record(decision, code, previous, TARGET[code], actor=GENERATOR, workflow="decision",
                                    on=on + dt.timedelta(days=6 * step_index)))
            previous = TARGET[code]
        if reached >= 1:
            comments.extend(PublicComment(decision=decision, text=f"意见{k}", handling="adopted")
                            for k in range(rng.randint(0, 3)))
        if reached >= 4 and rng.random() < 0.8:
            counsel.append(CounselParticipation(decision=decision, procedure=Procedure.LEGALITY, kind="adviser",
                                                name="法律顾问", on=decision.review_submitted_on))
    TransitionRecord.objects.bulk_create(logs, batch_size=batch_size)
    PublicComment.objects.bulk_create(comments, batch_size=batch_size)
    CounselParticipation.objects.bulk_create(counsel, batch_size=batch_size)
    result.decisions, result.logs = len(rows), len(logs)
    result.contracts = _contracts(regions, contracts, today, rng, batch_size)
    result.seconds = time.perf_counter() - started
    return result


def _contracts(regions, count: int, today: dt.date, rng: random.Random, batch_size: int) -> int:
    departments = [d.unit for r in regions for d in r.departments]
    kinds = [k for k, _ in Contract.Kind.choices]
    rows = []
    for n in range(count):
        signed = today - dt.timedelta(days=rng.randint(10, 700))
        rows.append(Contract(
            unit=departments[n % len(departments)], title=f"规模合同{n + 1}", number=f"HT-{n + 1:06d}",
            kind=rng.choice(kinds), counterparty=f"相对人{n % 997}", counterparty_sme=rng.random() < 0.6,
            amount=Decimal(rng.randint(10_000, 50_000_000)), state=Contract.State.SIGNED, review_outcome="passed",
            review_submitted_on=signed - dt.timedelta(days=14), signed_on=signed))
    rows = Contract.objects.bulk_create(rows, batch_size=batch_size)
    logs, payments = [], []
    for contract in rows:
        for offset, code, before, after in CONTRACT_PATH:
            logs.append(step_record(contract, code, before, after, actor=GENERATOR, workflow="contract",
                                    on=contract.signed_on - dt.timedelta(days=offset)))
        if contract.counterparty_sme:
            started = contract.signed_on + dt.timedelta(days=rng.randint(5, 300))
            paid = started <= today - dt.timedelta(days=40)
            payments.append(Payment(contract=contract, label="进度款", amount=contract.amount / 2, basis="acceptance",
                                    started_on=min(started, today), due_on=min(started, today) + dt.timedelta(days=30),
                                    paid_on=min(started, today) + dt.timedelta(days=20) if paid else None,
                                    state=Payment.State.PAID if paid else Payment.State.RUNNING))
    TransitionRecord.objects.bulk_create(logs, batch_size=batch_size)
    Payment.objects.bulk_create(payments, batch_size=batch_size)
    return len(rows)
