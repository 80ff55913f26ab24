"""Web imports of the 劳模, 活动 and 信息宣传 ledgers: upload → check (preview) → commit or cancel,
through core.import_jobs like the roster. One set of pages, keyed by the ledger's name."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.import_jobs import job_create, job_get, job_start
from gonghui.core.import_views import (
    PREVIEW_TEMPLATE,
    cancel_job,
    commit_job,
    errors_response,
    preview_context,
    progress_response,
    step_urls,
    upload_error,
    xlsx_response,
)
from gonghui.orgs.access import find_org_by_name, require_placement, require_write


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


def _base(ledger):
    importer, back, nav = _ledger(ledger)
    return {
        "ledger": ledger,
        "label": importer.label,
        "back": reverse(back),
        "crumbs": [(reverse(back), importer.label)],
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
        error = upload_error(upload) or error
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
    return xlsx_response(importer.template(), f"{importer.label}导入模板.xlsx")


def _preview_context(ledger, job):
    return {
        **_base(ledger),
        **preview_context(job, columns=_ledger(ledger)[0].columns),
        "steps": step_urls("honors:import", [ledger], job),
    }


@login_required
@require_GET
def ledger_import_preview(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    return render(request, PREVIEW_TEMPLATE, _preview_context(ledger, job))


@login_required
@require_GET
def ledger_import_progress(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    return progress_response(request, job, _preview_context(ledger, job))


@login_required
@require_POST
def ledger_import_commit(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    commit_job(request, job)
    return redirect("honors:import_preview", ledger=ledger, job_id=job.id)


@login_required
@require_POST
def ledger_import_cancel(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    if not cancel_job(request, job):
        return redirect("honors:import_preview", ledger=ledger, job_id=job.id)
    return redirect("honors:import", ledger=ledger)


@login_required
@require_GET
def ledger_import_errors(request, ledger, job_id):
    require_write(request.user)
    job = _job(request, ledger, job_id)
    return errors_response(request, job) or redirect(
        "honors:import_preview", ledger=ledger, job_id=job.id
    )
