"""Importing and exporting the roster on the web: upload → check (preview) → commit or cancel.

Only writers (staff, chair) import, and only within their subtree (a chair: their own union).
Each step runs through core.import_jobs: inline for small files, in the background with a progress
bar for big ones.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from gonghui.core.import_jobs import (
    CHECKED,
    COMMITTED,
    job_create,
    job_delete,
    job_get,
    job_start,
)
from gonghui.orgs.access import (
    find_org_by_name,
    get_visible_org,
    require_placement,
    require_write,
)
from gonghui.orgs.models import Organization

from .exports import import_template, roster_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SHOWN_ROWS = 200  # rows of each table on the preview page; the rest are in the downloads


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    placement = require_write(request.user)
    context = {"nav": "members", "placement": placement, "default_org": ""}
    if request.method == "POST":
        upload = request.FILES.get("file")
        org_name = (request.POST.get("org") or "").strip()
        context["default_org"] = org_name
        error = None
        org = None
        if placement.role == placement.Role.CHAIR and placement.org.kind == "grassroots":
            org = placement.org  # a chair's rows always default to their own union
        elif org_name:
            org = find_org_by_name(request.user, org_name)
            if org is None or org.kind != Organization.Kind.GRASSROOTS:
                error = f"在您管辖的范围内没有找到基层工会“{org_name}”。"
        if upload is None:
            error = "请选择要导入的文件（.xlsx、.xls 或 .csv）。"
        elif not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            error = f"文件“{upload.name}”不是 Excel 表格或 CSV 文件，请上传 .xlsx、.xls 或 .csv。"
        if error:
            context["error"] = error
            return render(request, "members/import.html", context, status=400)
        job = job_create(
            user=request.user, ledger="members", filename=upload.name, data=upload.read(), org=org
        )
        job_start(job, commit=False)
        return redirect("members:import_preview", job_id=job.id)
    return render(request, "members/import.html", context)


def _preview_context(job):
    result = job.outcome()
    context = {"job": job, "result": result, "nav": "members", "shown": SHOWN_ROWS}
    if result is not None:
        context["created_rows"] = [p for p in result.preview if p["action"] == "create"][
            :SHOWN_ROWS
        ]
        context["updated_rows"] = [p for p in result.preview if p["action"] == "update"][
            :SHOWN_ROWS
        ]
        context["errors"] = result.errors[:SHOWN_ROWS]
        context["preview_columns"] = (
            list(context["created_rows"][0]["cells"])
            if context["created_rows"]
            else ["姓名", "公民身份号码", "所在工会", "入会日期"]
        )
    return context


@login_required
@require_GET
def member_import_preview(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    return render(request, "members/import_preview.html", _preview_context(job))


@login_required
@require_GET
def member_import_progress(request, job_id):
    """The progress bar fragment, polled by htmx; once the step is done, the page reloads."""
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    if not job.running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "members/import_preview.html#progress", {"job": job})


@login_required
@require_POST
def member_import_commit(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    if job.state != CHECKED:
        messages.warning(request, "该文件不在待确认状态，不能导入。")
        return redirect("members:import_preview", job_id=job.id)
    job_start(job, commit=True)
    if job.state == COMMITTED:
        result = job.outcome()
        messages.success(
            request,
            f"已导入 {job.filename}：新增 {result.created} 人，更新 {result.updated} 人"
            + (f"，{result.rejected} 行未通过检查未导入" if result.rejected else "")
            + "。",
        )
    return redirect("members:import_preview", job_id=job.id)


@login_required
@require_POST
def member_import_cancel(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    if job.running:
        messages.warning(request, "正在处理中，请稍候再取消。")
        return redirect("members:import_preview", job_id=job.id)
    if job.state != COMMITTED:
        messages.info(request, f"已取消导入 {job.filename}，没有写入任何数据。")
    job_delete(job)
    return redirect("members:import")


@login_required
@require_GET
def member_import_errors(request, job_id):
    """The rejected rows as .xlsx with a 错误原因 column, to fix and import again."""
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    result = job.outcome()
    if result is None:
        messages.warning(request, "该文件尚未检查完毕。")
        return redirect("members:import_preview", job_id=job.id)
    stem = job.filename.rsplit(".", 1)[0]
    return _xlsx(result.error_workbook(), f"{stem}-未通过的行.xlsx")


@login_required
@require_GET
def member_import_template(request):
    require_placement(request.user)
    return _xlsx(import_template(), "会员名册导入模板.xlsx")


@login_required
@require_GET
def member_export(request):
    """The roster of the user's subtree (or ?org=) as .xlsx; ?status= and ?q= as on the list."""
    placement = require_placement(request.user)
    org = None
    if request.GET.get("org"):
        org = get_visible_org(request.user, request.GET["org"])
    options = {
        "status": request.GET.get("status") or "active",
        "q": (request.GET.get("q") or "").strip(),
    }
    data = roster_workbook(user=request.user, org=org, options=options)
    name = (org or placement.org).display_short
    return _xlsx(data, f"会员名册-{name}.xlsx")
