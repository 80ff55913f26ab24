"""合理化建议: submit → evaluate → adopt / reject (with reason) → implement (with benefit)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import change_record, record_create, record_update, snapshot
from gonghui.core.models import ChangeRecord

from ..models import Proposal


@transaction.atomic
def proposal_submit(
    *,
    by,
    org,
    title: str,
    proposer_name: str,
    submitted_on: dt.date | None = None,
    content: str = "",
    on_behalf: bool = False,
    person=None,
    employer=None,
    competition=None,
) -> Proposal:
    if not title.strip() or not proposer_name.strip():
        raise ValidationError("建议题目和建议人不能为空")
    proposal = Proposal.objects.create(
        org=org,
        title=title.strip(),
        proposer_name=proposer_name.strip(),
        submitted_on=submitted_on or timezone.localdate(),
        content=content,
        on_behalf=on_behalf,
        person=person,
        employer=employer,
        competition=competition,
    )
    record_create(user=by, instance=proposal, org=org)
    return proposal


def _transition(by, proposal: Proposal, allowed: tuple[str, ...], **changes) -> Proposal:
    if proposal.status not in allowed:
        raise ValidationError(f"当前状态为“{proposal.get_status_display()}”，不能进行此操作")
    before = snapshot(proposal)
    for key, value in changes.items():
        setattr(proposal, key, value)
    proposal.save()
    record_update(user=by, instance=proposal, before=before, org=proposal.org)
    return proposal


@transaction.atomic
def proposal_evaluate(*, by, proposal: Proposal, evaluation: str) -> Proposal:
    return _transition(
        by,
        proposal,
        (Proposal.Status.SUBMITTED, Proposal.Status.EVALUATING),
        status=Proposal.Status.EVALUATING,
        evaluation=evaluation,
    )


@transaction.atomic
def proposal_adopt(
    *, by, proposal: Proposal, on: dt.date | None = None, evaluation: str = ""
) -> Proposal:
    return _transition(
        by,
        proposal,
        (Proposal.Status.SUBMITTED, Proposal.Status.EVALUATING),
        status=Proposal.Status.ADOPTED,
        decided_on=on or timezone.localdate(),
        evaluation=evaluation or proposal.evaluation,
    )


@transaction.atomic
def proposal_reject(*, by, proposal: Proposal, reason: str, on: dt.date | None = None) -> Proposal:
    if not reason.strip():
        raise ValidationError("未采纳的建议必须说明原因")
    return _transition(
        by,
        proposal,
        (Proposal.Status.SUBMITTED, Proposal.Status.EVALUATING),
        status=Proposal.Status.REJECTED,
        decided_on=on or timezone.localdate(),
        reject_reason=reason.strip(),
    )


@transaction.atomic
def proposal_implement(
    *, by, proposal: Proposal, on: dt.date | None = None, estimated_benefit: Decimal | None = None
) -> Proposal:
    if estimated_benefit is not None and estimated_benefit < 0:
        raise ValidationError("预计效益不能为负数")
    return _transition(
        by,
        proposal,
        (Proposal.Status.ADOPTED,),
        status=Proposal.Status.IMPLEMENTED,
        implemented_on=on or timezone.localdate(),
        estimated_benefit=estimated_benefit,
    )


@transaction.atomic
def proposals_bulk_create(*, by, proposals: list[Proposal], batch: str = "") -> list[Proposal]:
    """Write many already-validated proposals at once (imports), one change record each."""
    for p in proposals:
        if p.status == Proposal.Status.REJECTED and not p.reject_reason.strip():
            raise ValidationError(f"“{p.title}”未采纳但没有说明原因")
    created = Proposal.objects.bulk_create(proposals, batch_size=1000)
    ChangeRecord.objects.bulk_create(
        (
            change_record(
                user=by,
                instance=p,
                action=ChangeRecord.Action.CREATE,
                after=snapshot(p),
                org=p.org,
                batch=batch,
            )
            for p in created
        ),
        batch_size=1000,
    )
    return created
