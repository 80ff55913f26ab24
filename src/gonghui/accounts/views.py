from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.orgs.access import placement_of

from .forms import LoginForm, TokenForm
from .models import ApiToken
from .security import is_locked, mark_password_changed, recent_failures


def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    locked_message = f"连续登录失败已达 {settings.LOGIN_MAX_FAILURES} 次，账号已锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟，请稍后再试或联系管理员。"
    if request.method == "POST":
        username = request.POST.get("username", "").strip()[:150]
        if is_locked(username):
            record_event(
                AuditEvent.Kind.LOGIN_FAILED,
                username=username,
                ok=False,
                request=request,
                summary="账号已锁定",
            )
            form.add_error(None, locked_message)
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            record_event(
                AuditEvent.Kind.LOGIN,
                user=user,
                request=request,
                org=getattr(placement_of(user), "org", None),
            )
            next_url = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = ""
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        else:
            record_event(
                AuditEvent.Kind.LOGIN_FAILED,
                username=username,
                ok=False,
                request=request,
                summary="用户名或密码错误",
            )
            if recent_failures(username) >= settings.LOGIN_MAX_FAILURES:
                record_event(
                    AuditEvent.Kind.LOCKED,
                    username=username,
                    ok=False,
                    request=request,
                    summary=locked_message,
                )
                form.errors.clear()
                form.add_error(None, locked_message)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "timeout": request.GET.get("timeout"), "next": request.GET.get("next", "")},
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record_event(AuditEvent.Kind.LOGOUT, user=request.user, request=request)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            mark_password_changed(user)
            record_event(AuditEvent.Kind.PASSWORD_CHANGED, user=user, request=request)
        update_session_auth_hash(request, user)
        request.session["password_ok"] = True
        messages.success(request, "密码已修改。")
        return redirect("accounts:profile")
    expired = request.session.get("password_ok") is False
    return render(request, "accounts/password_change.html", {"form": form, "expired": expired})


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            token, new_key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
            record_event(
                AuditEvent.Kind.TOKEN,
                user=request.user,
                request=request,
                summary=f"创建令牌 {token}",
            )
        form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    with transaction.atomic():
        record_event(
            AuditEvent.Kind.TOKEN, user=request.user, request=request, summary=f"撤销令牌 {token}"
        )
        token.delete()
    messages.success(request, "令牌已撤销。")
    return redirect("accounts:profile")
