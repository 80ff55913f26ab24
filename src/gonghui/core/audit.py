"""Writing the audit trail. Callers run inside the transaction of the change they record."""

import datetime as dt
import decimal
import uuid

from django.core.files import File
from django.db import models

from .models import AuditEvent, ChangeRecord


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    kind: str,
    *,
    user=None,
    username: str = "",
    ok: bool = True,
    org=None,
    summary: str = "",
    detail: dict | None = None,
    request=None,
) -> AuditEvent:
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ok=ok,
        org=org,
        summary=summary[:300],
        detail=detail or {},
        ip=client_ip(request),
    )


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, File):  # FileField: keep the stored name
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe copy of the concrete fields, for before/after in the history."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in ("id",):
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def change_record(
    *, user, instance: models.Model, action: str, before=None, after=None, org=None, batch=""
) -> ChangeRecord:
    """Build (not save) a record; use record_change or bulk_create for many."""
    return ChangeRecord(
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        username=user.get_username()
        if user is not None and getattr(user, "is_authenticated", False)
        else "",
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        org=org,
        before=before,
        after=after,
        batch=batch,
    )


def record_change(
    *, user, instance, action, before=None, after=None, org=None, batch=""
) -> ChangeRecord:
    record = change_record(
        user=user,
        instance=instance,
        action=action,
        before=before,
        after=after,
        org=org,
        batch=batch,
    )
    record.save()
    return record


def record_create(*, user, instance, org=None, batch="") -> ChangeRecord:
    return record_change(
        user=user,
        instance=instance,
        action=ChangeRecord.Action.CREATE,
        after=snapshot(instance),
        org=org,
        batch=batch,
    )


def record_update(*, user, instance, before: dict, org=None, batch="") -> ChangeRecord | None:
    after = snapshot(instance)
    if after == before:
        return None
    return record_change(
        user=user,
        instance=instance,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
        org=org,
        batch=batch,
    )
