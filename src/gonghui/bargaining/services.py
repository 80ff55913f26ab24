"""Workflows of the agreements ledger: register (新签/续签), file for review, record the outcome."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from gonghui.core import creditcode
from gonghui.core.audit import record_change, record_create, record_update, snapshot
from gonghui.core.models import ChangeRecord
from gonghui.orgs.models import Employer

from . import rules
from .models import Agreement, Coverage, Filing


def agreement_problems(
    *,
    scope: str,
    union,
    employer,
    employers,
    industry: str,
    signed: dt.date,
    starts: dt.date,
    ends: dt.date,
    vote_date: dt.date,
    vote_eligible: int,
    vote_present: int,
    vote_for: int,
    renewal_of=None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """Every reason the agreement cannot be registered, by field (empty when it can)."""
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if union is None:
        add("union", "请选择工会方")
    if scope == Agreement.Scope.SINGLE:
        if employer is None:
            add("employer", "单独签订的合同须选择企业方")
    elif scope in (Agreement.Scope.INDUSTRY, Agreement.Scope.REGIONAL):
        if employer is not None:
            add("employer", "行业性、区域性合同不填单个企业方，请在覆盖企业中列出")
        if not employers:
            add("employers", "行业性、区域性合同须列出覆盖的每一家企业")
        if scope == Agreement.Scope.INDUSTRY and not industry:
            add("industry", "行业性合同须填写行业")
    else:
        add("scope", "签订形式须为单独签订、行业性或区域性")
    if signed > today:
        add("signed", "签订日期不能晚于今天")
    if ends <= starts:
        add("ends", "终止日期须晚于起始日期")
    else:
        problem = rules.term_problem(starts, ends)
        if problem:
            add("ends", problem)
    if vote_date > signed:
        add("vote_date", "合同草案须先经职代会或全体职工审议通过，再由双方首席代表签字")
    for message in rules.vote_problems(
        eligible=vote_eligible, present=vote_present, in_favour=vote_for
    ):
        add("vote_for", message)
    if renewal_of is not None:
        if renewal_of.signed >= signed:
            add("renewal_of", "续签的合同须晚于被续签的合同签订")
        if Agreement.objects.filter(renewal_of=renewal_of).exists():
            add("renewal_of", f"“{renewal_of}”已经续签过")
    return problems


@transaction.atomic
def agreement_register(
    *,
    by,
    title: str,
    scope: str,
    topic: str,
    union,
    signed: dt.date,
    starts: dt.date,
    ends: dt.date,
    vote_body: str,
    vote_date: dt.date,
    vote_eligible: int,
    vote_present: int,
    vote_for: int,
    employer: Employer | None = None,
    employers=(),
    industry: str = "",
    employer_side: str = "",
    employees_covered: int | None = None,
    renewal_of: Agreement | None = None,
    renewal: bool = False,
    note: str = "",
    batch: str = "",
    today: dt.date | None = None,
) -> Agreement:
    """Register a signed agreement and every employer it binds; raise ValidationError if a rule fails."""
    employers = list(employers)
    if scope == Agreement.Scope.SINGLE and employer is not None:
        employers = [employer]
    problems = agreement_problems(
        scope=scope,
        union=union,
        employer=employer,
        employers=employers,
        industry=industry,
        signed=signed,
        starts=starts,
        ends=ends,
        vote_date=vote_date,
        vote_eligible=vote_eligible,
        vote_present=vote_present,
        vote_for=vote_for,
        renewal_of=renewal_of,
        today=today,
    )
    if problems:
        raise ValidationError(problems)
    employer_ids = sorted({e.pk for e in employers})
    if employees_covered is None:
        employees_covered = (
            Employer.objects.filter(pk__in=employer_ids).aggregate(n=Sum("employees"))["n"] or 0
        )
    agreement = Agreement.objects.create(
        title=title,
        scope=scope,
        topic=topic,
        union=union,
        employer=employer if scope == Agreement.Scope.SINGLE else None,
        employer_side=employer_side,
        industry=industry,
        signed=signed,
        starts=starts,
        ends=ends,
        employees_covered=employees_covered,
        vote_body=vote_body,
        vote_date=vote_date,
        vote_eligible=vote_eligible,
        vote_present=vote_present,
        vote_for=vote_for,
        renewal_of=renewal_of,
        renewal=renewal or renewal_of is not None,
        note=note,
    )
    Coverage.objects.bulk_create(
        [Coverage(agreement=agreement, employer_id=pk) for pk in employer_ids]
    )
    record_change(
        user=by,
        instance=agreement,
        action=ChangeRecord.Action.CREATE,
        after={**snapshot(agreement), "employers": employer_ids},
        org=union,
        batch=batch,
    )
    return agreement


@transaction.atomic
def filing_record(
    *, by, agreement: Agreement, filed: dt.date, authority: str = "", today=None
) -> Filing:
    """报送审查: record the day the agreement went to the labour authority."""
    today = today or timezone.localdate()
    if Filing.objects.filter(agreement=agreement).exists():
        raise ValidationError({"filed": "该合同已经报送，不能重复报送"})
    if filed < agreement.signed:
        raise ValidationError({"filed": "报送日期不能早于签订日期"})
    if filed > today:
        raise ValidationError({"filed": "报送日期不能晚于今天"})
    filing = Filing.objects.create(
        agreement=agreement, filed=filed, authority=authority or "人力资源和社会保障部门"
    )
    record_create(user=by, instance=filing, org=agreement.union)
    return filing


@transaction.atomic
def filing_decide(
    *,
    by,
    filing: Filing,
    outcome: str,
    decided: dt.date,
    objection_text: str = "",
    today=None,
) -> Filing:
    """Record the labour authority's answer: approved, or an objection with its text."""
    today = today or timezone.localdate()
    filing = Filing.objects.select_for_update().select_related("agreement").get(pk=filing.pk)
    if filing.outcome:
        raise ValidationError({"outcome": "审查结果已经登记"})
    if outcome not in (Filing.Outcome.APPROVED, Filing.Outcome.OBJECTION):
        raise ValidationError({"outcome": "审查结果须为审查通过或提出异议"})
    if decided < filing.filed:
        raise ValidationError({"decided": "答复日期不能早于报送日期"})
    if decided > today:
        raise ValidationError({"decided": "答复日期不能晚于今天"})
    objection_text = objection_text.strip()
    if outcome == Filing.Outcome.OBJECTION:
        if not objection_text:
            raise ValidationError({"objection_text": "提出异议时须填写审查意见"})
        if decided > filing.review_deadline:
            raise ValidationError(
                {
                    "decided": f"十五日审查期已于 {filing.review_deadline:%Y-%m-%d} 届满，"
                    "合同已视为生效，不能再登记异议"
                }
            )
    else:
        objection_text = ""
    before = snapshot(filing)
    filing.outcome = outcome
    filing.decided = decided
    filing.objection_text = objection_text
    filing.save(update_fields=["outcome", "decided", "objection_text"])
    record_update(user=by, instance=filing, before=before, org=filing.agreement.union)
    return filing


_SPLIT = re.compile(r"[\n\r,，;；、\t]+")


def employers_match(*, queryset, text: str) -> tuple[list[Employer], list[str]]:
    """Employers named in a pasted list (credit codes or full names, one per line or comma).

    Returns the employers found (in the order given, without repeats) and the entries not found.
    """
    entries = [e.strip() for e in _SPLIT.split(text or "") if e.strip()]
    if not entries:
        return [], []
    codes = {creditcode.clean(e) for e in entries}
    found = queryset.filter(Q(credit_code__in=codes) | Q(name__in=entries))
    by_code = {e.credit_code: e for e in found if e.credit_code}
    by_name: dict[str, Employer] = {}
    for e in found:
        by_name.setdefault(e.name, e)
    result, missing, seen = [], [], set()
    for entry in entries:
        employer = by_code.get(creditcode.clean(entry)) or by_name.get(entry)
        if employer is None:
            missing.append(entry)
        elif employer.pk not in seen:
            seen.add(employer.pk)
            result.append(employer)
    return result, missing
