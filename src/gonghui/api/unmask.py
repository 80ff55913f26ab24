"""Full ID numbers in API responses: only for roles that may see them, and every response that
carries them leaves one audit event (issue 2: every display or export of unmasked ID numbers)."""

from collections.abc import Iterable

from django.http import HttpRequest

from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.orgs.access import can_unmask, placement_of


def unmask_for(request: HttpRequest, person_ids: Iterable[int], *, listing: bool = False) -> bool:
    """Whether this response may carry full ID numbers of these people. When it does (and there
    are any), one event records who asked, how many and whose: kind export for a list, reveal
    for a single record."""
    user = request.auth
    if not can_unmask(user):
        return False
    ids = sorted({pk for pk in person_ids if pk is not None})
    if ids:
        placement = placement_of(user)
        record_event(
            AuditEvent.Kind.EXPORT if listing else AuditEvent.Kind.REVEAL,
            user=user,
            org=placement.org if placement else None,
            request=request,
            summary=f"通过 API 查看完整身份证号 {len(ids)} 人",
            detail={
                "via": "api",
                "method": request.method,
                "path": request.path,
                "count": len(ids),
                "person_ids": ids,
            },
        )
    return True
