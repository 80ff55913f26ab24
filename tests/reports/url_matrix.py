from gonghui.core.dates import Period
from gonghui.reports.services import report_create
from tests.url_rows import Row, everyone


def _report_of_union_a(w):
    report = report_create(by=w.clerk, kind="annual", org=w.union_a, period=Period.year(2026))
    return {"pk": report.pk}


def _download(fmt):
    return lambda w: {**_report_of_union_a(w), "fmt": fmt}


READ = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 200,
    "approver": 200,
    "chair_a": 200,
    "clerk": 200,
}
WRITE = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 403,
    "approver": 403,
    "chair_a": 302,
    "clerk": 302,
}

ROWS = [
    Row("reports:list", expect=everyone()),
    Row(
        "reports:list",
        method="post",
        data={"kind": "annual", "org": "桥涯村工会", "year": 2026, "period": "year"},
        expect={
            "anonymous": "login",
            "chair_b": 200,
            "viewer": 403,
            "approver": 403,
            "chair_a": 302,
            "clerk": 302,
        },
        note="chair_b: the form answers that 桥涯村工会 is outside their scope",
    ),
    Row("reports:detail", kwargs=_report_of_union_a, expect=READ),
    Row(
        "reports:narrative",
        method="post",
        kwargs=_report_of_union_a,
        data={"shortcomings": "档案不全"},
        expect=WRITE,
    ),
    Row("reports:reopen", method="post", kwargs=_report_of_union_a, expect=WRITE),
    Row("reports:download", kwargs=_download("docx"), expect=READ),
    Row("reports:download", kwargs=_download("md"), expect=READ),
    Row("reports:dashboard", expect=everyone()),
    Row("reports:reminders", expect=everyone()),
]
