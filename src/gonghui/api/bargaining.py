"""工资集体协商 over the API: agreements (list, get, register, file, review outcome), reminders,
figures, and the employers/agreements imports. Scoped as the pages are; writes go through
gonghui.bargaining.services, so the rules (term, vote, filing clocks) answer 422 with reasons."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from gonghui.bargaining import selectors, services
from gonghui.bargaining.agreement_ledger import bargaining_figures
from gonghui.bargaining.models import Agreement
from gonghui.core.dates import Period
from gonghui.orgs.access import get_visible_org, placement_of
from gonghui.orgs.models import Employer

from . import schemas as s
from .auth import READ, WRITE

router = Router(tags=["工资集体协商"])

Scope = Literal["single", "industry", "regional"]
Topic = Literal["comprehensive", "wage", "women", "safety", "other"]


class EmployerRef(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    employees: int


class FilingOut(Schema):
    filed: dt.date
    late: bool
    review_deadline: dt.date
    deemed_effective_on: dt.date
    outcome: str
    decided: dt.date | None
    objection_text: str


class AgreementOut(Schema):
    id: int
    title: str
    scope: str
    topic: str
    union: str
    union_id: int
    employer: str | None
    industry: str
    signed: dt.date
    starts: dt.date
    ends: dt.date
    employers_count: int
    employees_covered: int
    renewal: bool
    renewal_of: int | None
    filing_due: dt.date
    status: str = Field(description="unfiled / overdue / reviewing / approved / objection / deemed")
    status_label: str
    filing: FilingOut | None


class AgreementDetailOut(AgreementOut):
    vote_body: str
    vote_date: dt.date
    vote_eligible: int
    vote_present: int
    vote_for: int
    employers: list[EmployerRef]


class AgreementPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[AgreementOut]


class AgreementFilters(Schema):
    scope: Scope | None = None
    topic: Topic | None = None
    signed_from: dt.date | None = None
    signed_to: dt.date | None = Field(default=None, description="含当天")
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class AgreementIn(Schema):
    title: str = Field(min_length=1, max_length=150)
    scope: Scope
    topic: Topic
    union: int = Field(description="工会方的组织编号")
    employers: list[str] = Field(
        min_length=1,
        max_length=10000,
        description="覆盖企业：编号、统一社会信用代码或全称；单独签订只列一家",
    )
    industry: str = ""
    employer_side: str = ""
    signed: dt.date
    starts: dt.date
    ends: dt.date
    employees_covered: int | None = Field(default=None, ge=0)
    vote_body: Literal["congress", "all_workers", "regional_congress"] = "congress"
    vote_date: dt.date
    vote_eligible: int = Field(ge=1)
    vote_present: int = Field(ge=0)
    vote_for: int = Field(ge=0)
    renewal_of: int | None = None
    renewal: bool = False
    note: str = ""


class FilingIn(Schema):
    filed: dt.date
    authority: str = ""


class ReviewIn(Schema):
    outcome: Literal["approved", "objection"]
    decided: dt.date
    objection_text: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _load(user, pk: int) -> Agreement:
    try:
        return (
            Agreement.objects.visible_to(user)
            .select_related("union", "employer", "filing")
            .annotate(n_employers=Count("coverages"))
            .get(pk=pk)
        )
    except Agreement.DoesNotExist:
        raise Http404("没有找到该集体合同") from None


def _filing(agreement: Agreement) -> dict | None:
    filing = agreement.filing_or_none()
    if filing is None:
        return None
    return {
        "filed": filing.filed,
        "late": filing.late,
        "review_deadline": filing.review_deadline,
        "deemed_effective_on": filing.deemed_effective_on,
        "outcome": filing.outcome,
        "decided": filing.decided,
        "objection_text": filing.objection_text,
    }


def _out(a: Agreement, today: dt.date) -> dict:
    status = a.review_status(today)
    return {
        "id": a.pk,
        "title": a.title,
        "scope": a.scope,
        "topic": a.topic,
        "union": a.union.name,
        "union_id": a.union_id,
        "employer": a.employer.name if a.employer else None,
        "industry": a.industry,
        "signed": a.signed,
        "starts": a.starts,
        "ends": a.ends,
        "employers_count": a.n_employers,
        "employees_covered": a.employees_covered,
        "renewal": a.renewal,
        "renewal_of": a.renewal_of_id,
        "filing_due": a.filing_due,
        "status": status,
        "status_label": Agreement.STATUS_LABELS[status],
        "filing": _filing(a),
    }


def _detail(a: Agreement) -> dict:
    employers = a.employers.order_by("name", "pk").values(
        "id", "name", "credit_code", "industry", "employees"
    )
    return {
        **_out(a, _today()),
        "vote_body": a.vote_body,
        "vote_date": a.vote_date,
        "vote_eligible": a.vote_eligible,
        "vote_present": a.vote_present,
        "vote_for": a.vote_for,
        "employers": list(employers),
    }


def _employers_for(user, refs: list[str]) -> list[Employer]:
    path = placement_of(user).org.path
    qs = Employer.objects.filter(Q(org__path__startswith=path) | Q(union__path__startswith=path))
    ids = [int(r) for r in refs if str(r).isdigit() and len(str(r)) < 12]
    by_id = {e.pk: e for e in qs.filter(pk__in=ids)}
    text = "\n".join(r for r in refs if not (str(r).isdigit() and len(str(r)) < 12))
    found, missing = services.employers_match(queryset=qs, text=text)
    missing += [r for r in refs if str(r).isdigit() and len(str(r)) < 12 and int(r) not in by_id]
    if missing:
        raise ValidationError({"employers": [f"没有找到这些企业：{'、'.join(missing[:20])}"]})
    return [*by_id.values(), *found]


@router.get(
    "/agreements",
    auth=READ,
    response={200: AgreementPage, **s.READ_ERRORS},
    url_name="agreements",
    summary="集体合同列表",
)
def agreement_list(request, filters: Query[AgreementFilters]):
    """Agreements whose union side is in your subtree, newest first, with their review status."""
    qs = Agreement.objects.visible_to(request.auth)
    if filters.scope:
        qs = qs.filter(scope=filters.scope)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.signed_from:
        qs = qs.filter(signed__gte=filters.signed_from)
    if filters.signed_to:
        qs = qs.filter(signed__lte=filters.signed_to)
    total = qs.count()
    rows = (
        qs.select_related("union", "employer", "filing")
        .annotate(n_employers=Count("coverages"))
        .order_by("-signed", "-pk")[filters.offset : filters.offset + filters.limit]
    )
    today = _today()
    return {
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_out(a, today) for a in rows],
    }


@router.get(
    "/agreements/{int:agreement_id}",
    auth=READ,
    response={200: AgreementDetailOut, **s.READ_ERRORS},
    url_name="agreement",
    summary="集体合同详情（含覆盖企业）",
)
def agreement_detail(request, agreement_id: int):
    return _detail(_load(request.auth, agreement_id))


@router.post(
    "/agreements",
    auth=WRITE,
    response={201: AgreementDetailOut, **s.WRITE_ERRORS},
    url_name="agreements",
    summary="登记集体合同（新签或续签）",
)
def agreement_create(request, payload: AgreementIn):
    """Term of one to three years; the vote needs two thirds present and more than half of all
    in favour; 行业性/区域性 list every employer they bind. Rule failures answer 422."""
    user = request.auth
    union = get_visible_org(user, payload.union)
    employers = _employers_for(user, payload.employers)
    renewal_of = _load(user, payload.renewal_of) if payload.renewal_of else None
    single = payload.scope == "single"
    if single and len(employers) != 1:
        raise ValidationError({"employers": ["单独签订的合同须且只能列一家企业"]})
    data = payload.model_dump(exclude={"union", "employers", "renewal_of"})
    agreement = services.agreement_register(
        by=user,
        union=union,
        employer=employers[0] if single else None,
        employers=[] if single else employers,
        renewal_of=renewal_of,
        **data,
    )
    return 201, _detail(_load(user, agreement.pk))


@router.post(
    "/agreements/{int:agreement_id}/filing",
    auth=WRITE,
    response={200: AgreementDetailOut, **s.WRITE_ERRORS},
    url_name="agreement_filing",
    summary="登记报送审查",
)
def agreement_file(request, agreement_id: int, payload: FilingIn):
    """Due 10 days after signing (wage agreements 7); without an objection within 15 days of
    filing the agreement is deemed effective (status "deemed")."""
    agreement = _load(request.auth, agreement_id)
    services.filing_record(
        by=request.auth, agreement=agreement, filed=payload.filed, authority=payload.authority
    )
    return _detail(_load(request.auth, agreement_id))


@router.post(
    "/agreements/{int:agreement_id}/review",
    auth=WRITE,
    response={200: AgreementDetailOut, **s.WRITE_ERRORS},
    url_name="agreement_review",
    summary="登记审查结果（审查通过或提出异议）",
)
def agreement_review(request, agreement_id: int, payload: ReviewIn):
    agreement = _load(request.auth, agreement_id)
    filing = agreement.filing_or_none()
    if filing is None:
        raise ValidationError({"filed": ["合同尚未报送，不能登记审查结果"]})
    services.filing_decide(by=request.auth, filing=filing, **payload.model_dump())
    return _detail(_load(request.auth, agreement_id))


class FiguresQuery(Schema):
    org: int | None = Field(default=None, description="组织编号，默认为您所在的组织")
    start: dt.date | None = None
    end: dt.date | None = Field(default=None, description="截止日期（含当天）")
    industry: str | None = None
    topic: Topic | None = None


@router.get(
    "/bargaining/figures",
    auth=READ,
    response={200: dict, **s.READ_ERRORS},
    url_name="bargaining_figures",
    summary="集体协商与建会入会统计（分子、分母和比率）",
)
def figures(request, q: Query[FiguresQuery]):
    """The same numbers as the figures page and `gonghui figures bargaining`: renewed, new,
    total, by scope and industry, coverage by employers and employees, 建制率, review rate,
    reminders and union building. Without dates: this year."""
    user = request.auth
    org = get_visible_org(user, q.org) if q.org else placement_of(user).org
    period = None
    if q.start or q.end:
        end = q.end or _today()
        start = q.start or end.replace(month=1, day=1)
        if end < start:
            raise HttpError(422, "截止日期早于起始日期")
        period = Period.inclusive(start, end)
    options = {"industry": q.industry or "", "topic": q.topic or ""}
    return bargaining_figures(user=user, org=org, period=period, options=options)


class ReminderAgreement(Schema):
    id: int
    title: str
    ends: dt.date | None = None
    signed: dt.date
    filing_due: dt.date | None = None


class RemindersOut(Schema):
    expiring: list[ReminderAgreement]
    filings_overdue: list[ReminderAgreement]
    employers_lapsed: int
    employers_without_wage_negotiation: int


@router.get(
    "/bargaining/reminders",
    auth=READ,
    response={200: RemindersOut, **s.READ_ERRORS},
    url_name="bargaining_reminders",
    summary="到期与报送提醒",
)
def reminders(request):
    org = placement_of(request.auth).org
    today = _today()
    counts = selectors.reminder_counts(org=org, today=today)
    return {
        "expiring": [
            {"id": a.pk, "title": a.title, "ends": a.ends, "signed": a.signed}
            for a in selectors.agreements_expiring(org=org, today=today)
        ],
        "filings_overdue": [
            {"id": a.pk, "title": a.title, "signed": a.signed, "filing_due": a.filing_due}
            for a in selectors.filings_overdue(org=org, today=today)
        ],
        "employers_lapsed": counts["employers_lapsed"],
        "employers_without_wage_negotiation": counts["employers_without_wage_negotiation"],
    }


def _import(request, ledger: str, file, commit: bool, org):
    from gonghui.core import ledgers
    from gonghui.core.sheets import SheetError

    user = request.auth
    target = get_visible_org(user, org) if org is not None else None
    source = file.temporary_file_path() if hasattr(file, "temporary_file_path") else file.read()
    try:
        result = ledgers.get(ledger).importer(
            user=user, source=source, filename=file.name or "upload", org=target, commit=commit
        )
    except SheetError as exc:
        raise HttpError(400, str(exc)) from None
    data = result.to_json()
    data.setdefault("committed", bool(commit))
    return data


@router.post(
    "/agreements/import",
    auth=WRITE,
    response={200: s.ImportResultOut, **s.WRITE_ERRORS},
    url_name="agreements_import",
    summary="导入集体合同台账（每行一家覆盖企业；先检查，再提交）",
)
def agreements_import(
    request, file: File[UploadedFile], commit: bool = False, org: Form[int | None] = None
):
    return _import(request, "agreements", file, commit, org)


@router.post(
    "/employers/import",
    auth=WRITE,
    response={200: s.ImportResultOut, **s.WRITE_ERRORS},
    url_name="employers_import",
    summary="导入用人单位台账（先检查，再提交）",
)
def employers_import(
    request, file: File[UploadedFile], commit: bool = False, org: Form[int | None] = None
):
    return _import(request, "employers", file, commit, org)
