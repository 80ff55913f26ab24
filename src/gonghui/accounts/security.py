"""Lock-out after repeated failures, counted from the audit log (RULES.md §9)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from gonghui.core.models import AuditEvent


def recent_failures(username: str) -> int:
    """Failures since the last success or lock-out window start."""
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    last_success = (
        AuditEvent.objects.filter(username=username, kind=AuditEvent.Kind.LOGIN, time__gte=since)
        .order_by("-time")
        .values_list("time", flat=True)
        .first()
    )
    if last_success:
        since = last_success
    return AuditEvent.objects.filter(
        username=username, kind=AuditEvent.Kind.LOGIN_FAILED, time__gte=since
    ).count()


def is_locked(username: str) -> bool:
    return recent_failures(username) >= settings.LOGIN_MAX_FAILURES


def password_expired(user) -> bool:
    if settings.PASSWORD_MAX_AGE_DAYS <= 0:
        return False
    from .models import Credential

    credential = Credential.objects.filter(user=user).first()
    changed = credential.password_changed if credential else user.date_joined
    return timezone.now() - changed > dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def mark_password_changed(user) -> None:
    from .models import Credential

    Credential.objects.update_or_create(user=user, defaults={"password_changed": timezone.now()})
