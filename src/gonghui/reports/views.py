from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.pdf import PdfUnavailable, docx_to_pdf, soffice_path
from gonghui.orgs.access import can_write, require_placement, require_write

from .builder import build_report
from .context import context_of_report
from .forms import ReportForm
from .models import Report
from .registry import KINDS
from .render import to_docx, to_markdown
from .services import report_create, report_reopen, report_save_narrative


def _visible_report(user, pk) -> Report:
    return get_object_or_404(Report.objects.visible_to(user).select_related("org"), pk=pk)


@login_required
def report_list(request):
    placement = require_placement(request.user)
    form = ReportForm(request.POST or None, user=request.user, initial={"org": placement.org.name})
    if request.method == "POST":
        require_write(request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                from .context import context_for

                context_for(
                    kind=data["kind"],
                    org=data["org"],
                    period=data["period_obj"],
                    subject=data["subject"],
                )
            except LookupError as exc:
                form.add_error("subject", str(exc))
            else:
                report = report_create(
                    by=request.user,
                    kind=data["kind"],
                    org=data["org"],
                    period=data["period_obj"],
                    subject=data["subject"],
                    rounded=data["rounded"],
                )
                return redirect("reports:detail", pk=report.pk)
    reports = Report.objects.visible_to(request.user).select_related("org", "created_by")[:100]
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "reports": reports,
            "kinds": KINDS,
            "can_write": can_write(request.user),
            "nav": "reports",
        },
    )


@login_required
def report_detail(request, pk):
    report = _visible_report(request.user, pk)
    try:
        built = build_report(context_of_report(report, user=request.user), report.narratives())
    except LookupError as exc:
        messages.error(request, str(exc))
        built = None
    versions = report.versions.select_related("author")[:20]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "built": built,
            "versions": versions,
            "can_write": can_write(request.user),
            "pdf_available": bool(soffice_path()),
            "nav": "reports",
        },
    )


@login_required
@require_POST
def report_narrative(request, pk):
    report = _visible_report(request.user, pk)
    require_write(request.user)
    texts = {n.key: request.POST.get(n.key, "") for n in KINDS[report.kind].narratives}
    try:
        version = report_save_narrative(
            report=report, by=request.user, texts=texts, final="final" in request.POST
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"已保存第 {version.number} 版（{version.get_status_display()}）。"
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_reopen_view(request, pk):
    report = _visible_report(request.user, pk)
    require_write(request.user)
    report_reopen(report=report, by=request.user)
    messages.info(request, "已重新打开为草稿。")
    return redirect("reports:detail", pk=report.pk)


FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}


@login_required
def report_download(request, pk, fmt):
    report = _visible_report(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    try:
        built = build_report(context_of_report(report, user=request.user), report.narratives())
    except LookupError as exc:
        raise Http404(str(exc)) from None
    if fmt == "md":
        body = to_markdown(built).encode()
    else:
        body = to_docx(built)
        if fmt == "pdf":
            try:
                body = docx_to_pdf(body)
            except PdfUnavailable as exc:
                messages.error(request, str(exc))
                return redirect("reports:detail", pk=report.pk)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(built.title)}.{fmt}"
    return response
