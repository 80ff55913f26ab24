import datetime as dt

from gonghui.honors import services
from tests.factories import make_id_number
from tests.honors.helpers import make_worker
from tests.url_rows import ROLES, Row, everyone, scoped_read, scoped_write


def _worker_a(w):
    return {"pk": make_worker(w).pk}


def _honour_a(w):
    worker = make_worker(w)
    return {"pk": worker.pk, "honour_pk": worker.honours.get().pk}


def _submitted_a(w):
    worker = make_worker(w)
    services.filing_checklist_update(
        by=w.clerk,
        worker=worker,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=True,
    )
    services.filing_submit(by=w.clerk, worker=worker, on=dt.date(2026, 6, 1))
    return {"pk": worker.pk}


def _complete_a(w):
    worker = make_worker(w)
    services.filing_checklist_update(
        by=w.clerk,
        worker=worker,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=True,
    )
    return {"pk": worker.pk}


_create_page = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}

# The upper federation's approver (and federation staff) decide; chairs and viewers may not.
_decide = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 302,
    "chair_a": 403,
    "clerk": 302,
}

ROWS = [
    Row("honors:list", expect=everyone()),
    Row("honors:list", query="?level=provincial&due=1", expect=everyone()),
    Row("honors:create", expect=_create_page),
    Row("honors:export", expect=everyone()),
    Row("honors:detail", kwargs=_worker_a, expect=scoped_read()),
    Row("honors:edit", kwargs=_worker_a, expect=scoped_write(200)),
    Row(
        "honors:edit",
        method="post",
        kwargs=_worker_a,
        data={"category": "male", "org": "", "note": "x"},
        expect=scoped_write(200),
        note="org missing: the form comes back with its error",
    ),
    Row(
        "honors:honour_add",
        method="post",
        kwargs=_worker_a,
        data={"level": "national", "title": "全国劳动模范", "year": "2020"},
        expect=scoped_write(),
    ),
    Row(
        "honors:honour_revoke",
        method="post",
        kwargs=_honour_a,
        data={"on": "2026-01-05"},
        expect=scoped_write(),
    ),
    Row(
        "honors:check_add",
        method="post",
        kwargs=_worker_a,
        data={"year": "2026", "still_held": "on", "checked_on": "2026-03-01"},
        expect=scoped_write(),
    ),
    Row(
        "honors:filing_checklist",
        method="post",
        kwargs=_worker_a,
        data={"has_certificate": "on"},
        expect=scoped_write(),
    ),
    Row(
        "honors:filing_submit",
        method="post",
        kwargs=_complete_a,
        data={"on": "2026-06-01", "to": "总工会劳模办"},
        expect=scoped_write(),
    ),
    Row(
        "honors:filing_approve",
        method="post",
        kwargs=_submitted_a,
        data={"on": "2026-06-10"},
        expect=_decide,
    ),
    Row(
        "honors:filing_return",
        method="post",
        kwargs=_submitted_a,
        data={"note": "缺盖章"},
        expect=_decide,
    ),
    Row(
        "honors:care_add",
        method="post",
        kwargs=_worker_a,
        data={"kind": "visit", "date": "2026-02-01", "amount": "500"},
        expect=scoped_write(),
    ),
]


def _api(status=200):
    return {r: (401 if r == "anonymous" else status) for r in ROLES}


def _api_write(writers=400):
    # POSTs here carry a form body: writers get "not JSON" (400), readers 403 before it is read.
    return {
        "anonymous": 401,
        "chair_b": writers,
        "viewer": 403,
        "approver": 403,
        "chair_a": writers,
        "clerk": writers,
    }


_api_scoped = {
    "anonymous": 401,
    "chair_b": 404,
    "viewer": 200,
    "approver": 200,
    "chair_a": 200,
    "clerk": 200,
}

ROWS += [
    Row("api:retirement", query="?category=male&birth=1965-05", expect=_api()),
    Row("api:modelworkers", expect=_api()),
    Row("api:modelworkers", query="?due=true&level=provincial", expect=_api()),
    Row("api:modelworkers", method="post", expect=_api_write()),
    Row("api:modelworker", kwargs=_worker_a, expect=_api_scoped),
    Row("api:modelworker_figures", query="?from=2026-01-01&to=2026-06-30", expect=_api()),
]


# Web imports (views_import.py): writers only; a checked import belongs to its uploader alone.
MW_CSV = "姓名,身份证号,退休类别,劳模级别,荣誉称号,授予年份,所在工会\n"


def _mw_csv():
    return MW_CSV + f"李建国,{make_id_number()},男职工,省部级,省劳动模范,2015,桥涯村工会\n"


def _clerk_import(w):
    from gonghui.core.import_jobs import job_create, job_start

    job = job_create(
        user=w.clerk, ledger="modelworkers", filename="劳模.csv", data=_mw_csv().encode()
    )
    job_start(job, commit=False)
    return {"ledger": "modelworkers", "job_id": job.id}


def _upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("劳模.csv", _mw_csv().encode(), "text/csv")}


_writers_anywhere = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}
_own_import = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 403,
    "chair_a": 404,
    "clerk": 200,
}

ROWS += [
    *(
        Row("honors:import", kwargs=lambda w, name=name: {"ledger": name}, expect=_writers_anywhere)
        for name in ("modelworkers", "activities", "articles")
    ),
    Row(
        "honors:import",
        method="post",
        kwargs=lambda w: {"ledger": "modelworkers"},
        data=_upload,
        expect={**_writers_anywhere, "chair_b": 302, "chair_a": 302, "clerk": 302},
    ),
    *(
        Row(
            "honors:import_template",
            kwargs=lambda w, name=name: {"ledger": name},
            expect=everyone(),
        )
        for name in ("modelworkers", "activities", "articles")
    ),
    Row("honors:import_preview", kwargs=_clerk_import, expect=_own_import),
    Row("honors:import_progress", kwargs=_clerk_import, expect=_own_import),
    Row("honors:import_errors", kwargs=_clerk_import, expect=_own_import),
    Row(
        "honors:import_commit",
        method="post",
        kwargs=_clerk_import,
        expect={**_own_import, "clerk": 302},
    ),
    Row(
        "honors:import_cancel",
        method="post",
        kwargs=_clerk_import,
        expect={**_own_import, "clerk": 302},
    ),
]
