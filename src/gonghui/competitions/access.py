"""Who may see and run what in competitions (public helpers for views and the API).

- Anyone placed sees competitions organised in their subtree or above it (to take part).
- Staff placed at or above the organiser run the competition (managers).
- A unit's writers (its chair or clerk) hand in, self-assess and keep team records for it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.orgs.access import placement_of, require_placement, require_write
from gonghui.orgs.models import Placement

from .models import Competition, Participant


def get_competition(user, pk) -> Competition:
    require_placement(user)
    try:
        return Competition.objects.visible_to(user).select_related("organiser").get(pk=pk)
    except (Competition.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该竞赛") from None


def can_manage(user, competition: Competition) -> bool:
    placement = placement_of(user)
    return (
        placement is not None
        and placement.role == Placement.Role.STAFF
        and competition.organiser.path.startswith(placement.org.path)
    )


def require_manage(user, competition: Competition) -> None:
    if not can_manage(user, competition):
        raise PermissionDenied("只有主办工会的工作人员可以进行此操作")


def get_participant(user, pk) -> Participant:
    require_placement(user)
    try:
        return (
            Participant.objects.visible_to(user)
            .select_related("competition__organiser", "org", "employer")
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该参赛单位") from None


def can_write_unit(user, participant: Participant) -> bool:
    placement = placement_of(user)
    if placement is None or not placement.can_write:
        return False
    return participant.org.path.startswith(placement.org.path) or can_manage(
        user, participant.competition
    )


def require_write_unit(user, participant: Participant) -> None:
    require_write(user)
    if not can_write_unit(user, participant):
        raise PermissionDenied("您不能修改该单位的竞赛材料")
