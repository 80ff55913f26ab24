"""Idle timeout and password expiry, enforced on every signed-in request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent

from .security import password_expired

_EXEMPT_PREFIXES = ("/static/", "/accounts/", "/public/", "/api/")


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            now = int(time.time())
            last = request.session.get("last_seen")
            idle = settings.SESSION_IDLE_MINUTES * 60
            if last is not None and now - last > idle:
                record_event(
                    AuditEvent.Kind.TIMEOUT, user=user, request=request, summary="空闲超时自动退出"
                )
                logout(request)
                return redirect(f"{reverse('accounts:login')}?timeout=1&next={request.path}")
            request.session["last_seen"] = now
            if not request.path.startswith(_EXEMPT_PREFIXES) and not user.is_superuser:
                if request.session.get("password_ok") is None:
                    request.session["password_ok"] = not password_expired(user)
                if not request.session["password_ok"]:
                    return redirect("accounts:password_change")
        return self.get_response(request)
