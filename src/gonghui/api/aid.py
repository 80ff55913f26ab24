"""帮扶与送温暖 over the API: campaigns, applications (with their transitions, batch or single),
disbursements, visits and figures. Scoped as the pages are; writes go through
gonghui.assistance.services, and a refused step answers 409 with one reason per application."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import AuthorizationError, HttpError
from pydantic import Field

from gonghui.assistance import services as svc
from gonghui.assistance.models import Application, Campaign, Disbursement, Visit
from gonghui.assistance.rules import Category
from gonghui.assistance.selectors import aid_figures, to_json
from gonghui.core import idnumber
from gonghui.core.audit import record_create
from gonghui.core.dates import Period
from gonghui.members.models import Person
from gonghui.orgs.access import get_visible_org, placement_of

from . import schemas as s
from .auth import READ, WRITE
from .unmask import unmask_for

router = Router(tags=["帮扶与送温暖"])
CONFLICT = {409: s.ErrorOut}


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    org: str
    start: dt.date
    end: dt.date
    deadline: dt.date | None
    budget: Decimal
    recipients: str
    approval: str
    yearly_cap: Decimal | None


class CampaignIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["warmth", "study_aid", "illness_aid", "temporary", "custom"]
    start: dt.date
    end: dt.date
    deadline: dt.date | None = None
    budget: Decimal = Decimal("0")
    recipients: Literal["members", "residents"] = "residents"
    approval: Literal["organiser", "upper"] = "organiser"
    yearly_cap: Decimal | None = None


class ApplicationOut(Schema):
    id: int
    campaign: str
    name: str
    id_number: str
    org: str
    category: str
    household_size: int
    cash: Decimal
    goods: str
    goods_value: Decimal
    status: str
    status_label: str
    notice: int | None


class ApplicationIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    id_number: str
    org: int
    category: Literal[tuple(Category.values)]  # type: ignore[valid-type]
    household_size: int = Field(default=1, ge=1)
    cash: Decimal | None = None
    goods: str | None = None
    goods_value: Decimal | None = None
    reason: str = ""
    draft: bool = False


class TransitionIn(Schema):
    action: Literal[
        "submit",
        "review",
        "put_on_notice",
        "clear_notice",
        "report_up",
        "approve",
        "reject",
        "disqualify",
        "close",
    ]
    ids: list[int] = Field(min_length=1, max_length=5000)
    reason: str = ""
    visit_date: dt.date | None = None
    visitors: str = ""
    findings: str = ""
    starts: dt.date | None = None
    days: int | None = Field(default=None, ge=1, le=60)


class TransitionOut(Schema):
    count: int
    status: str
    notice: int | None = None
    public_url: str | None = None


class GoodsLineIn(Schema):
    item: str
    quantity: Decimal = Decimal("1")
    unit: str = "份"
    value: Decimal = Decimal("0")


class DisbursementIn(Schema):
    date: dt.date
    method: Literal["bank", "in_person"]
    cash: Decimal = Decimal("0")
    goods: list[GoodsLineIn] = []
    handled_by: str = ""
    receipt_signed: bool = False


class DisbursementOut(Schema):
    id: int
    application: int
    date: dt.date
    method: str
    cash: Decimal
    goods_value: Decimal
    receipt_signed: bool


class VisitIn(Schema):
    campaign: int | None = None
    date: dt.date
    kind: Literal["household", "elderly_home", "army_unit", "other"]
    place: str = Field(min_length=1, max_length=100)
    leaders: str = ""
    people_reached: int = Field(default=0, ge=0)
    cash: Decimal = Decimal("0")
    goods: str = ""
    goods_value: Decimal = Decimal("0")


class VisitOut(Schema):
    id: int
    campaign: int | None
    date: dt.date
    kind: str
    place: str
    people_reached: int
    cash: Decimal
    goods_value: Decimal


def _campaign(request, pk) -> Campaign:
    try:
        return Campaign.objects.visible_to(request.auth).select_related("org").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def _campaign_out(c: Campaign) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "org": c.org.name,
        "start": c.start,
        "end": c.end,
        "deadline": c.deadline,
        "budget": c.budget,
        "recipients": c.recipients,
        "approval": c.approval,
        "yearly_cap": c.yearly_cap,
    }


def _app_out(a: Application, unmask: bool) -> dict:
    return {
        "id": a.pk,
        "campaign": a.campaign.name,
        "name": a.person.name,
        "id_number": a.person.id_number if unmask else a.person.id_number_masked,
        "org": a.org.name,
        "category": a.category,
        "household_size": a.household_size,
        "cash": a.cash,
        "goods": a.goods,
        "goods_value": a.goods_value,
        "status": a.status,
        "status_label": a.get_status_display(),
        "notice": a.notice_id,
    }


def _refused(exc: svc.AidError):
    raise HttpError(409, "；".join(exc.messages[:50]))


@router.get(
    "/aid/campaigns",
    url_name="aid_campaigns",
    response={200: list[CampaignOut], **s.READ_ERRORS},
    auth=READ,
)
def list_campaigns(request: HttpRequest):
    return [
        _campaign_out(c) for c in Campaign.objects.visible_to(request.auth).select_related("org")
    ]


@router.post(
    "/aid/campaigns",
    url_name="aid_campaigns",
    response={201: CampaignOut, **s.WRITE_ERRORS, **CONFLICT},
    auth=WRITE,
)
def create_campaign(request: HttpRequest, payload: CampaignIn):
    placement = placement_of(request.auth)
    if placement.role != "staff":
        raise AuthorizationError(403, "只有工会工作人员可以创建帮扶活动")
    if payload.end < payload.start:
        raise HttpError(400, "结束日期不能早于开始日期")
    if Campaign.objects.filter(name=payload.name).exists():
        raise HttpError(409, f"已有名为“{payload.name}”的活动")
    with transaction.atomic():
        campaign = Campaign.objects.create(org=placement.org, **payload.dict())
        record_create(user=request.auth, instance=campaign, org=placement.org)
    return 201, _campaign_out(campaign)


@router.get(
    "/aid/campaigns/{pk}",
    url_name="aid_campaign",
    response={200: CampaignOut, **s.READ_ERRORS},
    auth=READ,
)
def get_campaign(request: HttpRequest, pk: int):
    return _campaign_out(_campaign(request, pk))


@router.get(
    "/aid/campaigns/{pk}/applications",
    url_name="aid_applications",
    response={200: list[ApplicationOut], **s.READ_ERRORS},
    auth=READ,
)
def list_applications(
    request: HttpRequest, pk: int, state: str = "", limit: int = 500, offset: int = 0
):
    campaign = _campaign(request, pk)
    apps = (
        Application.objects.visible_to(request.auth)
        .filter(campaign=campaign)
        .select_related("person", "org", "campaign")
        .order_by("org__path", "id")
    )
    if state:
        apps = apps.filter(status=state)
    page = list(apps[offset : offset + min(limit, 2000)])
    unmask = unmask_for(request, [a.person_id for a in page], listing=True)
    return [_app_out(a, unmask) for a in page]


@router.post(
    "/aid/campaigns/{pk}/applications",
    url_name="aid_applications",
    response={201: ApplicationOut, **s.WRITE_ERRORS, **CONFLICT},
    auth=WRITE,
)
def create_application(request: HttpRequest, pk: int, payload: ApplicationIn):
    campaign = _campaign(request, pk)
    org = get_visible_org(request.auth, payload.org)
    try:
        number = idnumber.parse(payload.id_number).value
    except idnumber.IdNumberError as exc:
        raise HttpError(400, str(exc)) from None
    try:
        with transaction.atomic():
            person = Person.objects.filter(id_number=number).first()
            if person is None:
                person = Person.objects.create(id_number=number, name=payload.name)
                record_create(user=request.auth, instance=person, org=org)
            app = svc.application_create(
                campaign=campaign,
                person=person,
                org=org,
                category=payload.category,
                by=request.auth,
                household_size=payload.household_size,
                cash=payload.cash,
                goods=payload.goods,
                goods_value=payload.goods_value,
                reason=payload.reason,
                submit=not payload.draft,
            )
    except svc.AidError as exc:
        _refused(exc)
    return 201, _app_out(app, unmask_for(request, [app.person_id]))


def _visible_apps(request, ids):
    apps = list(
        Application.objects.visible_to(request.auth)
        .filter(pk__in=ids)
        .select_related("person", "org", "campaign", "campaign__org")
    )
    if len(apps) != len(set(ids)):
        raise Http404
    return apps


@router.get(
    "/aid/applications/{pk}",
    url_name="aid_application",
    response={200: ApplicationOut, **s.READ_ERRORS},
    auth=READ,
)
def get_application(request: HttpRequest, pk: int):
    app = _visible_apps(request, [pk])[0]
    return _app_out(app, unmask_for(request, [app.person_id]))


@router.post(
    "/aid/transitions",
    url_name="aid_transition",
    response={200: TransitionOut, **s.WRITE_ERRORS, **CONFLICT},
    auth=WRITE,
)
def transition(request: HttpRequest, payload: TransitionIn):
    """Move one or many applications one step; all or nothing."""
    apps = _visible_apps(request, payload.ids)
    by = request.auth
    notice = None
    try:
        match payload.action:
            case "submit":
                svc.application_submit(applications=apps, by=by)
            case "review":
                if payload.visit_date is None:
                    raise svc.AidError("入户审核须填写走访日期")
                svc.application_review(
                    applications=apps,
                    by=by,
                    visit_date=payload.visit_date,
                    visitors=payload.visitors,
                    findings=payload.findings,
                )
            case "put_on_notice":
                campaigns = {a.campaign_id for a in apps}
                if len(campaigns) != 1:
                    raise svc.AidError("一次公示只能包含同一活动的申请")
                campaign = apps[0].campaign
                org = placement_of(by).org
                org = org if org.is_within(campaign.org) else campaign.org
                notice = svc.notice_publish(
                    campaign=campaign,
                    org=org,
                    applications=apps,
                    by=by,
                    starts=payload.starts,
                    days=payload.days,
                )
            case "clear_notice":
                svc.notice_clear(applications=apps, by=by)
            case "report_up":
                svc.application_report_up(applications=apps, by=by, note=payload.reason)
            case "approve":
                svc.application_approve(applications=apps, by=by, note=payload.reason)
            case "reject":
                svc.application_reject(applications=apps, by=by, reason=payload.reason)
            case "disqualify":
                svc.application_disqualify(applications=apps, by=by, reason=payload.reason)
            case "close":
                svc.application_close(applications=apps, by=by)
    except svc.AidError as exc:
        _refused(exc)
    return {
        "count": len(apps),
        "status": apps[0].status,
        "notice": notice.pk if notice else None,
        "public_url": request.build_absolute_uri(f"/public/aid/{notice.token}/")
        if notice
        else None,
    }


def _disbursement_out(d: Disbursement) -> dict:
    return {
        "id": d.pk,
        "application": d.application_id,
        "date": d.date,
        "method": d.method,
        "cash": d.cash,
        "goods_value": sum((g.value for g in d.goods_lines.all()), Decimal("0")),
        "receipt_signed": d.receipt_signed,
    }


@router.post(
    "/aid/applications/{pk}/disbursements",
    url_name="aid_disburse",
    response={201: DisbursementOut, **s.WRITE_ERRORS, **CONFLICT},
    auth=WRITE,
)
def create_disbursement(request: HttpRequest, pk: int, payload: DisbursementIn):
    app = _visible_apps(request, [pk])[0]
    try:
        d = svc.disbursement_record(
            application=app,
            by=request.auth,
            date=payload.date,
            method=payload.method,
            cash=payload.cash,
            goods_lines=[g.dict() for g in payload.goods],
            handled_by=payload.handled_by,
            receipt_signed=payload.receipt_signed,
        )
    except svc.AidError as exc:
        _refused(exc)
    return 201, _disbursement_out(d)


@router.get(
    "/aid/disbursements",
    url_name="aid_disbursements",
    response={200: list[DisbursementOut], **s.READ_ERRORS},
    auth=READ,
)
def list_disbursements(request: HttpRequest, campaign: int, limit: int = 500, offset: int = 0):
    _campaign(request, campaign)
    qs = (
        Disbursement.objects.visible_to(request.auth)
        .filter(application__campaign_id=campaign)
        .prefetch_related("goods_lines")
        .order_by("date", "id")
    )
    return [_disbursement_out(d) for d in qs[offset : offset + min(limit, 2000)]]


def _visit_out(v: Visit) -> dict:
    return {
        "id": v.pk,
        "campaign": v.campaign_id,
        "date": v.date,
        "kind": v.kind,
        "place": v.place,
        "people_reached": v.people_reached,
        "cash": v.cash,
        "goods_value": v.goods_value,
    }


@router.get(
    "/aid/visits", url_name="aid_visits", response={200: list[VisitOut], **s.READ_ERRORS}, auth=READ
)
def list_visits(request: HttpRequest, campaign: int | None = None):
    qs = Visit.objects.visible_to(request.auth)
    if campaign is not None:
        qs = qs.filter(campaign=_campaign(request, campaign))
    return [_visit_out(v) for v in qs[:2000]]


@router.post(
    "/aid/visits", url_name="aid_visits", response={201: VisitOut, **s.WRITE_ERRORS}, auth=WRITE
)
def create_visit(request: HttpRequest, payload: VisitIn):
    data = payload.dict()
    campaign_id = data.pop("campaign")
    campaign = _campaign(request, campaign_id) if campaign_id else None
    visit = svc.visit_record(
        by=request.auth, campaign=campaign, org=placement_of(request.auth).org, **data
    )
    return 201, _visit_out(visit)


class FiguresQuery(Schema):
    org: int | None = None
    campaign: int | None = None
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")


@router.get(
    "/aid/figures", url_name="aid_figures", response={200: dict, **s.READ_ERRORS}, auth=READ
)
def figures(request: HttpRequest, q: Query[FiguresQuery]):
    """The same numbers as the pages and `gonghui figures aid` (Decimals as strings)."""
    org = get_visible_org(request.auth, q.org) if q.org else placement_of(request.auth).org
    campaign = _campaign(request, q.campaign) if q.campaign else None
    period = None
    if q.date_from or q.date_to:
        last = q.date_to or dt.date.today()
        period = Period.inclusive(q.date_from or last.replace(month=1, day=1), last)
    return to_json(aid_figures(org=org, period=period, campaign=campaign))
