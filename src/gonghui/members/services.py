"""Workflows of the member roster: join, correct, transfer, leave. Each one audited, in one transaction.

Access (who may act on which union) is checked by the views through gonghui.orgs.access; these
functions hold the rules of the roster itself and raise ValidationError with a message for a clerk.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When

from gonghui.core import idnumber
from gonghui.core.audit import record_create, record_update, snapshot
from gonghui.core.phone import PhoneError, parse_mobile
from gonghui.orgs.models import Organization

from .models import Membership, Person

PERSON_FIELDS = ("name", "mobile", "ethnicity", "political_status", "education", "workplace")


def _clean_person_fields(fields: dict) -> dict:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    cleaned = {
        k: (v or "").strip() if isinstance(v, str) or v is None else v for k, v in fields.items()
    }
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": "姓名不能为空"})
    if cleaned.get("mobile"):
        try:
            cleaned["mobile"] = parse_mobile(cleaned["mobile"])
        except PhoneError as exc:
            raise ValidationError({"mobile": str(exc)}) from None
    return cleaned


def _require_union(org: Organization) -> None:
    if org.kind != Organization.Kind.GRASSROOTS:
        raise ValidationError({"org": f"{org.name} 不是基层工会，会员只能加入基层工会"})


def current_membership(person: Person) -> Membership | None:
    """The active membership, or else the latest one."""
    active_first = Case(When(status=Membership.Status.ACTIVE, then=Value(0)), default=Value(1))
    return person.memberships.select_related("org").order_by(active_first, "-joined", "-id").first()


def member_create(
    *, by, org: Organization, id_number: str, name: str, joined: dt.date, **person_fields
) -> Membership:
    """Enrol a person in a union; reuse the Person when the normalised ID number is known.

    Refuses when the person is already an active member anywhere (a move is a transfer).
    """
    _require_union(org)
    try:
        parsed = idnumber.parse(id_number)
    except idnumber.IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from None
    fields = _clean_person_fields({"name": name, **person_fields})
    if joined < parsed.birth_date:
        raise ValidationError({"joined": "入会日期早于出生日期"})
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(id_number=parsed.value).first()
        if person is None:
            person = Person(id_number=parsed.value, **fields)
            person.save()
            record_create(user=by, instance=person, org=org)
        else:
            active = person.memberships.filter(status=Membership.Status.ACTIVE).select_related(
                "org"
            )
            active = active.first()
            if active is not None:
                if active.org_id == org.id:
                    raise ValidationError({"id_number": f"该职工已是{org.name}的在册会员"})
                raise ValidationError(
                    {"id_number": "该职工已在其他工会在册，不能重复入会；请由原工会办理转会"}
                )
            before = snapshot(person)
            for key, value in fields.items():
                # A blank cell never erases what is already known.
                if value not in ("", None):
                    setattr(person, key, value)
            person.save()
            record_update(user=by, instance=person, before=before, org=org)
        membership = Membership.objects.create(person=person, org=org, joined=joined)
        record_create(user=by, instance=membership, org=org)
    return membership


def member_update(*, by, person: Person, **fields) -> Person:
    """Correct a person's data (the ID number is the key and is not changed here)."""
    cleaned = _clean_person_fields(fields)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person)
        for key, value in cleaned.items():
            setattr(person, key, value)
        person.save()
        current = current_membership(person)
        record_update(user=by, instance=person, before=before, org=current.org if current else None)
    return person


def _lock_active(membership: Membership) -> Membership:
    locked = (
        Membership.objects.select_for_update().select_related("person", "org").get(pk=membership.pk)
    )
    if locked.status != Membership.Status.ACTIVE:
        raise ValidationError(f"该会籍状态为“{locked.get_status_display()}”，不能再办理")
    return locked


def member_transfer(
    *, by, membership: Membership, to_org: Organization, date: dt.date, note: str = ""
) -> Membership:
    """Close the membership as transferred on date and open an active one in to_org from date."""
    _require_union(to_org)
    with transaction.atomic():
        old = _lock_active(membership)
        if to_org.id == old.org_id:
            raise ValidationError({"to_org": "转入工会与原工会相同"})
        if date < old.joined:
            raise ValidationError({"date": f"转会日期早于入会日期 {old.joined:%Y-%m-%d}"})
        before = snapshot(old)
        old.status = Membership.Status.TRANSFERRED
        old.ended = date
        old.end_note = (note or f"转入{to_org.name}")[:200]
        old.save(update_fields=["status", "ended", "end_note"])
        record_update(user=by, instance=old, before=before, org=old.org)
        new = Membership.objects.create(person=old.person, org=to_org, joined=date, previous=old)
        record_create(user=by, instance=new, org=to_org)
    membership.refresh_from_db()
    return new


def member_leave(
    *, by, membership: Membership, date: dt.date, status: str, note: str = ""
) -> Membership:
    """Close an active membership: the member left (退会) or died (去世)."""
    if status not in (Membership.Status.LEFT, Membership.Status.DECEASED):
        raise ValidationError({"status": "离会原因只能是退会或去世"})
    with transaction.atomic():
        locked = _lock_active(membership)
        if date < locked.joined:
            raise ValidationError({"date": f"离会日期早于入会日期 {locked.joined:%Y-%m-%d}"})
        before = snapshot(locked)
        locked.status = status
        locked.ended = date
        locked.end_note = (note or "")[:200]
        locked.save(update_fields=["status", "ended", "end_note"])
        record_update(user=by, instance=locked, before=before, org=locked.org)
    membership.refresh_from_db()
    return locked
