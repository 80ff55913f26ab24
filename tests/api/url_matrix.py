"""The API answers 401 (not a redirect to the sign-in page) to anonymous callers.

The matrix signs in through the session, which the API accepts as well as bearer tokens; the token
path is covered in tests/api/test_auth.py. POSTs here carry an empty form body, so writers get the
API's "cannot read the body" answer (the import gets a real file) while readers are refused before
the body is read.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_member
from tests.url_rows import ROLES, Row


def api_read(status=200) -> dict:
    return {r: (401 if r == "anonymous" else status) for r in ROLES}


def api_write(writers) -> dict:
    return {
        "anonymous": 401,
        "chair_b": writers,
        "viewer": 403,
        "approver": 403,
        "chair_a": writers,
        "clerk": writers,
    }


def _roster_file(w):
    # A check (no commit) of a one-row roster naming union_a: chair_b gets the row rejected
    # (unknown union in their subtree) but the request itself succeeds.
    csv = "姓名,公民身份号码,所在工会,入会日期\n张三,320102199003070017,桥涯村,2020-01-01\n"
    return {"file": SimpleUploadedFile("名册.csv", csv.encode("utf-8"))}


def _member_of_a(w):
    return {"member_id": make_member(w.union_a, "李四").pk}


ROWS = [
    # The OpenAPI description and its docs page are public (no data in them).
    Row("api:openapi-json", expect={r: 200 for r in ROLES}),
    Row("api:openapi-view", expect={r: 200 for r in ROLES}),
    Row("api:api-root", expect={r: 404 for r in ROLES}),
    Row("api:me", expect=api_read()),
    Row("api:orgs", expect=api_read()),
    Row("api:members", expect=api_read()),
    Row("api:members", method="post", expect=api_write(400), note="body is not JSON"),
    Row(
        "api:member",
        kwargs=_member_of_a,
        expect={
            "anonymous": 401,
            "chair_b": 404,
            "viewer": 200,
            "approver": 200,
            "chair_a": 200,
            "clerk": 200,
        },
    ),
    Row("api:members_import", method="post", data=_roster_file, expect=api_write(200)),
]
