"""The member roster (会员名册) over the API: list, get, create, update, import.

A "member" here is a membership (one person in one union), the row of the roster; its person's
data comes along. Reads are scoped by Membership.objects.visible_to(user); writes go through
gonghui.members.services, and the import through the registered "members" ledger.
"""

import datetime as dt

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router
from ninja.errors import AuthorizationError, HttpError
from ninja.files import UploadedFile

from gonghui.core import idnumber
from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.core.phone import PhoneError, parse_mobile
from gonghui.members.models import Membership
from gonghui.orgs.access import can_unmask, get_visible_org, placement_of

from . import schemas as s
from .auth import READ, WRITE

router = Router(tags=["会员名册"])


def _today() -> dt.date:
    return timezone.localdate()


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: a leap-day birthday counts from 1 March
        return day.replace(year=day.year - years, day=28)


def _search(q: str) -> Q:
    """As the member list page searches: a whole ID number, a whole mobile number, or the start
    of a name. Each is an indexed lookup, and partial numbers never match, so a role that sees
    masked numbers cannot read the hidden digits back by searching for them."""
    cleaned = idnumber.clean(q)
    if len(cleaned) in (15, 18) and idnumber.is_valid(cleaned):
        return Q(person__id_number=idnumber.parse(cleaned).value)
    if cleaned.isdigit() and len(cleaned) >= 11:
        try:
            return Q(person__mobile=parse_mobile(cleaned))
        except PhoneError:
            pass
    return Q(person__name__startswith=q)


def _filter(qs, user, f: s.MemberFilters):
    if f.status != "all":
        qs = qs.filter(status=f.status)
    if f.org is not None:
        qs = qs.within(get_visible_org(user, f.org))
    if f.sex:
        qs = qs.filter(person__sex=f.sex)
    today = _today()
    if f.age_min is not None:
        qs = qs.filter(person__birth_date__lte=_years_before(today, f.age_min))
    if f.age_max is not None:
        qs = qs.filter(person__birth_date__gt=_years_before(today, f.age_max + 1))
    if f.joined_from:
        qs = qs.filter(joined__gte=f.joined_from)
    if f.joined_to:
        qs = qs.filter(joined__lte=f.joined_to)
    q = (f.q or "").strip()
    if q:
        qs = qs.filter(_search(q))
    return qs


def _member(m: Membership, *, unmask: bool, today: dt.date) -> dict:
    p = m.person
    return {
        "id": m.pk,
        "person_id": p.pk,
        "name": p.name,
        "id_number": p.id_number if unmask else p.id_number_masked,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "age": p.age_on(today),
        "mobile": p.mobile if unmask else p.mobile_masked,
        "ethnicity": p.ethnicity,
        "political_status": p.political_status,
        "education": p.education,
        "workplace": p.workplace,
        "org": {"id": m.org.pk, "name": m.org.name, "short_name": m.org.short_name},
        "joined": m.joined,
        "status": m.status,
        "status_label": m.get_status_display(),
        "ended": m.ended,
        "end_note": m.end_note,
    }


def _audit_unmasked(request: HttpRequest, user, memberships, *, kind: str) -> None:
    """One audit event per response that carries full ID numbers, with how many."""
    person_ids = sorted({m.person_id for m in memberships})
    if not person_ids:
        return
    placement = placement_of(user)
    record_event(
        kind,
        user=user,
        org=placement.org if placement else None,
        request=request,
        summary=f"通过 API 查看完整身份证号 {len(person_ids)} 人",
        detail={
            "via": "api",
            "method": request.method,
            "path": request.path,
            "count": len(person_ids),
            "person_ids": person_ids,
        },
    )


def _respond_one(request: HttpRequest, membership: Membership) -> dict:
    user = request.auth
    unmask = can_unmask(user)
    if unmask:
        _audit_unmasked(request, user, [membership], kind=AuditEvent.Kind.REVEAL)
    return _member(membership, unmask=unmask, today=_today())


def _load(user, pk: int) -> Membership:
    try:
        return Membership.objects.visible_to(user).select_related("person", "org").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404("没有找到该会员") from None


@router.get(
    "/members",
    auth=READ,
    response={200: s.MemberPage, **s.READ_ERRORS},
    url_name="members",
    summary="会员列表（筛选、分页）",
)
def member_list(request, filters: Query[s.MemberFilters]):
    """The roster of your subtree, newest members first. Full ID numbers only for roles allowed
    to see them, and each such response is recorded in the audit log (导出)."""
    user = request.auth
    qs = _filter(Membership.objects.visible_to(user), user, filters)
    total = qs.count()
    rows = list(
        qs.select_related("person", "org").order_by("-joined", "-id")[
            filters.offset : filters.offset + filters.limit
        ]
    )
    unmask = can_unmask(user)
    if unmask:
        _audit_unmasked(request, user, rows, kind=AuditEvent.Kind.EXPORT)
    today = _today()
    return {
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "masked": not unmask,
        "items": [_member(m, unmask=unmask, today=today) for m in rows],
    }


@router.get(
    "/members/{int:member_id}",
    auth=READ,
    response={200: s.MemberOut, **s.READ_ERRORS},
    url_name="member",
    summary="会员详情",
)
def member_detail(request, member_id: int):
    return _respond_one(request, _load(request.auth, member_id))


@router.post(
    "/members",
    auth=WRITE,
    response={201: s.MemberOut, **s.WRITE_ERRORS},
    url_name="members",
    summary="新增会员（入会）",
)
def member_create(request, payload: s.MemberCreateIn):
    """Enrol a person in a union of your subtree. A person already active in another union
    cannot join again (that is a transfer, done by the union they belong to)."""
    from gonghui.members import services

    user = request.auth
    org = get_visible_org(user, payload.org)
    data = payload.model_dump()
    data.pop("org")
    membership = services.member_create(by=user, org=org, **data)
    membership = Membership.objects.select_related("person", "org").get(pk=membership.pk)
    return 201, _respond_one(request, membership)


@router.patch(
    "/members/{int:member_id}",
    auth=WRITE,
    response={200: s.MemberOut, **s.WRITE_ERRORS},
    url_name="member",
    summary="修改会员信息",
)
def member_update(request, member_id: int, payload: s.MemberUpdateIn):
    """Correct the person's data; only the fields sent change. The ID number is the key and
    cannot be changed here. Every change is kept in the history (变更记录)."""
    from gonghui.members import services

    user = request.auth
    membership = _load(user, member_id)
    current = services.current_membership(membership.person)
    placement = placement_of(user)
    if current is not None and not current.org.is_within(placement.org):
        # The person has moved on to a union outside this subtree; that union keeps the data now.
        raise AuthorizationError(403, "该职工现已在其他工会在册，只能由其现所在工会修改")
    fields = payload.model_dump(exclude_unset=True)
    if fields:
        services.member_update(by=user, person=membership.person, **fields)
    membership = Membership.objects.select_related("person", "org").get(pk=membership.pk)
    return _respond_one(request, membership)


@router.post(
    "/members/import",
    auth=WRITE,
    response={200: s.ImportResultOut, **s.WRITE_ERRORS},
    url_name="members_import",
    summary="导入会员名册（先检查，再提交）",
)
def member_import(
    request,
    file: File[UploadedFile],
    commit: bool = False,
    org: Form[int | None] = None,
):
    """Upload an .xlsx, .xls or .csv roster. With commit=false (the default) nothing is written:
    the answer says which rows would be accepted and why the others are rejected. With
    commit=true the accepted rows are written in one transaction and audited."""
    from gonghui.core import ledgers
    from gonghui.core.sheets import SheetError

    user = request.auth
    target = get_visible_org(user, org) if org is not None else None
    importer = ledgers.get("members").importer
    source = file.temporary_file_path() if hasattr(file, "temporary_file_path") else file.read()
    try:
        result = importer(
            user=user, source=source, filename=file.name or "upload", org=target, commit=commit
        )
    except SheetError as exc:  # empty, not a spreadsheet, password-protected, no header
        raise HttpError(400, str(exc)) from None
    data = result.to_json()
    data.setdefault("committed", bool(commit))
    return data
