"""劳模 and activities over the API: model workers with their statutory retirement, reminders and
figures; events with results, trainings, articles and the activities figures. Scoped as the pages
are; writes go through gonghui.honors.services and gonghui.activities.services."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gonghui.activities import selectors as act
from gonghui.activities import services as act_svc
from gonghui.activities.models import Article, Event, Outlet
from gonghui.core import idnumber
from gonghui.core.dates import Period
from gonghui.core.retirement import statutory_retirement
from gonghui.honors import selectors as hon
from gonghui.honors import services as hon_svc
from gonghui.honors.models import ModelWorker
from gonghui.orgs.access import get_visible_org, placement_of
from gonghui.orgs.models import Employer

from . import schemas as s
from .auth import READ, WRITE
from .unmask import unmask_for

router = Router(tags=["劳模与文体活动"])

CategoryName = Literal["male", "female55", "female50"]
LevelName = Literal["national", "provincial", "city"]


def _org(request, org_id):
    return get_visible_org(request.auth, org_id) if org_id else placement_of(request.auth).org


def _period(date_from, date_to) -> Period | None:
    if not (date_from or date_to):
        return None
    last = date_to or dt.date.today()
    return Period.inclusive(date_from or last.replace(month=1, day=1), last)


def _plain(value):
    """Decimals as strings and dates as ISO text, as the other figures endpoints answer."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ---- statutory retirement (RULES.md §1) ------------------------------------------------------


class RetirementOut(Schema):
    category: str
    birth: str = Field(description="出生年月 YYYY-MM")
    delay_months: int = Field(description="延迟月数")
    age: str = Field(description="法定退休年龄，如 60岁2个月")
    retire: str = Field(description="法定退休时间 YYYY-MM")


class RetirementQuery(Schema):
    category: CategoryName
    birth: str = Field(pattern=r"^\d{4}-\d{1,2}$", description="出生年月，如 1965-05")


@router.get(
    "/retirement",
    url_name="retirement",
    response={200: RetirementOut, **s.READ_ERRORS},
    auth=READ,
)
def retirement(request: HttpRequest, q: Query[RetirementQuery]):
    """法定退休时间计算（渐进式延迟法定退休年龄）：类别须明确给出，不按性别推算。"""
    year, month = (int(x) for x in q.birth.split("-"))
    if not 1 <= month <= 12:
        raise HttpError(422, "出生月份应为 1 到 12")
    r = statutory_retirement(q.category, year, month)
    return {
        "category": q.category,
        "birth": f"{year:04d}-{month:02d}",
        "delay_months": r.delay_months,
        "age": r.age_label,
        "retire": str(r),
    }


# ---- model workers ---------------------------------------------------------------------------


class HonourOut(Schema):
    level: str
    title: str
    year: int
    status: str


class ModelWorkerOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="有权查看的角色返回完整号码，否则为脱敏号码")
    category: str
    org: str
    employer: str | None
    statutory_retirement: str = Field(description="法定退休时间 YYYY-MM")
    retirement_age: str
    reminder: str = Field(description="later / due（即将到龄）/ reached（已到龄）/ filed（已申报）")
    filing: str | None = Field(description="到龄退休申报状态")
    monthly_allowance: Decimal | None = Field(description="荣誉津贴（元/月，只计最高一档）")
    honours: list[HonourOut]


def _worker_out(worker: ModelWorker, *, unmask: bool, today: dt.date) -> dict:
    retirement = worker.retirement()
    filing = getattr(worker, "filing", None)
    return {
        "id": worker.pk,
        "name": worker.person.name,
        "id_number": worker.person.id_number if unmask else worker.person.id_number_masked,
        "category": worker.category,
        "org": worker.org.name,
        "employer": worker.employer.name if worker.employer else None,
        "statutory_retirement": str(retirement),
        "retirement_age": retirement.age_label,
        "reminder": worker.reminder_state(today),
        "filing": filing.state if filing else None,
        "monthly_allowance": worker.monthly_allowance(),
        "honours": [
            {"level": h.level, "title": h.title, "year": h.year, "status": h.status}
            for h in worker.honours.all()
        ],
    }


class WorkerFilters(Schema):
    org: int | None = None
    level: LevelName | None = None
    due: bool = Field(default=False, description="只列到龄或即将到龄、尚未申报的劳模")


@router.get(
    "/modelworkers",
    url_name="modelworkers",
    response={200: list[ModelWorkerOut], **s.READ_ERRORS},
    auth=READ,
)
def modelworker_list(request: HttpRequest, f: Query[WorkerFilters]):
    today = dt.date.today()
    workers = hon.modelworker_list(
        org=_org(request, f.org), level=f.level or "", due_only=f.due, today=today
    )
    workers = list(workers[:1000])
    unmask = unmask_for(request, [w.person_id for w in workers], listing=True)
    return [_worker_out(w, unmask=unmask, today=today) for w in workers]


@router.get(
    "/modelworkers/{pk}",
    url_name="modelworker",
    response={200: ModelWorkerOut, **s.READ_ERRORS},
    auth=READ,
)
def modelworker_get(request: HttpRequest, pk: int):
    worker = (
        ModelWorker.objects.visible_to(request.auth)
        .select_related("person", "org", "employer", "filing")
        .prefetch_related("honours")
        .filter(pk=pk)
        .first()
    )
    if worker is None:
        raise Http404("没有找到该劳模")
    unmask = unmask_for(request, [worker.person_id])
    return _worker_out(worker, unmask=unmask, today=dt.date.today())


class ModelWorkerIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    id_number: str
    category: CategoryName = Field(description="退休类别：按岗位确定，不按性别推算")
    org: int = Field(description="管理工会的编号")
    employer: int | None = None
    level: LevelName
    title: str = Field(min_length=1, max_length=60)
    year: int = Field(ge=1950, le=2100)
    note: str = ""


@router.post(
    "/modelworkers",
    url_name="modelworkers",
    response={201: ModelWorkerOut, **s.WRITE_ERRORS},
    auth=WRITE,
)
def modelworker_create(request: HttpRequest, body: ModelWorkerIn):
    org = get_visible_org(request.auth, body.org)
    employer = None
    if body.employer is not None:
        employer = Employer.objects.visible_to(request.auth).filter(pk=body.employer).first()
        if employer is None:
            raise HttpError(400, "没有找到该用人单位")
    try:
        parsed = idnumber.parse(body.id_number)
    except idnumber.IdNumberError as exc:
        raise HttpError(400, str(exc)) from None
    if ModelWorker.objects.filter(person__id_number=parsed.value).exists():
        raise HttpError(400, "该职工已在劳模台账中")
    try:
        worker = hon_svc.modelworker_enrol(
            by=request.auth,
            org=org,
            id_number=parsed.value,
            name=body.name,
            category=body.category,
            employer=employer,
            level=body.level,
            title=body.title,
            year=body.year,
            note=body.note,
        )
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from None
    worker = ModelWorker.objects.prefetch_related("honours").get(pk=worker.pk)
    return 201, _worker_out(
        worker, unmask=unmask_for(request, [worker.person_id]), today=dt.date.today()
    )


class FiguresQuery(Schema):
    org: int | None = None
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")


@router.get(
    "/modelworkers-figures",
    url_name="modelworker_figures",
    response={200: dict, **s.READ_ERRORS},
    auth=READ,
)
def modelworker_figures(request: HttpRequest, q: Query[FiguresQuery]):
    """The same numbers as the pages and `gonghui figures modelworkers`."""
    figures = hon.honours_figures(org=_org(request, q.org), period=_period(q.date_from, q.date_to))
    return _plain(figures)


# ---- events, trainings, articles -------------------------------------------------------------


class ResultOut(Schema):
    name: str
    rank: int | None
    award: str


class EventOut(Schema):
    id: int
    name: str
    kind: str
    org: str
    start_date: dt.date
    end_date: dt.date | None
    place: str
    theme: str
    contestants: int | None
    audience: int | None
    audience_approximate: bool
    teams: list[str]
    results: list[ResultOut]


def _event_out(event: Event) -> dict:
    entries = list(event.entries.all())
    return {
        "id": event.pk,
        "name": event.name,
        "kind": event.kind,
        "org": event.org.name,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "place": event.place,
        "theme": event.theme,
        "contestants": event.contestants,
        "audience": event.audience,
        "audience_approximate": event.audience_approximate,
        "teams": [e.name for e in entries],
        "results": [
            {"name": e.name, "rank": e.rank, "award": e.award}
            for e in entries
            if e.rank is not None or e.award
        ],
    }


class EventFilters(FiguresQuery):
    kind: str | None = None


@router.get(
    "/events", url_name="events", response={200: list[EventOut], **s.READ_ERRORS}, auth=READ
)
def event_list(request: HttpRequest, f: Query[EventFilters]):
    events = (
        act.events_in(
            org=_org(request, f.org), period=_period(f.date_from, f.date_to), kind=f.kind or ""
        )
        .select_related("org")
        .prefetch_related("entries")
        .order_by("-start_date", "-id")
    )
    return [_event_out(e) for e in events[:1000]]


@router.get("/events/{pk}", url_name="event", response={200: EventOut, **s.READ_ERRORS}, auth=READ)
def event_get(request: HttpRequest, pk: int):
    event = (
        Event.objects.visible_to(request.auth)
        .select_related("org")
        .prefetch_related("entries")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404("没有找到该活动")
    return _event_out(event)


class EntryIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    rank: int | None = Field(default=None, ge=1)
    award: str = Field(default="", max_length=30)


class EventIn(Schema):
    org: int
    kind: Literal[
        "sports", "culture", "speech", "lecture", "training", "festival", "volunteer", "practice"
    ]
    name: str = Field(min_length=1, max_length=120)
    start_date: dt.date
    end_date: dt.date | None = None
    place: str = ""
    theme: str = ""
    contestants: int | None = Field(default=None, ge=0)
    audience: int | None = Field(default=None, ge=0)
    audience_approximate: bool = False
    entries: list[EntryIn] = Field(default_factory=list, description="参赛队伍及其名次、奖项")


@router.post("/events", url_name="events", response={201: EventOut, **s.WRITE_ERRORS}, auth=WRITE)
def event_create(request: HttpRequest, body: EventIn):
    """An event with its teams and results in one call (all or nothing)."""
    org = get_visible_org(request.auth, body.org)
    data = body.dict(exclude={"org", "entries", "kind", "name", "start_date"})
    try:
        with transaction.atomic():
            event = act_svc.event_create(
                by=request.auth,
                org=org,
                kind=body.kind,
                name=body.name,
                start_date=body.start_date,
                **data,
            )
            for entry in body.entries:
                act_svc.event_entry_add(
                    by=request.auth,
                    event=event,
                    name=entry.name,
                    rank=entry.rank,
                    award=entry.award,
                )
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from None
    return 201, _event_out(Event.objects.prefetch_related("entries").get(pk=event.pk))


class ArticleIn(Schema):
    org: int
    title: str = Field(min_length=1, max_length=200)
    date: dt.date
    author: str = ""
    outlet: str | None = Field(default=None, description="用稿媒体名称（须在设置的列表中）")
    used: bool = False


class ArticleOut(Schema):
    id: int
    org: str
    title: str
    date: dt.date
    author: str
    outlet: str | None
    used: bool


def _article_out(a: Article) -> dict:
    return {
        "id": a.pk,
        "org": a.org.name,
        "title": a.title,
        "date": a.date,
        "author": a.author,
        "outlet": a.outlet.name if a.outlet else None,
        "used": a.used,
    }


@router.get(
    "/articles", url_name="articles", response={200: list[ArticleOut], **s.READ_ERRORS}, auth=READ
)
def article_list(request: HttpRequest, f: Query[FiguresQuery]):
    period = _period(f.date_from, f.date_to)
    articles = Article.objects.within(_org(request, f.org)).select_related("org", "outlet")
    if period:
        articles = articles.filter(date__gte=period.start, date__lt=period.end)
    return [_article_out(a) for a in articles.order_by("-date", "-id")[:1000]]


@router.post(
    "/articles", url_name="articles", response={201: ArticleOut, **s.WRITE_ERRORS}, auth=WRITE
)
def article_create(request: HttpRequest, body: ArticleIn):
    from gonghui.core.audit import record_create

    org = get_visible_org(request.auth, body.org)
    outlet = None
    if body.outlet:
        outlet = Outlet.objects.filter(name=body.outlet).first()
        if outlet is None:
            known = "、".join(Outlet.objects.values_list("name", flat=True))
            raise HttpError(400, f"用稿媒体“{body.outlet}”不在设置的列表中（{known}）")
    if body.used and outlet is None:
        raise HttpError(400, "已采用的稿件请填写用稿媒体")
    with transaction.atomic():
        article = Article.objects.create(
            org=org,
            title=body.title,
            date=body.date,
            author=body.author,
            outlet=outlet,
            used=body.used,
        )
        record_create(user=request.auth, instance=article, org=org)
    return 201, _article_out(article)


@router.get(
    "/activities-figures",
    url_name="activities_figures",
    response={200: dict, **s.READ_ERRORS},
    auth=READ,
)
def activities_figures(request: HttpRequest, q: Query[FiguresQuery]):
    """The same numbers as the pages and `gonghui figures activities`: events by kind with their
    results, trainings, publicity by outlet, practice returns."""
    figures = act.activities_figures(
        org=_org(request, q.org), period=_period(q.date_from, q.date_to)
    )
    return _plain(figures)
