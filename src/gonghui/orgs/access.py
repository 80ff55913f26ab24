"""Who may see and change what. Views load ledgers through these helpers, never .objects.all()."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Organization, Placement


def placement_of(user) -> Placement | None:
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_gonghui_placement", False)
    if cached is not False:
        return cached
    try:
        placement = Placement.objects.select_related("org").get(user=user)
    except Placement.DoesNotExist:
        placement = None
    user._gonghui_placement = placement
    return placement


def require_placement(user) -> Placement:
    placement = placement_of(user)
    if placement is None:
        raise PermissionDenied("您的账号尚未分配到组织，请联系管理员")
    return placement


def can_write(user) -> bool:
    placement = placement_of(user)
    return placement is not None and placement.can_write


def require_write(user) -> Placement:
    placement = require_placement(user)
    if not placement.can_write:
        raise PermissionDenied("您的角色只能查看，不能修改")
    return placement


def can_unmask(user) -> bool:
    placement = placement_of(user)
    return placement is not None and placement.can_unmask


def is_staff_role(user) -> bool:
    placement = placement_of(user)
    return placement is not None and placement.role == Placement.Role.STAFF


def require_staff(user) -> Placement:
    placement = require_placement(user)
    if placement.role != Placement.Role.STAFF:
        raise PermissionDenied("只有工会工作人员可以进行此操作")
    return placement


def visible_orgs(user):
    return Organization.objects.visible_to(user)


def get_visible_org(user, pk) -> Organization:
    """An organisation in the user's subtree, or 404 (never reveal that it exists)."""
    try:
        return visible_orgs(user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该组织") from None


def scope_of(request, placement) -> Organization:
    """The node a list page shows: `?org=` when it names one in the user's subtree (a report's
    figure links here for its own union), else the user's own; 404 outside, never revealed."""
    if request.GET.get("org"):
        return get_visible_org(request.user, request.GET["org"])
    return placement.org


def find_org_by_name(user, name: str) -> Organization | None:
    """Match a full or short name within the user's subtree."""
    name = (name or "").strip()
    if not name:
        return None
    qs = visible_orgs(user)
    return qs.filter(name=name).first() or qs.filter(short_name=name).first()


def can_write_org(user, org: Organization) -> bool:
    """A writer (staff or chair) whose subtree holds org."""
    placement = placement_of(user)
    return placement is not None and placement.can_write and org.is_within(placement.org)


def get_visible_employer(user, pk):
    from .models import Employer

    try:
        return Employer.objects.visible_to(user).select_related("org", "union").get(pk=pk)
    except (Employer.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该用人单位") from None


def visible_memberships(user):
    from gonghui.members.models import Membership

    return Membership.objects.visible_to(user)


def get_visible_membership(user, pk):
    """A membership in the user's subtree, or 404."""
    from gonghui.members.models import Membership

    try:
        return Membership.objects.visible_to(user).select_related("person", "org").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该会籍") from None


def get_visible_person(user, pk):
    """A person with at least one membership (of any status) in the user's subtree, or 404."""
    from django.db.models import Exists, OuterRef

    from gonghui.members.models import Person

    in_scope = visible_memberships(user).filter(person=OuterRef("pk"))
    try:
        return Person.objects.filter(Exists(in_scope)).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该会员") from None


def transfer_targets(user):
    """Unions a member may be transferred to: the user's subtree, or the whole tree for staff."""
    if is_staff_role(user):
        return Organization.objects.unions()
    return visible_orgs(user).unions()
