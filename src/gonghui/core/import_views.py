"""The shared steps of a web import page (upload → check → commit or cancel) over core.import_jobs.

An app's views stay thin: they load and check what is theirs (the ledger, the campaign, the
user's right to write) and hand the rest to these helpers. The preview page is
core/import_preview.html: it gets the step URLs from step_urls(), which assumes the app names its
URLs `<prefix>`, `<prefix>_preview`, `_progress`, `_commit`, `_cancel` and `_errors`:

    urls.py:   path("x/import/", v.x_import, name="import"),
               path("x/import/<str:job_id>/", v.x_import_preview, name="import_preview"), ...
    views.py:  context = {**preview_context(job, columns=Importer.columns),
                          "steps": step_urls("app:import", [], job)}
"""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRefresh

from .import_jobs import CHECKED, COMMITTED, job_delete, job_start

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SHOWN_ROWS = 200  # rows of each table on the preview page; the rest are in the downloads
PREVIEW_TEMPLATE = "core/import_preview.html"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def upload_error(upload) -> str | None:
    """Why an uploaded file cannot be checked, or None."""
    if upload is None:
        return "请选择要导入的文件（.xlsx、.xls 或 .csv）。"
    if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
        return f"文件“{upload.name}”不是 Excel 表格或 CSV 文件，请上传 .xlsx、.xls 或 .csv。"
    return None


def step_urls(prefix: str, args: list, job) -> dict:
    """The URLs of the upload page and of the job's steps, for core/import_preview.html."""
    urls = {"upload": reverse(prefix, args=args)}
    for step in ("preview", "progress", "commit", "cancel", "errors"):
        urls[step] = reverse(f"{prefix}_{step}", args=[*args, job.id])
    return urls


def preview_context(job, *, columns) -> dict:
    """The job and, once checked, the first SHOWN_ROWS new, updated and rejected rows."""
    result = job.outcome()
    context = {"job": job, "result": result, "shown": SHOWN_ROWS, "unit": "行"}
    if result is not None:
        context["created_rows"] = [p for p in result.preview if p["action"] == "create"][
            :SHOWN_ROWS
        ]
        context["updated_rows"] = [p for p in result.preview if p["action"] == "update"][
            :SHOWN_ROWS
        ]
        context["errors"] = result.errors[:SHOWN_ROWS]
        # The file's own columns (a row's cells hold those the file has), else all the ledger's.
        first = next(iter(result.preview), None)
        context["preview_columns"] = list(first["cells"]) if first else [c.header for c in columns]
    return context


def progress_response(request, job, context, template=PREVIEW_TEMPLATE) -> HttpResponse:
    """The progress bar fragment, polled by htmx; once the step is done, the page reloads."""
    if not job.running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, f"{template}#progress", {**context, "job": job})


def commit_job(request, job, *, unit: str = "行") -> None:
    """Write the checked job's accepted rows (one transaction, in the importer), with a message."""
    if job.state != CHECKED:
        messages.warning(request, "该文件不在待确认状态，不能导入。")
        return
    job_start(job, commit=True)
    if job.state == COMMITTED:
        result = job.outcome()
        messages.success(
            request,
            f"已导入 {job.filename}：新增 {result.created} {unit}，更新 {result.updated} {unit}"
            + (f"，{result.rejected} 行未通过检查未导入" if result.rejected else "")
            + "。",
        )


def cancel_job(request, job) -> bool:
    """Forget the job and its file; False (and a message) while a step is still running."""
    if job.running:
        messages.warning(request, "正在处理中，请稍候再取消。")
        return False
    if job.state != COMMITTED:
        messages.info(request, f"已取消导入 {job.filename}，没有写入任何数据。")
    job_delete(job)
    return True


def errors_response(request, job) -> HttpResponse | None:
    """The rejected rows as .xlsx with a 错误原因 column; None (and a message) before the check."""
    result = job.outcome()
    if result is None:
        messages.warning(request, "该文件尚未检查完毕。")
        return None
    stem = job.filename.rsplit(".", 1)[0]
    return xlsx_response(result.error_workbook(), f"{stem}-未通过的行.xlsx")
