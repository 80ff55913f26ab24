"""Public notices: the staff's page and objection queue, the printed notice, and the public page."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.pdf import PdfUnavailable, docx_to_pdf, soffice_path
from gonghui.orgs.access import require_placement, require_write

from . import services as svc
from .documents import notice_docx, public_rows
from .forms import ObjectionForm
from .models import Objection, PublicNotice

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_notice(user, pk) -> PublicNotice:
    try:
        return PublicNotice.objects.visible_to(user).select_related("campaign", "org").get(pk=pk)
    except (PublicNotice.DoesNotExist, ValueError):
        raise Http404("没有找到该公示") from None


def _listed(notice):
    return notice.applications.select_related("person", "org").order_by("org__path", "id")


@login_required
def notice_detail(request, pk):
    placement = require_placement(request.user)
    notice = get_notice(request.user, pk)
    objections = notice.objections.select_related("application__person", "resolved_by")
    today = timezone.localdate()
    return render(
        request,
        "assistance/notice_detail.html",
        {
            "notice": notice,
            "apps": _listed(notice),
            "objections": objections,
            "showing": notice.is_showing(today),
            "ended": notice.has_ended(today),
            "public_url": request.build_absolute_uri(f"/public/aid/{notice.token}/"),
            "pdf_available": soffice_path() is not None,
            "can_write": placement.can_write,
            "nav": "aid",
        },
    )


def _filename(notice, ext: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(notice.title)}.{ext}"


@login_required
def notice_docx_view(request, pk):
    require_placement(request.user)
    notice = get_notice(request.user, pk)
    data = notice_docx(notice=notice, rows=public_rows(_listed(notice)))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = _filename(notice, "docx")
    return response


@login_required
def notice_pdf_view(request, pk):
    require_placement(request.user)
    notice = get_notice(request.user, pk)
    try:
        pdf = docx_to_pdf(notice_docx(notice=notice, rows=public_rows(_listed(notice))))
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _filename(notice, "pdf")
    return response


@login_required
@require_POST
def objection_resolve(request, pk):
    require_write(request.user)
    try:
        objection = (
            Objection.objects.visible_to(request.user).select_related("notice__org").get(pk=pk)
        )
    except (Objection.DoesNotExist, ValueError):
        raise Http404("没有找到该异议") from None
    try:
        svc.objection_resolve(
            objection=objection,
            by=request.user,
            upheld=request.POST.get("upheld") == "1",
            reason=request.POST.get("reason", ""),
        )
    except svc.AidError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "异议已处理")
    return redirect("assistance:notice", pk=objection.notice_id)


def _visitor(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def public_notice(request, token):
    """No login. During the window: masked name, unit, category and amount only; nothing after."""
    notice = get_object_or_404(PublicNotice.objects.select_related("org", "campaign"), token=token)
    today = timezone.localdate()
    showing = notice.is_showing(today)
    rows, choices, form, sent = [], [], None, False
    if showing:
        apps = list(_listed(notice))
        rows = public_rows(apps)
        choices = [
            (app.pk, f"{row['name']}（{row['unit']}）") for app, row in zip(apps, rows, strict=True)
        ]
        form = ObjectionForm(request.POST or None, choices=choices)
        if request.method == "POST":
            key = f"aid-objection:{notice.token}:{_visitor(request)}"
            limit = getattr(settings, "AID_OBJECTION_LIMIT", 3)
            count = cache.get(key, 0)
            if count >= limit:
                return render(
                    request,
                    "assistance/public_notice.html",
                    {
                        "notice": notice,
                        "showing": showing,
                        "rows": rows,
                        "form": form,
                        "limited": True,
                    },
                    status=429,
                )
            if form.is_valid():
                try:
                    svc.objection_file(
                        notice=notice,
                        text=form.cleaned_data["text"],
                        contact=form.cleaned_data["contact"],
                        application_id=form.cleaned_data["application"],
                        today=today,
                    )
                except svc.AidError as exc:
                    form.add_error(None, exc.messages[0])
                else:
                    cache.set(key, count + 1, timeout=3600)
                    sent = True
                    form = ObjectionForm(choices=choices)
    elif request.method == "POST":
        return HttpResponse(
            "公示已结束，不再受理异议。", status=410, content_type="text/plain; charset=utf-8"
        )
    return render(
        request,
        "assistance/public_notice.html",
        {
            "notice": notice,
            "showing": showing,
            "not_started": today < notice.starts,
            "rows": rows,
            "form": form,
            "sent": sent,
        },
    )
