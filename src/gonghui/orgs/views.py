from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_create, record_update, snapshot

from . import selectors
from .access import (
    can_write_org,
    get_visible_employer,
    get_visible_org,
    is_staff_role,
    require_placement,
    require_staff,
    scope_of,
    visible_orgs,
)
from .forms import CHILD_KINDS, EmployerForm, OrganizationForm, TeamForm
from .models import Employer, Organization

EMPLOYERS_PAGE_SIZE = 50


def _tree_rows(request, nodes, figures, today):
    """One dict per node for the tree table: the node, its figures, its 换届 flag, its indent."""
    base = require_placement(request.user).org.depth
    return [
        {
            "org": node,
            "fig": figures[node.pk],
            "term": node.term_status(today),
            "term_label": node.term_status_label(today),
            "indent": node.depth - base,
        }
        for node in nodes
    ]


@login_required
def tree(request):
    """The tree from the user's node down, one level at a time; ?root= descends (works without JS)."""
    placement = require_placement(request.user)
    root = placement.org
    if request.GET.get("root"):
        root = get_visible_org(request.user, request.GET["root"])
    today = timezone.localdate()
    children = list(selectors.children_of(root))
    root_figures, figures = selectors.tree_figures(root, children, today=today)
    return render(
        request,
        "orgs/tree.html",
        {
            "root": root,
            "root_figures": root_figures,
            "root_term": root.term_status(today),
            "root_term_label": root.term_status_label(today),
            "ancestors": selectors.ancestors_within(root, placement.org),
            "rows": _tree_rows(request, children, figures, today),
            "today": today,
            "nav": "orgs",
        },
    )


@login_required
def children(request, pk):
    """The rows of one node's children (htmx expand); without htmx, the tree rooted there."""
    require_placement(request.user)
    org = get_visible_org(request.user, pk)
    if not request.htmx:
        return redirect(f"{reverse('orgs:tree')}?root={org.pk}")
    today = timezone.localdate()
    nodes = list(selectors.children_of(org))
    _, figures = selectors.tree_figures(org, nodes, today=today)
    return render(
        request, "orgs/tree.html#rows", {"rows": _tree_rows(request, nodes, figures, today)}
    )


def _detail_context(request, org, team_form=None):
    today = timezone.localdate()
    return {
        "org": org,
        "figures": selectors.node_figures([org], today=today)[org.pk],
        "term_status": org.term_status(today),
        "term_label": org.term_status_label(today),
        "ancestors": selectors.ancestors_within(org, require_placement(request.user).org),
        "teams": org.teams.order_by("name"),
        "own_employers": org.union_employers.order_by("name"),
        "team_form": team_form or TeamForm(org=org),
        "can_write": can_write_org(request.user, org),
        "is_staff": is_staff_role(request.user),
        "can_add_child": bool(CHILD_KINDS[org.kind]),
        "committee": [
            c for c in org.committee.replace("，", "、").replace(",", "、").split("、") if c.strip()
        ],
        "nav": "orgs",
    }


@login_required
def detail(request, pk):
    require_placement(request.user)
    org = get_visible_org(request.user, pk)
    return render(request, "orgs/detail.html", _detail_context(request, org))


@login_required
def edit(request, pk):
    org = get_visible_org(request.user, pk)
    require_staff(request.user)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = snapshot(Organization.objects.get(pk=org.pk))
            org = form.save()
            record_update(user=request.user, instance=org, before=before, org=org)
        for warning in form.warnings:
            messages.warning(request, warning)
        messages.success(request, f"已保存 {org.name}")
        return redirect("orgs:detail", pk=org.pk)
    return render(
        request, "orgs/org_form.html", {"form": form, "org": org, "parent": None, "nav": "orgs"}
    )


@login_required
def create(request, pk):
    """Add a child organisation under pk."""
    parent = get_visible_org(request.user, pk)
    require_staff(request.user)
    if not CHILD_KINDS[parent.kind]:
        raise PermissionDenied("基层工会下不设下级组织；班组请在工会页面添加")
    form = OrganizationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            org = Organization.objects.add_child(parent, instance=form.save(commit=False))
            record_create(user=request.user, instance=org, org=org)
        for warning in form.warnings:
            messages.warning(request, warning)
        messages.success(request, f"已添加 {org.name}")
        return redirect("orgs:detail", pk=org.pk)
    return render(
        request, "orgs/org_form.html", {"form": form, "org": None, "parent": parent, "nav": "orgs"}
    )


@login_required
@require_POST
def team_add(request, pk):
    org = get_visible_org(request.user, pk)
    if not can_write_org(request.user, org):
        raise PermissionDenied("您的角色只能查看，不能修改")
    form = TeamForm(request.POST, org=org)
    if form.is_valid():
        with transaction.atomic():
            team = form.save()
            record_create(user=request.user, instance=team, org=org)
        if not request.htmx:
            messages.success(request, f"已添加班组 {team.name}")
            return redirect("orgs:detail", pk=org.pk)
        form = None
    template = "orgs/detail.html#teams" if request.htmx else "orgs/detail.html"
    return render(request, template, _detail_context(request, org, team_form=form))


def _employer_areas(user):
    return visible_orgs(user).exclude(kind=Organization.Kind.GRASSROOTS)


@login_required
def employer_list(request):
    placement = require_placement(request.user)
    org = scope_of(request, placement)
    employers = Employer.objects.visible_to(request.user)
    if org != placement.org:
        employers = employers.within(org)
    q = request.GET.get("q", "").strip()
    industry = request.GET.get("industry", "")
    has_union = request.GET.get("has_union", "")
    if q:
        employers = employers.filter(Q(name__contains=q) | Q(credit_code=q.upper()))
    if industry:
        employers = employers.filter(industry=industry)
    if has_union == "yes":
        employers = employers.filter(union__isnull=False)
    elif has_union == "no":
        employers = employers.filter(union__isnull=True)
    elif has_union == "should":
        employers = employers.should_unionise(selectors.UNIONISE_THRESHOLD)
    page = Paginator(
        employers.select_related("org", "union").order_by("name", "id"), EMPLOYERS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/employer_list.html",
        {
            "page": page,
            "q": q,
            "industry": industry,
            "has_union": has_union,
            "industries": selectors.industries(Employer.objects.visible_to(request.user)),
            "threshold": selectors.UNIONISE_THRESHOLD,
            "is_staff": is_staff_role(request.user),
            "narrowed_to": org if org != placement.org else None,
            "nav": "employers",
        },
    )


def _employer_form(request, instance=None):
    return EmployerForm(
        request.POST or None,
        instance=instance,
        areas=_employer_areas(request.user),
        unions=visible_orgs(request.user).unions(),
    )


def _save_employer(request, form, created: bool):
    with transaction.atomic():
        before = None if created else snapshot(Employer.objects.get(pk=form.instance.pk))
        employer = form.save()
        if created:
            record_create(user=request.user, instance=employer, org=employer.org)
        else:
            record_update(user=request.user, instance=employer, before=before, org=employer.org)
    for warning in form.warnings:
        messages.warning(request, warning)
    if employer.credit_code_confirmed:
        messages.warning(request, f"{employer.name} 的信用代码校验未通过，已按人工确认保存")
    messages.success(request, f"已保存 {employer.name}")
    return redirect("orgs:employers")


@login_required
def employer_add(request):
    require_staff(request.user)
    form = _employer_form(request)
    if request.method == "POST" and form.is_valid():
        return _save_employer(request, form, created=True)
    return render(
        request, "orgs/employer_form.html", {"form": form, "employer": None, "nav": "employers"}
    )


@login_required
def employer_edit(request, pk):
    employer = get_visible_employer(request.user, pk)
    require_staff(request.user)
    form = _employer_form(request, instance=employer)
    if request.method == "POST" and form.is_valid():
        return _save_employer(request, form, created=False)
    return render(
        request,
        "orgs/employer_form.html",
        {"form": form, "employer": employer, "nav": "employers"},
    )
