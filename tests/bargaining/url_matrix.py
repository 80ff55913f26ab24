import datetime as dt

from gonghui.bargaining.models import Agreement
from gonghui.bargaining.services import filing_record
from tests.bargaining.helpers import make_agreement
from tests.url_rows import Row, everyone, scoped_read, scoped_write


def _agreement_of_a(w):
    return make_agreement(
        union=w.union_a,
        employers=[w.employer_a],
        scope=Agreement.Scope.SINGLE,
        signed=dt.date(2026, 1, 15),
    )


def _pk(w):
    return {"pk": _agreement_of_a(w).pk}


def _filed_pk(w):
    agreement = _agreement_of_a(w)
    filing_record(
        by=w.clerk, agreement=agreement, filed=dt.date(2026, 1, 18), today=dt.date(2026, 1, 18)
    )
    return {"pk": agreement.pk}


def _single_for_a(w):
    w.employer_a.union = w.union_a
    w.employer_a.save()
    return {
        "title": "桥涯纺织2026年工资专项集体合同",
        "scope": "single",
        "topic": "wage",
        "union": "桥涯村工会",
        "employer_list": w.employer_a.credit_code,
        "signed": "2026-01-15",
        "starts": "2026-01-01",
        "ends": "2026-12-31",
        "vote_body": "congress",
        "vote_date": "2026-01-10",
        "vote_eligible": "30",
        "vote_present": "25",
        "vote_for": "20",
    }


# chair_b may open the blank form (a writer of their own union) but not renew union_a's agreement.
_writers_form = {**scoped_write(200), "chair_b": 200}
# chair_b's POST names 桥涯村工会, outside their subtree: the form comes back with the error.
_writers_post = {**scoped_write(302), "chair_b": 200}

ROWS = [
    Row("bargaining:list", expect=everyone()),
    Row("bargaining:list", query="?state=expiring&scope=single", expect=everyone()),
    Row("bargaining:create", expect=_writers_form),
    Row("bargaining:create", method="post", data=_single_for_a, expect=_writers_post),
    Row("bargaining:employer_search", query="?q=桥涯", expect=everyone()),
    Row("bargaining:reminders", expect=everyone()),
    Row("bargaining:figures", expect=everyone()),
    Row("bargaining:figures", query="?start=2026-01-01&end=2026-06-30", expect=everyone()),
    Row("bargaining:building", expect=everyone()),
    Row("bargaining:detail", kwargs=_pk, expect=scoped_read()),
    Row(
        "bargaining:file",
        kwargs=_pk,
        method="post",
        data={"filed": "2026-01-20"},
        expect=scoped_write(302),
    ),
    Row(
        "bargaining:decide",
        kwargs=_filed_pk,
        method="post",
        data={"outcome": "approved", "decided": "2026-01-25"},
        expect=scoped_write(302),
    ),
]


def _api_read(status=200) -> dict:
    from tests.url_rows import ROLES

    return {r: (401 if r == "anonymous" else status) for r in ROLES}


def _api_write(writers) -> dict:
    return {
        "anonymous": 401,
        "chair_b": writers,
        "viewer": 403,
        "approver": 403,
        "chair_a": writers,
        "clerk": writers,
    }


def _agreements_csv(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        "合同名称,签订形式,合同类别,工会方,企业名称,签订日期,起始日期,终止日期,应到人数,实到人数,同意人数\n"
        "桥涯纺织合同,单独签订,工资专项,桥涯村,桥涯纺织有限公司,2026-01-15,2026-01-01,2026-12-31,30,25,20\n"
    )
    return {"file": SimpleUploadedFile("合同.csv", csv.encode("utf-8"))}


def _employers_csv(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "单位名称,统一社会信用代码,职工人数,所在区域\n新厂,,10,桥涯村\n"
    return {"file": SimpleUploadedFile("单位.csv", csv.encode("utf-8"))}


ROWS += [
    Row("api:agreements", expect=_api_read()),
    Row("api:agreements", method="post", expect=_api_write(400), note="body is not JSON"),
    Row(
        "api:agreement",
        kwargs=lambda w: {"agreement_id": _agreement_of_a(w).pk},
        expect={**_api_read(), "chair_b": 404},
    ),
    Row(
        "api:agreement_filing",
        kwargs=lambda w: {"agreement_id": _agreement_of_a(w).pk},
        method="post",
        expect=_api_write(400),
        note="body is not JSON",
    ),
    Row(
        "api:agreement_review",
        kwargs=lambda w: {"agreement_id": _agreement_of_a(w).pk},
        method="post",
        expect=_api_write(400),
        note="body is not JSON",
    ),
    Row("api:bargaining_figures", expect=_api_read()),
    Row("api:bargaining_reminders", expect=_api_read()),
    Row("api:agreements_import", method="post", data=_agreements_csv, expect=_api_write(200)),
    Row("api:employers_import", method="post", data=_employers_csv, expect=_api_write(200)),
]


def _agreements_upload(w):
    data = _agreements_csv(w)
    return {"ledger": "agreements", **data}


ROWS += [
    Row("bargaining:import", expect={**scoped_write(200), "chair_b": 200}),
    Row(
        "bargaining:import",
        method="post",
        data=_agreements_upload,
        expect={**scoped_write(200), "chair_b": 200},
        note="a check only; chair_b's row is rejected (union outside their subtree)",
    ),
    Row("bargaining:export", kwargs=lambda w: {"ledger": "agreements"}, expect=everyone()),
    Row("bargaining:export", kwargs=lambda w: {"ledger": "employers"}, expect=everyone()),
]
