"""Competitions over the API: the list, one competition's figures, hand-ins board, findings and
ranking; 合理化建议 (list, submit, figures). Scoped as the pages are; writes go through
gonghui.competitions.services."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gonghui.competitions import selectors, services
from gonghui.competitions.access import can_manage, get_competition
from gonghui.competitions.models import Competition, Proposal
from gonghui.core.dates import Period
from gonghui.orgs.access import get_visible_org, placement_of

from . import schemas as s
from .auth import WRITE
from .unmask import unmask_for

router = Router(tags=["劳动竞赛与合理化建议"])


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _two(value):
    # SQLite hands subquery decimals back unrounded
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _managed(request, pk) -> Competition:
    comp = get_competition(request.auth, pk)
    if not can_manage(request.auth, comp):
        raise HttpError(403, "只有主办工会的工作人员可以查看")
    return comp


class CompetitionOut(Schema):
    id: int
    name: str
    kind: str = Field(
        description="labour 主题劳动竞赛 / skills 技能竞赛 / safety 安康杯 / innovation"
    )
    kind_label: str
    organiser: str
    start_date: dt.date
    end_date: dt.date
    units: int


@router.get(
    "/competitions", url_name="competitions", response={200: list[CompetitionOut], **s.READ_ERRORS}
)
def competition_list(request: HttpRequest):
    from django.db.models import Count

    qs = (
        Competition.objects.visible_to(request.auth)
        .select_related("organiser")
        .annotate(units=Count("participants"))
        .order_by("-start_date", "name")[:500]
    )
    return [
        CompetitionOut(
            id=c.pk,
            name=c.name,
            kind=c.kind,
            kind_label=c.get_kind_display(),
            organiser=c.organiser.name,
            start_date=c.start_date,
            end_date=c.end_date,
            units=c.units,
        )
        for c in qs
    ]


@router.get(
    "/competitions/{competition_id}",
    url_name="competition",
    response={200: dict, **s.READ_ERRORS},
)
def competition_figures(request: HttpRequest, competition_id: int, on: dt.date | None = None):
    """Figures as of `on` (default today): units, hand-ins and on-time rate, scores, awards,
    contestants and qualifications, proposals."""
    comp = get_competition(request.auth, competition_id)
    return _plain(selectors.competition_figures(competition=comp, today=on or timezone.localdate()))


@router.get(
    "/competitions/{competition_id}/findings",
    url_name="competition_findings",
    response={200: dict, **s.READ_ERRORS},
)
def competition_findings(request: HttpRequest, competition_id: int, on: dt.date | None = None):
    """The inspection bulletin's findings with names (organiser's staff only)."""
    comp = _managed(request, competition_id)
    return _plain(
        selectors.competition_findings(competition=comp, today=on or timezone.localdate())
    )


class CellOut(Schema):
    document: str
    due_date: dt.date
    state: str = Field(description="on_time / late / missing / due_soon / pending")
    submitted_on: dt.date | None


class BoardRowOut(Schema):
    unit_id: int
    unit: str
    cells: list[CellOut]


@router.get(
    "/competitions/{competition_id}/board",
    url_name="competition_board",
    response={200: list[BoardRowOut], **s.READ_ERRORS},
)
def competition_board(request: HttpRequest, competition_id: int, state: str = ""):
    comp = _managed(request, competition_id)
    _, rows = selectors.handin_board(competition=comp, today=timezone.localdate(), state=state)
    return [
        BoardRowOut(
            unit_id=r.participant.pk,
            unit=r.participant.unit_name,
            cells=[
                CellOut(
                    document=c.requirement.name,
                    due_date=c.requirement.due_date,
                    state=c.state,
                    submitted_on=c.submission.submitted_on if c.submission else None,
                )
                for c in r.cells
            ],
        )
        for r in rows
    ]


class RankOut(Schema):
    unit_id: int
    unit: str
    rank: int | None
    self_total: Decimal | None
    spot_total: Decimal | None
    eligible: bool


@router.get(
    "/competitions/{competition_id}/ranking",
    url_name="competition_ranking",
    response={200: list[RankOut], **s.READ_ERRORS},
)
def competition_ranking(request: HttpRequest, competition_id: int):
    comp = _managed(request, competition_id)
    return [
        RankOut(
            unit_id=p.pk,
            unit=p.unit_name,
            rank=p.rank if p.spot_total is not None else None,
            self_total=_two(p.self_total),
            spot_total=_two(p.spot_total),
            eligible=p.spot_total is not None and p.spot_total >= comp.award_threshold,
        )
        for p in selectors.ranking(competition=comp)
    ]


class ProposalIn(Schema):
    org: int = Field(description="所在工会的编号")
    title: str = Field(min_length=1, max_length=200)
    proposer_name: str = Field(min_length=1, max_length=100)
    submitted_on: dt.date | None = None
    content: str = ""
    on_behalf: bool = False


class ProposalOut(Schema):
    id: int
    org: str
    title: str
    proposer_name: str
    on_behalf: bool
    submitted_on: dt.date
    status: str
    status_label: str


def _proposal_out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        org=p.org.name,
        title=p.title,
        proposer_name=p.proposer_name,
        on_behalf=p.on_behalf,
        submitted_on=p.submitted_on,
        status=p.status,
        status_label=p.get_status_display(),
    )


@router.get(
    "/proposals/figures",
    url_name="proposal_figures",
    response={200: dict, **s.READ_ERRORS},
)
def proposal_figures(
    request: HttpRequest,
    org: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Submitted, adopted and adoption rate (%) by unit, for org's subtree and the period."""
    unit = get_visible_org(request.auth, org) if org else placement_of(request.auth).org
    period = None
    if date_from or date_to:
        last = date_to or timezone.localdate()
        period = Period.inclusive(date_from or last.replace(month=1, day=1), last)
    return _plain(selectors.proposal_figures(org=unit, period=period))


@router.get("/proposals", url_name="proposals", response={200: list[ProposalOut], **s.READ_ERRORS})
def proposal_list(request: HttpRequest, status: str = "", limit: int = 100):
    qs = Proposal.objects.visible_to(request.auth).select_related("org")
    if status:
        qs = qs.filter(status=status)
    return [_proposal_out(p) for p in qs.order_by("-submitted_on", "-id")[: min(limit, 1000)]]


@router.post(
    "/proposals",
    url_name="proposals_create",
    response={201: ProposalOut, **s.WRITE_ERRORS},
    auth=WRITE,
)
def proposal_create(request: HttpRequest, body: ProposalIn):
    org = get_visible_org(request.auth, body.org)
    try:
        p = services.proposal_submit(
            by=request.auth,
            org=org,
            title=body.title,
            proposer_name=body.proposer_name,
            submitted_on=body.submitted_on,
            content=body.content,
            on_behalf=body.on_behalf,
        )
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(400, "；".join(getattr(exc, "messages", [str(exc)]))) from None
    return 201, _proposal_out(p)


class GradeRiseIn(Schema):
    org: int = Field(description="所在工会的编号（须在您管辖的范围内）")
    id_number: str = Field(
        "", max_length=30, description="公民身份号码；不填时按姓名在该工会在册会员中查找"
    )
    name: str = Field("", max_length=50, description="姓名；系统中没有该身份证号码的人员时必填")
    grade_from: int | None = Field(None, ge=1, le=5, description="原等级 1 初级工 … 5 高级技师")
    grade_to: int = Field(ge=1, le=5, description="新等级 1 初级工 … 5 高级技师")
    certified_on: dt.date
    via: str = Field("training", description="contest 技能竞赛 / training 工会培训")
    competition: int | None = Field(None, description="相关竞赛的编号")


class GradeRiseOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="按角色脱敏")
    org_id: int
    org: str
    grade_from: int | None
    grade_from_label: str
    grade_to: int
    grade_to_label: str
    certified_on: dt.date
    via: str
    competition_id: int | None
    competition: str


class GradeRiseListOut(Schema):
    people: int = Field(description="技能等级提升的职工人数（每人计一次）")
    rows: int
    by_grade: dict[str, int]
    items: list[GradeRiseOut]


def _grade_rise_out(r, unmask: bool) -> GradeRiseOut:
    return GradeRiseOut(
        id=r.pk,
        name=r.person.name,
        id_number=r.person.id_number if unmask else r.person.id_number_masked,
        org_id=r.org_id,
        org=r.org.name,
        grade_from=r.grade_from,
        grade_from_label=r.get_grade_from_display() or "",
        grade_to=r.grade_to,
        grade_to_label=r.get_grade_to_display(),
        certified_on=r.certified_on,
        via=r.via,
        competition_id=r.competition_id,
        competition=r.competition.name if r.competition_id else "",
    )


@router.get(
    "/grade-rises",
    url_name="grade_rises",
    response={200: GradeRiseListOut, **s.READ_ERRORS},
)
def grade_rise_list(
    request: HttpRequest,
    org: int | None = None,
    competition: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 100,
):
    """职工技能等级提升 in the user's subtree (or org's), optionally of one competition and by
    取证日期; `people` counts each worker once, as the reports do."""
    unit = get_visible_org(request.auth, org) if org else placement_of(request.auth).org
    comp = get_competition(request.auth, competition) if competition else None
    period = None
    if date_from or date_to:
        last = date_to or timezone.localdate()
        period = Period.inclusive(date_from or last.replace(month=1, day=1), last)
    qs = selectors.grade_rises_visible(request.auth, org=unit, competition=comp, period=period)
    figures = selectors.grade_rise_figures(qs)
    rows = qs.select_related("person", "org", "competition").order_by("-certified_on", "-id")
    rows = list(rows[: max(0, min(limit, 1000))])
    unmask = unmask_for(request, [r.person_id for r in rows], listing=True)
    return GradeRiseListOut(
        people=figures["people"],
        rows=figures["rows"],
        by_grade=figures["by_grade"],
        items=[_grade_rise_out(r, unmask) for r in rows],
    )


@router.post(
    "/grade-rises",
    url_name="grade_rises_create",
    response={201: GradeRiseOut, **s.WRITE_ERRORS},
    auth=WRITE,
)
def grade_rise_create(request: HttpRequest, body: GradeRiseIn):
    from django.db import transaction

    from gonghui.competitions.models import GradeRise
    from gonghui.core import idnumber
    from gonghui.members.models import Membership
    from gonghui.orgs.access import can_write_org

    org = get_visible_org(request.auth, body.org)
    if not can_write_org(request.auth, org):
        raise HttpError(403, "您不能为该工会登记")
    if body.via not in GradeRise.Via.values:
        raise HttpError(400, "途径只能是 contest（技能竞赛）或 training（工会培训）")
    comp = get_competition(request.auth, body.competition) if body.competition else None
    name = body.name.strip()
    try:
        with transaction.atomic():
            if body.id_number.strip():
                try:
                    value = idnumber.parse(body.id_number).value
                except idnumber.IdNumberError as exc:
                    raise ValidationError(f"身份证号码：{exc}") from None
                person = services.person_ensure(
                    by=request.auth, id_number=value, name=name, org=org
                )
            else:
                if not name:
                    raise ValidationError("请填写身份证号码，或该工会在册会员的姓名")
                people = services.people_named(
                    name, members=Membership.objects.active().filter(org=org)
                )
                if len(people) != 1:
                    raise ValidationError(
                        f"{org.name} 没有名为“{name}”的在册会员，请填写身份证号码"
                        if not people
                        else f"{org.name} 有多人名为“{name}”，请填写身份证号码"
                    )
                person = people[0]
            rise = services.grade_rise_record(
                by=request.auth,
                person=person,
                org=org,
                grade_from=body.grade_from,
                grade_to=body.grade_to,
                certified_on=body.certified_on,
                via=body.via,
                competition=comp,
            )
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(400, "；".join(getattr(exc, "messages", [str(exc)]))) from None
    return 201, _grade_rise_out(rise, unmask_for(request, [rise.person_id]))
