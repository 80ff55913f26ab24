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
