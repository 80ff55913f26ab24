"""劳模 workflows: each step one function, in one transaction, with its audit record."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gonghui.core import idnumber
from gonghui.core.audit import record_create, record_update, snapshot
from gonghui.members.models import Person
from gonghui.orgs.access import placement_of
from gonghui.orgs.models import Placement

from .models import (
    CareRecord,
    Honour,
    HonourCheck,
    ModelWorker,
    RetirementFiling,
)


def modelworker_create(*, by, person, org, category, employer=None, note="") -> ModelWorker:
    with transaction.atomic():
        worker = ModelWorker(
            person=person, org=org, category=category, employer=employer, note=note
        )
        worker.full_clean(exclude=["statutory_retirement"])
        worker.save()
        record_create(user=by, instance=worker, org=org)
    return worker


def person_for(*, by, id_number: str, name: str, org=None):
    """The Person with this ID number, created (and audited) when unknown."""
    parsed = idnumber.parse(id_number)
    person = Person.objects.filter(id_number=parsed.value).first()
    if person is None:
        person = Person.objects.create(id_number=parsed.value, name=name.strip())
        record_create(user=by, instance=person, org=org)
    return person


def modelworker_enrol(
    *, by, org, id_number, name, category, level, title, year, employer=None, note=""
) -> ModelWorker:
    """Put a person on the model-worker ledger with their first honour."""
    with transaction.atomic():
        person = person_for(by=by, id_number=id_number, name=name, org=org)
        worker = modelworker_create(
            by=by, person=person, org=org, category=category, employer=employer, note=note
        )
        honour_add(by=by, worker=worker, level=level, title=title, year=year)
    return worker


def modelworker_update(*, by, worker, **changes) -> ModelWorker:
    """Change category, employer, org, note or the actual retirement date; the statutory month
    follows the category."""
    allowed = {"category", "employer", "org", "note", "retired_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"不能修改：{', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(worker)
        for key, value in changes.items():
            setattr(worker, key, value)
        worker.full_clean(exclude=["statutory_retirement"])
        worker.save()
        record_update(user=by, instance=worker, before=before, org=worker.org)
    return worker


def honour_add(*, by, worker, level, title, year) -> Honour:
    with transaction.atomic():
        honour = Honour(worker=worker, level=level, title=title, year=year)
        honour.full_clean()
        honour.save()
        record_create(user=by, instance=honour, org=worker.org)
    return honour


def honour_revoke(*, by, honour, on: dt.date) -> Honour:
    if honour.status == Honour.Status.REVOKED:
        raise ValidationError("该荣誉称号已撤销")
    with transaction.atomic():
        before = snapshot(honour)
        honour.status = Honour.Status.REVOKED
        honour.revoked_on = on
        honour.save()
        record_update(user=by, instance=honour, before=before, org=honour.worker.org)
    return honour


def honour_check_record(
    *, by, worker, year: int, still_held: bool, checked_on: dt.date, checked_by="", note=""
) -> HonourCheck:
    """The yearly check; one per worker and year (a second check of the same year updates it)."""
    with transaction.atomic():
        check = HonourCheck.objects.filter(worker=worker, year=year).first()
        if check is None:
            check = HonourCheck.objects.create(
                worker=worker,
                year=year,
                still_held=still_held,
                checked_on=checked_on,
                checked_by=checked_by,
                note=note,
            )
            record_create(user=by, instance=check, org=worker.org)
        else:
            before = snapshot(check)
            check.still_held, check.checked_on = still_held, checked_on
            check.checked_by, check.note = checked_by, note
            check.save()
            record_update(user=by, instance=check, before=before, org=worker.org)
    return check


def _filing_of(worker) -> RetirementFiling:
    try:
        return worker.filing
    except RetirementFiling.DoesNotExist:
        return RetirementFiling(worker=worker)


def filing_checklist_update(
    *,
    by,
    worker,
    has_certificate: bool,
    has_retirement_approval: bool,
    has_honour_proof: bool,
    note: str = "",
) -> RetirementFiling:
    """Tick the documents of the 到龄退休申报 while it is being prepared (or after a return)."""
    with transaction.atomic():
        filing = _filing_of(worker)
        if filing.state not in (RetirementFiling.State.PREPARING, RetirementFiling.State.RETURNED):
            raise ValidationError("申报已上报，材料清单不能再修改")
        is_new = filing.pk is None
        before = None if is_new else snapshot(filing)
        filing.has_certificate = has_certificate
        filing.has_retirement_approval = has_retirement_approval
        filing.has_honour_proof = has_honour_proof
        filing.note = note
        filing.save()
        if is_new:
            record_create(user=by, instance=filing, org=worker.org)
        else:
            record_update(user=by, instance=filing, before=before, org=worker.org)
    return filing


def filing_submit(*, by, worker, on: dt.date, to: str = "总工会劳模办") -> RetirementFiling:
    """Report the file up. All three documents are required, and the worker must hold an honour."""
    with transaction.atomic():
        filing = _filing_of(worker)
        if filing.state not in (RetirementFiling.State.PREPARING, RetirementFiling.State.RETURNED):
            raise ValidationError(f"当前状态为“{filing.get_state_display()}”，不能上报")
        if not filing.complete:
            raise ValidationError(f"材料不全，缺少：{'、'.join(filing.missing())}")
        if worker.highest_held() is None:
            raise ValidationError("该劳模没有仍保持的荣誉称号，不能申报荣誉津贴")
        is_new = filing.pk is None
        before = None if is_new else snapshot(filing)
        filing.state = RetirementFiling.State.SUBMITTED
        filing.submitted_on = on
        filing.submitted_to = to
        filing.save()
        if is_new:
            record_create(user=by, instance=filing, org=worker.org)
        else:
            record_update(user=by, instance=filing, before=before, org=worker.org)
    return filing


def _require_approver(user) -> None:
    placement = placement_of(user)
    if user is not None and (
        placement is None or placement.role not in (Placement.Role.APPROVER, Placement.Role.STAFF)
    ):
        raise PermissionDenied("只有审批人或工会工作人员可以审批")


def filing_approve(
    *, by, filing, on: dt.date, allowance_from: dt.date | None = None
) -> RetirementFiling:
    """The upper federation approves: the honorary allowance starts (from the month given, by
    default the statutory retirement month)."""
    _require_approver(by)
    if filing.state != RetirementFiling.State.SUBMITTED:
        raise ValidationError(f"当前状态为“{filing.get_state_display()}”，不能批准")
    with transaction.atomic():
        before = snapshot(filing)
        filing.state = RetirementFiling.State.APPROVED
        filing.approved_on = on
        filing.allowance_from = allowance_from or filing.worker.statutory_retirement
        filing.save()
        record_update(user=by, instance=filing, before=before, org=filing.worker.org)
    return filing


def filing_return(*, by, filing, note: str) -> RetirementFiling:
    _require_approver(by)
    if filing.state != RetirementFiling.State.SUBMITTED:
        raise ValidationError(f"当前状态为“{filing.get_state_display()}”，不能退回")
    if not note.strip():
        raise ValidationError("退回时请说明原因")
    with transaction.atomic():
        before = snapshot(filing)
        filing.state = RetirementFiling.State.RETURNED
        filing.note = note
        filing.save()
        record_update(user=by, instance=filing, before=before, org=filing.worker.org)
    return filing


def care_record_add(*, by, worker, kind, date, end_date=None, place="", amount=None, note=""):
    with transaction.atomic():
        record = CareRecord(
            worker=worker,
            kind=kind,
            date=date,
            end_date=end_date,
            place=place,
            amount=amount,
            note=note,
        )
        record.full_clean()
        record.save()
        record_create(user=by, instance=record, org=worker.org)
    return record
