"""Importing a campaign's aid ledger (帮扶台账) on the web: upload → check (preview) → commit or cancel.

The same flow as the roster and the 劳模 ledgers (core.import_jobs, core.import_views): small files
are checked inline, big ones in the background with a progress bar. Only writers import; the
importer keeps every row within the user's subtree (a chair: their own union).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.import_jobs import COMMITTED, job_create, job_get, job_start
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
from gonghui.orgs.access import require_placement, require_write

from .ledger import AidImport
from .views import get_campaign

LEDGER = "aid"


def _base(campaign) -> dict:
    return {
        "campaign": campaign,
        "label": f"{campaign.name} 帮扶台账",
        "back": reverse("assistance:campaign", args=[campaign.pk]),
        "crumbs": [
            (reverse("assistance:campaigns"), "帮扶活动"),
            (reverse("assistance:campaign", args=[campaign.pk]), campaign.name),
        ],
        "columns": AidImport.columns,
        "nav": "aid",
    }


def _job(request, campaign, job_id):
    """The user's own aid import of this campaign, or 404."""
    job = job_get(user=request.user, job_id=job_id)
    if job.ledger != LEDGER or job.options.get("campaign_id") != campaign.pk:
        raise Http404("没有找到该导入")
    return job


def _preview_redirect(campaign, job):
    return redirect("assistance:import_preview", pk=campaign.pk, job_id=job.id)


def _job_context(campaign, job) -> dict:
    return {
        **_base(campaign),
        **preview_context(job, columns=AidImport.columns),
        "steps": step_urls("assistance:import", [campaign.pk], job),
        "unit": "户",
    }


@login_required
@require_http_methods(["GET", "POST"])
def aid_import(request, pk):
    placement = require_write(request.user)
    campaign = get_campaign(request.user, pk)
    context = {**_base(campaign), "placement": placement}
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = upload_error(upload)
        if error:
            context["error"] = error
            return render(request, "assistance/import.html", context, status=400)
        job = job_create(
            user=request.user,
            ledger=LEDGER,
            filename=upload.name,
            data=upload.read(),
            options={"campaign": campaign.name, "campaign_id": campaign.pk},
        )
        job_start(job, commit=False)
        return _preview_redirect(campaign, job)
    return render(request, "assistance/import.html", context)


@login_required
@require_GET
def aid_import_template(request, pk):
    require_placement(request.user)
    campaign = get_campaign(request.user, pk)
    return xlsx_response(AidImport.template(), f"{campaign.name}帮扶台账导入模板.xlsx")


@login_required
@require_GET
def aid_import_preview(request, pk, job_id):
    require_write(request.user)
    campaign = get_campaign(request.user, pk)
    job = _job(request, campaign, job_id)
    return render(request, PREVIEW_TEMPLATE, _job_context(campaign, job))


@login_required
@require_GET
def aid_import_progress(request, pk, job_id):
    require_write(request.user)
    campaign = get_campaign(request.user, pk)
    job = _job(request, campaign, job_id)
    return progress_response(request, job, _job_context(campaign, job))


@login_required
@require_POST
def aid_import_commit(request, pk, job_id):
    require_write(request.user)
    campaign = get_campaign(request.user, pk)
    job = _job(request, campaign, job_id)
    commit_job(request, job, unit="户")
    return _preview_redirect(campaign, job)


@login_required
@require_POST
def aid_import_cancel(request, pk, job_id):
    require_write(request.user)
    campaign = get_campaign(request.user, pk)
    job = _job(request, campaign, job_id)
    done = job.state == COMMITTED
    if not cancel_job(request, job):
        return _preview_redirect(campaign, job)
    return redirect("assistance:campaign" if done else "assistance:import", pk=campaign.pk)


@login_required
@require_GET
def aid_import_errors(request, pk, job_id):
    require_write(request.user)
    campaign = get_campaign(request.user, pk)
    job = _job(request, campaign, job_id)
    return errors_response(request, job) or _preview_redirect(campaign, job)
