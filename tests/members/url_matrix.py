from tests.factories import make_member
from tests.url_rows import Row, everyone, scoped_read, scoped_write


def _person_a(w):
    return {"pk": make_member(w.union_a, "王小红", mobile="13812345678").person_id}


def _membership_a(w):
    return {"pk": make_member(w.union_a, "王小红").pk}


_writers_anywhere = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}

_add_post = {
    "org": "桥涯村工会",
    "id_number": "320102199003070017",
    "name": "赵六",
    "joined": "2024-05-01",
    "mobile": "13900001111",
}

ROWS = [
    Row("members:list", expect=everyone()),
    Row("members:list", query="?q=王&sex=F&age=36-45&status=all&per_page=10", expect=everyone()),
    Row("members:list", query=lambda w: f"?org={w.union_a.pk}", expect=scoped_read()),
    Row("members:detail", kwargs=_person_a, expect=scoped_read()),
    # Full ID numbers only for the roles in settings.UNMASK_ROLES (staff, chair), each display logged.
    Row(
        "members:reveal",
        method="post",
        kwargs=_person_a,
        expect={**scoped_write(200)},
    ),
    Row("members:add", expect=_writers_anywhere),
    Row(
        "members:add",
        query=lambda w: f"?org={w.union_a.pk}",
        expect={**_writers_anywhere, "chair_b": 404},
    ),
    # A chair always enrols into their own union (chair_b's member lands in union_b).
    Row(
        "members:add",
        method="post",
        data=_add_post,
        expect={**_writers_anywhere, "chair_b": 302, "chair_a": 302, "clerk": 302},
    ),
    Row("members:edit", kwargs=_person_a, expect=scoped_write(200)),
    Row(
        "members:edit",
        method="post",
        kwargs=_person_a,
        data={"name": "王小红", "mobile": "13812345679", "education": "大学本科"},
        expect=scoped_write(302),
    ),
    Row("members:transfer", kwargs=_membership_a, expect=scoped_write(200)),
    # Staff may move a member to any union; chair_a sees no union but their own: the form refuses (200).
    Row(
        "members:transfer",
        method="post",
        kwargs=_membership_a,
        data={"to_org": "杭坑村工会", "date": "2025-03-01"},
        expect={**scoped_write(302), "chair_a": 200},
    ),
    Row("members:leave", kwargs=_membership_a, expect=scoped_write(200)),
    Row(
        "members:leave",
        method="post",
        kwargs=_membership_a,
        data={"status": "left", "date": "2025-03-01"},
        expect=scoped_write(302),
    ),
]


# The roster import (views_import.py): writers only; a checked import belongs to its uploader alone.
def _clerk_import(w):
    from gonghui.core.import_jobs import job_create, job_start

    data = "姓名,身份证号,工会,入会日期\n张三,320102199003070017,桥涯村,2019-03-05\n".encode()
    job = job_create(user=w.clerk, ledger="members", filename="名册.csv", data=data)
    job_start(job, commit=False)
    return {"job_id": job.id}


def _upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "姓名,身份证号,入会日期\n张三,320102199003070017,2019-03-05\n".encode()
    return {"file": SimpleUploadedFile("名册.csv", data, "text/csv")}


_own_import = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 403,
    "chair_a": 404,
    "clerk": 200,
}

ROWS += [
    Row("members:import", expect=_writers_anywhere),
    Row(
        "members:import",
        method="post",
        data=_upload,
        expect={**_writers_anywhere, "chair_b": 302, "chair_a": 302, "clerk": 302},
    ),
    Row("members:import_template", expect=everyone()),
    Row("members:export", expect=everyone()),
    Row("members:export", query=lambda w: f"?org={w.union_a.pk}&status=all", expect=scoped_read()),
    Row("members:import_preview", kwargs=_clerk_import, expect=_own_import),
    Row("members:import_progress", kwargs=_clerk_import, expect=_own_import),
    Row("members:import_errors", kwargs=_clerk_import, expect=_own_import),
    Row(
        "members:import_commit",
        method="post",
        kwargs=_clerk_import,
        expect={**_own_import, "clerk": 302},
    ),
    Row(
        "members:import_cancel",
        method="post",
        kwargs=_clerk_import,
        expect={**_own_import, "clerk": 302},
    ),
]
