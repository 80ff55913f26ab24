"""Importing and exporting the roster on the web: upload → check (preview) → commit or cancel.

Only writers (staff, chair) import, and only within their subtree (a chair: their own union).
Each step runs through core.import_jobs: inline for small files, in the background with a progress
bar for big ones.
"""

from django.contrib.auth.decorators import login_required
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
from gonghui.orgs.access import (
    find_org_by_name,
    get_visible_org,
    require_placement,
    require_write,
)
from gonghui.orgs.models import Organization

from .exports import import_template, roster_workbook
from .imports import MemberImport


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
        error = upload_error(upload) or error
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
    """The shared preview page (core/import_preview.html) with the roster's steps and names."""
    return {
        **preview_context(job, columns=MemberImport.columns),
        "steps": step_urls("members:import", [], job),
        "crumbs": [(reverse("members:list"), "会员名册")],
        "back": reverse("members:list"),
        "label": "会员名册",
        "unit": "人",
        "nav": "members",
    }


@login_required
@require_GET
def member_import_preview(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    return render(request, PREVIEW_TEMPLATE, _preview_context(job))


@login_required
@require_GET
def member_import_progress(request, job_id):
    """The progress bar fragment, polled by htmx; once the step is done, the page reloads."""
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    return progress_response(request, job, _preview_context(job))


@login_required
@require_POST
def member_import_commit(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    commit_job(request, job, unit="人")
    return redirect("members:import_preview", job_id=job.id)


@login_required
@require_POST
def member_import_cancel(request, job_id):
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    if not cancel_job(request, job):
        return redirect("members:import_preview", job_id=job.id)
    return redirect("members:import")


@login_required
@require_GET
def member_import_errors(request, job_id):
    """The rejected rows as .xlsx with a 错误原因 column, to fix and import again."""
    require_write(request.user)
    job = job_get(user=request.user, job_id=job_id)
    return errors_response(request, job) or redirect("members:import_preview", job_id=job.id)


@login_required
@require_GET
def member_import_template(request):
    require_placement(request.user)
    return xlsx_response(import_template(), "会员名册导入模板.xlsx")


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
    return xlsx_response(data, f"会员名册-{name}.xlsx")
