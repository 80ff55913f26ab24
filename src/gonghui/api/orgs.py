"""The caller and the organisation tree they may see."""

from ninja import Router

from gonghui.orgs.access import can_unmask, placement_of
from gonghui.orgs.models import Organization

from . import schemas as s
from .auth import READ

router = Router(tags=["组织与账号"])


@router.get(
    "/me", auth=READ, response={200: s.MeOut, **s.AUTH_ERRORS}, url_name="me", summary="当前用户"
)
def me(request):
    """Who you are, where you are placed in the tree, and what your role may do."""
    user = request.auth
    placement = placement_of(user)
    org = placement.org
    return {
        "username": user.get_username(),
        "display_name": placement.display_name or user.get_full_name() or user.get_username(),
        "role": placement.role,
        "role_label": placement.get_role_display(),
        "org": {"id": org.pk, "name": org.name, "short_name": org.short_name},
        "can_write": placement.can_write,
        "can_unmask": can_unmask(user),
        "auth": request.api_auth_method,
    }


@router.get(
    "/orgs",
    auth=READ,
    response={200: list[s.OrgOut], **s.AUTH_ERRORS},
    url_name="orgs",
    summary="组织列表（可见范围，平铺）",
)
def org_list(request):
    """Your organisation and everything below it, in tree order, each with its parent's id."""
    orgs = list(Organization.objects.visible_to(request.auth).order_by("path"))
    id_by_path = {o.path: o.pk for o in orgs}
    step = Organization.steplen
    return [
        {
            "id": o.pk,
            "name": o.name,
            "short_name": o.short_name,
            "kind": o.kind,
            "kind_label": o.get_kind_display(),
            "unit_type": o.unit_type,
            # The parent of the caller's own node lies outside their view: null, not an id.
            "parent_id": id_by_path.get(o.path[:-step]) if o.depth > 1 else None,
            "depth": o.depth,
            "established": o.established,
            "chair": o.chair,
            "term_start": o.term_start,
            "term_end": o.term_end,
            "term_status": o.term_status(),
            "employees": o.employees,
        }
        for o in orgs
    ]
