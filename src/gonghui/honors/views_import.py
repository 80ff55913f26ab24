"""Web imports of the 劳模, 活动 and 信息宣传 ledgers: upload → check (preview) → commit or cancel,
through core.import_jobs like the roster. One set of pages, keyed by the ledger's name."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from gonghui.core.import_jobs import CHECKED, COMMITTED, job_create, job_delete, job_get, job_start
from gonghui.orgs.access import find_org_by_name, require_placement, require_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SHOWN_ROWS = 200


def _importers():
    from gonghui.activities.ledger import ArticleImport, EventImport

    from .ledger import ModelWorkerImport

    return {
        "modelworkers": (ModelWorkerImport, "honors:list", "honors"),
        "activities": (EventImport, "activities:index", "activities"),
        "articles": (ArticleImport, "activities:articles", "activities"),
    }


def _ledger(name):
    try:
        return _importers()[name]
    except KeyError:
        raise Http404("没有这个台账") from None


def _job(request, ledger, job_id):
    job = job_get(user=request.user, job_id=job_id)
    if job.ledger != ledger:
        raise Http404("没有找到该导入")
    return job


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _base(ledger):
    importer, back, nav = _ledger(ledger)
    return {
        "ledger": ledger,
        "label": importer.label,
        "back": reverse(back),
        "columns": importer.columns,
        "nav": nav,
    }


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request, ledger):
    placement = require_write(request.user)
    context = {**_base(ledger), "placement": placement, "default_org": ""}
    if request.method == "POST":
        upload = request.FILES.get("file")
        org_name = (request.POST.get("org") or "").strip()
        context["default_org"] = org_name
        error, org = None, None
        if org_name:
            org = find_org_by_name(request.user, org_name)
            if org is None:
                error = f"在您管辖的范围内没有找到“{org_name}”。"
        if upload is None:
            error = "请选择要导入的文件（.xlsx、.xls 或 .csv）。"
        elif not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            error = f"文件“{upload.name}”不是 Excel 表格或 CSV 文件，请上传 .xlsx、.xls 或 .csv。"
        if error:
            context["error"] = error
            return render(request, "honors/import.html", context, status=400)
        job = job_create(
            user=request.user, ledger=ledger, filename=upload.name, data=upload.read(), org=org
        )
        job_start(job, commit=False)
        return redirect("honors:import_preview", ledger=ledger, job_id=job.id)
    return render(request, "honors/import.html", context)


@login_required
@require_GET
def ledger_import_template(request, ledger):
    require_placement(request.user)
    importer = _ledger(ledger)[0]
    return _xlsx(importer.template(), f"{importer.label}导入模板.xlsx")


def _preview_context(ledger, job):
    result = job.outcome()
    context = {**_base(ledger), "job": job, "result": result, "shown": SHOWN_ROWS}
    if result is not None:
        context["created_rows"] = [p for p in result.preview if p["action"] == "create"][
            :SHOWN_ROWS
        ]
        context["updated_rows"] = [p for p in result.preview if p["action"] == "update"][
            :SHOWN_ROWS
        ]
        context["errors"] = result.errors[:SHOWN_ROWS]
        context["preview_columns"] = [c.header for c in context["columns"]]
    return context


@login_required
@require_GET
def ledger_import_preview(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    return render(request, "honors/import_preview.html", _preview_context(ledger, job))


@login_required
@require_GET
def ledger_import_progress(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    if not job.running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "honors/import_preview.html#progress", {**_base(ledger), "job": job})


@login_required
@require_POST
def ledger_import_commit(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    if job.state != CHECKED:
        messages.warning(request, "该文件不在待确认状态，不能导入。")
        return redirect("honors:import_preview", ledger=ledger, job_id=job.id)
    job_start(job, commit=True)
    if job.state == COMMITTED:
        result = job.outcome()
        messages.success(
            request,
            f"已导入 {job.filename}：新增 {result.created} 行，更新 {result.updated} 行"
            + (f"，{result.rejected} 行未通过检查未导入" if result.rejected else "")
            + "。",
        )
    return redirect("honors:import_preview", ledger=ledger, job_id=job.id)


@login_required
@require_POST
def ledger_import_cancel(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    if job.running:
        messages.warning(request, "正在处理中，请稍候再取消。")
        return redirect("honors:import_preview", ledger=ledger, job_id=job.id)
    if job.state != COMMITTED:
        messages.info(request, f"已取消导入 {job.filename}，没有写入任何数据。")
    job_delete(job)
    return redirect("honors:import", ledger=ledger)


@login_required
@require_GET
def ledger_import_errors(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    result = job.outcome()
    if result is None:
        messages.warning(request, "该文件尚未检查完毕。")
        return redirect("honors:import_preview", ledger=ledger, job_id=job.id)
    stem = job.filename.rsplit(".", 1)[0]
    return _xlsx(result.error_workbook(), f"{stem}-未通过的行.xlsx")
