"""Web imports of competition ledgers through core.import_jobs and core.import_views:
upload → check (preview) → commit or cancel, rejected rows as .xlsx.

- contestants of one competition (`<pk>/contest/import/…`): the organiser's staff;
- 职工技能等级提升 (`grades/import/…`): any writer, within their subtree.

One Flow per ledger says what is its own (who may, which importer, the pages around it); the
views below are the same six steps for both.
"""

from dataclasses import dataclass, field

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
from gonghui.orgs.access import find_org_by_name, require_placement, require_write

from ..access import get_competition, require_manage
from ..ledger import ContestantImport
from ..ledger_grades import GradeRiseImport


@dataclass
class Flow:
    ledger: str
    importer: type
    prefix: str  # URL name of the upload page; the steps are <prefix>_preview, …
    args: list
    label: str
    back: str
    crumbs: list
    options: dict = field(default_factory=dict)
    note: str = ""
    ask_org: bool = False
    unit: str = "行"

    def context(self) -> dict:
        return {
            "label": self.label,
            "back": self.back,
            "crumbs": self.crumbs,
            "columns": self.importer.columns,
            "note": self.note,
            "ask_org": self.ask_org,
            "template_url": reverse(f"{self.prefix}_template", args=self.args),
            "nav": "competitions",
        }


def _contestants(request, pk) -> Flow:
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    contest = reverse("competitions:contest", args=[comp.pk])
    return Flow(
        ledger="contestants",
        importer=ContestantImport,
        prefix="competitions:contestants_import",
        args=[comp.pk],
        label=f"{comp.name} 技能竞赛选手",
        back=contest,
        crumbs=[
            (reverse("competitions:list"), "劳动竞赛"),
            (comp.get_absolute_url(), comp.name),
            (contest, "技能竞赛"),
        ],
        options={"competition": comp.name, "competition_id": comp.pk},
        note=(
            "每名选手每个项目一行。参赛单位可填本竞赛的参赛单位，或主办工会范围内的企业、工会"
            "（将自动列为参赛单位）；竞赛项目不存在时自动添加（含“决赛”一轮）。"
            "填写决赛成绩的，记入最后一轮。同一文件再次导入不会重复登记。"
        ),
        unit="名",
    )


def _grades(request) -> Flow:
    back = reverse("competitions:grade_rises")
    return Flow(
        ledger="graderises",
        importer=GradeRiseImport,
        prefix="competitions:grades_import",
        args=[],
        label="职工技能等级提升",
        back=back,
        crumbs=[(reverse("competitions:list"), "劳动竞赛"), (back, "技能等级提升")],
        note=(
            "每人每个新等级一行；同一人提升到同一等级只登记一次，再次导入时按文件更新日期、"
            "工会和竞赛。系统中没有的人员按身份证号码和姓名新建。"
        ),
        ask_org=True,
        unit="人次",
    )


def _job(request, flow: Flow, job_id):
    job = job_get(user=request.user, job_id=job_id)
    if job.ledger != flow.ledger or job.options.get("competition_id") != flow.options.get(
        "competition_id"
    ):
        raise Http404("没有找到该导入")
    return job


def _preview_redirect(flow: Flow, job):
    return redirect(f"{flow.prefix}_preview", *flow.args, job.id)


def _job_context(flow: Flow, job) -> dict:
    return {
        **flow.context(),
        **preview_context(job, columns=flow.importer.columns),
        "steps": step_urls(flow.prefix, flow.args, job),
        "unit": flow.unit,
    }


def _upload(request, flow: Flow):
    placement = require_write(request.user)
    context = {**flow.context(), "placement": placement, "default_org": ""}
    if request.method == "POST":
        upload = request.FILES.get("file")
        org_name = (request.POST.get("org") or "").strip() if flow.ask_org else ""
        context["default_org"] = org_name
        org, error = None, None
        if org_name:
            org = find_org_by_name(request.user, org_name)
            if org is None:
                error = f"在您管辖的范围内没有找到“{org_name}”。"
        error = upload_error(upload) or error
        if error:
            context["error"] = error
            return render(request, "competitions/import.html", context, status=400)
        job = job_create(
            user=request.user,
            ledger=flow.ledger,
            filename=upload.name,
            data=upload.read(),
            org=org,
            options=flow.options,
        )
        job_start(job, commit=False)
        return _preview_redirect(flow, job)
    return render(request, "competitions/import.html", context)


def _template(request, flow: Flow):
    return xlsx_response(flow.importer.template(), f"{flow.label}导入模板.xlsx")


def _preview(request, flow: Flow, job_id):
    require_write(request.user)
    job = _job(request, flow, job_id)
    return render(request, PREVIEW_TEMPLATE, _job_context(flow, job))


def _progress(request, flow: Flow, job_id):
    require_write(request.user)
    job = _job(request, flow, job_id)
    return progress_response(request, job, _job_context(flow, job))


def _commit(request, flow: Flow, job_id):
    require_write(request.user)
    job = _job(request, flow, job_id)
    commit_job(request, job, unit=flow.unit)
    return _preview_redirect(flow, job)


def _cancel(request, flow: Flow, job_id):
    require_write(request.user)
    job = _job(request, flow, job_id)
    done = job.state == COMMITTED
    if not cancel_job(request, job):
        return _preview_redirect(flow, job)
    return redirect(flow.back) if done else redirect(flow.prefix, *flow.args)


def _errors(request, flow: Flow, job_id):
    require_write(request.user)
    job = _job(request, flow, job_id)
    return errors_response(request, job) or _preview_redirect(flow, job)


# -- contestants of one competition


@login_required
@require_http_methods(["GET", "POST"])
def contestants_import(request, pk):
    return _upload(request, _contestants(request, pk))


@login_required
@require_GET
def contestants_import_template(request, pk):
    return _template(request, _contestants(request, pk))


@login_required
@require_GET
def contestants_import_preview(request, pk, job_id):
    return _preview(request, _contestants(request, pk), job_id)


@login_required
@require_GET
def contestants_import_progress(request, pk, job_id):
    return _progress(request, _contestants(request, pk), job_id)


@login_required
@require_POST
def contestants_import_commit(request, pk, job_id):
    return _commit(request, _contestants(request, pk), job_id)


@login_required
@require_POST
def contestants_import_cancel(request, pk, job_id):
    return _cancel(request, _contestants(request, pk), job_id)


@login_required
@require_GET
def contestants_import_errors(request, pk, job_id):
    return _errors(request, _contestants(request, pk), job_id)


# -- 职工技能等级提升


@login_required
@require_http_methods(["GET", "POST"])
def grades_import(request):
    return _upload(request, _grades(request))


@login_required
@require_GET
def grades_import_template(request):
    require_placement(request.user)
    return _template(request, _grades(request))


@login_required
@require_GET
def grades_import_preview(request, job_id):
    return _preview(request, _grades(request), job_id)


@login_required
@require_GET
def grades_import_progress(request, job_id):
    return _progress(request, _grades(request), job_id)


@login_required
@require_POST
def grades_import_commit(request, job_id):
    return _commit(request, _grades(request), job_id)


@login_required
@require_POST
def grades_import_cancel(request, job_id):
    return _cancel(request, _grades(request), job_id)


@login_required
@require_GET
def grades_import_errors(request, job_id):
    return _errors(request, _grades(request), job_id)
