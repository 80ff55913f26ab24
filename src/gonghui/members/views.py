from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from gonghui.core import idnumber
from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.core.phone import PhoneError, parse_mobile
from gonghui.orgs.access import (
    can_unmask,
    get_visible_membership,
    get_visible_org,
    get_visible_person,
    is_staff_role,
    require_placement,
    require_write,
    transfer_targets,
    visible_orgs,
)
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import children_of

from . import services
from .forms import (
    EDUCATIONS,
    POLITICAL_STATUSES,
    LeaveForm,
    MemberAddForm,
    MemberFilterForm,
    PersonForm,
    TransferForm,
    birth_range,
)
from .models import Membership, Person


class CappedPaginator(Paginator):
    """Counts at most CAP rows: COUNT(*) over 500,000 memberships costs more than the page itself.

    The exact size of a subtree is a figure of the org tree (orgs.selectors), not of this list.
    `narrow` is the same rows as object_list, for the database to find by the most selective
    index; when the count shows at most NARROW rows, the pages are read from it (sorting a few
    thousand rows) instead of the index walk in list order (walking 500,000 rows in order to
    find five is the slow way).
    """

    CAP = 10_000
    NARROW = CAP

    def __init__(self, object_list, per_page, *, narrow=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.narrow = object_list if narrow is None else narrow

    @cached_property
    def counted(self) -> int:
        return self.narrow.order_by()[: self.CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.CAP)

    @property
    def capped(self) -> bool:
        return self.counted > self.CAP

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.narrow if self.counted <= self.NARROW else self.object_list
        return self._get_page(rows[bottom:top], number, self)


class _Unindexed(Func):
    """The same value, but no index of the column may serve it: `+column` on SQLite, `column + 0`
    on PostgreSQL (integers and dates). Keeps a planner from walking the wrong index."""

    template = "+%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s + 0)", **extra)


class _Unflattened(Subquery):
    """PostgreSQL: `IN (subquery OFFSET 0)`: the planner keeps the subquery apart and hashes its
    rows once, instead of looking up each row's union by its primary key (5,000 lookups for a
    common surname across the county)."""

    template = "(%(subquery)s OFFSET 0)"


class _AnyOf(Func):
    """PostgreSQL: `column = ANY(ARRAY(subquery))`. The subquery runs once (a search on the name,
    ID or mobile index), then each id is an index lookup: the planner cannot turn it into a hash
    join over every membership, which it prefers when it misjudges the cost of index lookups."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, ids = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{column[0]} = ANY(ARRAY{ids[0]})", (*column[1], *ids[1])


# Above this many unions the subtree is a large share of the county: the page walks the
# (status, joined, id) index in list order and checks the union of each row, stopping at the
# page's last row, instead of sorting every membership of the subtree.
WALK_FROM_ORGS = 20
# PostgreSQL: up to this many unions in the subtree, the filter names them (see member_list).
LIST_ORGS_UP_TO = 1_000


def _name_prefix(q: str) -> dict:
    """Names starting with q as a range on the name index.

    SQLite cannot use an index for Django's LIKE ... ESCAPE; a range on the UTF-8 bytes can.
    PostgreSQL uses the varchar_pattern_ops index Django creates for the column.
    """
    if connection.vendor != "sqlite" or not q or ord(q[-1]) == 0x10FFFF:
        return {"name__startswith": q}
    return {"name__gte": q, "name__lt": q[:-1] + chr(ord(q[-1]) + 1)}


def _search(q: str) -> dict:
    """A full ID number, a mobile number, or the start of a name: each an indexed lookup."""
    cleaned = idnumber.clean(q)
    if len(cleaned) in (15, 18) and idnumber.is_valid(cleaned):
        return {"id_number": idnumber.parse(cleaned).value}
    if cleaned.isdigit() and len(cleaned) >= 11:
        try:
            return {"mobile": parse_mobile(cleaned)}
        except PhoneError:
            pass
    return _name_prefix(q)


@login_required
def member_list(request):
    """The roster of the user's subtree: the subtree's unions, a capped COUNT, the page's ids,
    then the page's rows.

    The same queries whatever the page size, the same on SQLite and PostgreSQL (SQLite reads the
    subtree's union ids first). The COUNT finds its rows by the most selective index; when it
    finds at most 10,000, the page sorts them; otherwise the page walks the memberships in list
    order (see CappedPaginator).
    """
    placement = require_placement(request.user)
    form = MemberFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {"status": Membership.Status.ACTIVE}
    today = timezone.localdate()

    scope = placement.org
    if data.get("org"):
        scope = get_visible_org(request.user, data["org"])
    # visible_orgs() is Organization.objects.visible_to(user): the scope never leaves the subtree.
    subtree = visible_orgs(request.user).within(scope).order_by().values("pk")
    sqlite = connection.vendor == "sqlite"
    search = _search(data["q"].strip()) if (data.get("q") or "").strip() else {}
    if not scope.numchild:
        orgs = [scope.pk]
    elif sqlite:
        orgs = [row["pk"] for row in subtree]
    else:
        orgs = subtree
        if not search:
            # A town's unions as a list of ids: PostgreSQL then reads their memberships through
            # the (org, status) index instead of hashing a scan of the whole county (100 ms →
            # 45 ms). A county's thousands stay a subquery: a long IN list costs more than it saves.
            few = [row["pk"] for row in subtree[: LIST_ORGS_UP_TO + 1]]
            if len(few) <= LIST_ORGS_UP_TO:
                orgs = few
    memberships = Membership.objects.all()
    if data["status"] != "all":
        memberships = memberships.filter(status=data["status"])
    people = {}  # the other lookups on Person: many rows each, checked row by row
    if data.get("sex"):
        people["sex"] = data["sex"]
    if data.get("age"):
        after, until = birth_range(data["age"], today)
        people.update(birth_date__gt=after, birth_date__lte=until)
    dates = {}
    if data.get("joined_from"):
        dates["gte"] = data["joined_from"]
    if data.get("joined_to"):
        dates["lte"] = data["joined_to"]

    per_page = data.get("per_page") or settings.MEMBERS_PAGE_SIZE
    order = ("-joined", "-id")
    # The COUNT (narrow): a search drives it from the person's index (name, ID, mobile); else
    # the union through the (org, status) index. Dates and birth dates are unindexed here, so
    # that no planner trades the union index for a date range across the county.
    in_scope = orgs
    if search and isinstance(orgs, QuerySet):  # PostgreSQL: the people's unions, checked by hash
        in_scope = _Unflattened(orgs)
    narrow = memberships.filter(org__in=in_scope)
    if dates:
        narrow = narrow.alias(j=_Unindexed("joined", output_field=DateField())).filter(
            **{f"j__{op}": day for op, day in dates.items()}
        )
    if search and not sqlite:
        people_found = Person.objects.filter(**search).values("pk")
        narrow = narrow.filter(_AnyOf(F("person_id"), Subquery(people_found)))
    elif search:
        narrow = narrow.filter(**{f"person__{k}": v for k, v in search.items()})
    if people:
        if "birth_date__gt" in people:
            narrow = narrow.alias(
                b=_Unindexed("person__birth_date", output_field=DateField())
            ).filter(b__gt=people["birth_date__gt"], b__lte=people["birth_date__lte"])
        if "sex" in people:
            narrow = narrow.filter(person__sex=people["sex"])
    walk = narrow
    if not sqlite or len(orgs) > WALK_FROM_ORGS:
        # The page (walk): in list order down the (status, joined, id) or (joined, id) index,
        # each row checked for its union and its person, stopping at the page's last row.
        walk = memberships.filter(**{f"joined__{op}": day for op, day in dates.items()})
        if sqlite:
            walk = walk.alias(scope_org=_Unindexed("org_id")).filter(scope_org__in=orgs)
        else:
            walk = walk.filter(org__in=orgs)
        if search or people:
            walk = walk.filter(
                Exists(Person.objects.filter(pk=OuterRef("person_id"), **search, **people))
            )
    # When the COUNT found few rows, the page sorts them: the order unindexed, so that the
    # planner does not walk the order index instead (most rows of the walk would not match).
    few = narrow.order_by(
        _Unindexed("joined", output_field=DateField()).desc(), _Unindexed("id").desc()
    )
    paginator = CappedPaginator(
        walk.order_by(*order).values_list("pk", flat=True),
        per_page,
        narrow=few.values_list("pk", flat=True),
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(
        Membership.objects.filter(pk__in=list(page.object_list))
        .select_related("person", "org")
        .order_by(*order)
    )

    # The union filter offers the user's node and the level below; deeper nodes come from the tree.
    choices = [placement.org, *children_of(placement.org)]
    if scope not in choices:
        choices.append(scope)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "data": data,
            "page": page,
            "scope": scope,
            "org_choices": choices,
            "can_add": placement.can_write,
            "nav": "members",
        },
    )


def _detail_context(request, person, *, revealed=False):
    placement = require_placement(request.user)
    history = list(person.memberships.select_related("org").order_by("joined", "id"))
    for m in history:
        m.in_scope = m.org.is_within(placement.org)  # link only to unions the user may open
    current = next((m for m in history if m.status == Membership.Status.ACTIVE), None)
    managed = current or (history[-1] if history else None)
    in_scope = managed is not None and managed.org.is_within(placement.org)
    return {
        "person": person,
        "history": history,
        "current": current,
        "today": timezone.localdate(),
        "age": person.age_on(timezone.localdate()),
        "can_edit": placement.can_write and in_scope,
        "can_move": placement.can_write and current is not None and in_scope,
        "can_unmask": can_unmask(request.user),
        "revealed": revealed,
        "nav": "members",
    }


@login_required
def member_detail(request, pk):
    require_placement(request.user)
    person = get_visible_person(request.user, pk)
    return render(request, "members/detail.html", _detail_context(request, person))


@login_required
@require_POST
def member_reveal(request, pk):
    """Show the full ID number to a role allowed to see it, and log that it was shown."""
    require_placement(request.user)
    person = get_visible_person(request.user, pk)
    if not can_unmask(request.user):
        raise PermissionDenied("您的角色不能查看完整身份证号码")
    context = _detail_context(request, person, revealed=True)
    managed = context["current"] or (context["history"][-1] if context["history"] else None)
    record_event(
        AuditEvent.Kind.REVEAL,
        user=request.user,
        org=managed.org if managed else None,
        summary=f"查看 {person.name} 的完整身份证号码",
        detail={"person": person.pk},
        request=request,
    )
    template = "members/detail.html#id_number" if request.htmx else "members/detail.html"
    return render(request, template, context)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _lists():
    return {"political_statuses": POLITICAL_STATUSES, "educations": EDUCATIONS}


@login_required
def member_add(request):
    placement = require_write(request.user)
    preset = None
    if request.GET.get("org"):
        preset = get_visible_org(request.user, request.GET["org"])
    unions = visible_orgs(request.user).unions()
    fixed = placement.org if placement.org.kind == Organization.Kind.GRASSROOTS else None
    form = MemberAddForm(
        request.POST or None,
        unions=unions,
        fixed_org=fixed,
        initial={"org": preset} if preset else None,
    )
    if request.method == "POST" and form.is_valid():
        org = fixed or form.cleaned_data["org"]
        try:
            membership = services.member_create(
                by=request.user,
                org=org,
                id_number=form.cleaned_data["id_number"],
                name=form.cleaned_data["name"],
                joined=form.cleaned_data["joined"],
                **form.person_fields(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已将 {membership.person.name} 登记为 {org.name} 会员")
            return redirect("members:detail", pk=membership.person_id)
    return render(
        request,
        "members/add.html",
        {"form": form, "fixed_org": fixed, "nav": "members", **_lists()},
    )


@login_required
def member_edit(request, pk):
    person = get_visible_person(request.user, pk)
    require_write(request.user)
    context = _detail_context(request, person)
    if not context["can_edit"]:
        raise PermissionDenied("该职工现由其他工会管理，请由其所在工会修改")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("members:detail", pk=person.pk)
    return render(
        request,
        "members/edit.html",
        {"form": form, "person": person, "nav": "members", **_lists()},
    )


def _closed(request, membership):
    messages.error(request, f"该会籍状态为“{membership.get_status_display()}”，不能再办理")
    return redirect("members:detail", pk=membership.person_id)


@login_required
def member_transfer(request, pk):
    membership = get_visible_membership(request.user, pk)
    require_write(request.user)
    if membership.status != Membership.Status.ACTIVE:
        return _closed(request, membership)
    targets = transfer_targets(request.user).exclude(pk=membership.org_id)
    form = TransferForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.member_transfer(
                by=request.user,
                membership=membership,
                to_org=form.cleaned_data["to_org"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"{membership.person.name} 已转入 {new.org.name}")
            # The closed membership stays in the user's subtree, so the history stays visible.
            return redirect("members:detail", pk=membership.person_id)
    return render(
        request,
        "members/transfer.html",
        {
            "form": form,
            "membership": membership,
            "is_staff": is_staff_role(request.user),
            "has_targets": targets.exists(),
            "nav": "members",
        },
    )


@login_required
def member_leave(request, pk):
    membership = get_visible_membership(request.user, pk)
    require_write(request.user)
    if membership.status != Membership.Status.ACTIVE:
        return _closed(request, membership)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(
                by=request.user,
                membership=membership,
                date=form.cleaned_data["date"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已办理 {membership.person.name} 离会")
            return redirect("members:detail", pk=membership.person_id)
    return render(
        request, "members/leave.html", {"form": form, "membership": membership, "nav": "members"}
    )
