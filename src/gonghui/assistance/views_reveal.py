"""显示完整号码 on the aid pages: ID numbers are masked until a role allowed to see them asks,
and every such display is one audit event naming whose numbers were shown (issue 2)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.orgs.access import can_unmask, require_placement, require_staff

from .views import application_context, campaign_context, get_application, get_campaign
from .views_hardship import get_file, hardship_context

DENIED = "您的角色不能查看完整身份证号码"
NAMES_SHOWN = 20  # the summary names this many people; the detail keeps every person's id


def _reveal_event(request, *, org, what: str, people: list, detail: dict, shown="完整身份证号码"):
    names = "、".join(p.name for p in people[:NAMES_SHOWN])
    if len(people) > NAMES_SHOWN:
        names += f"等 {len(people)} 人"
    record_event(
        AuditEvent.Kind.REVEAL,
        user=request.user,
        org=org,
        summary=f"查看{what}的{shown}：{names}",
        detail={**detail, "persons": [p.pk for p in people]},
        request=request,
    )


@login_required
@require_POST
def campaign_reveal(request, pk):
    """The full ID numbers of the rows on the current page (same filter and page as the GET)."""
    placement = require_placement(request.user)
    campaign = get_campaign(request.user, pk)
    if not can_unmask(request.user):
        raise PermissionDenied(DENIED)
    context = campaign_context(request, campaign, revealed=True)
    people = [a.person for a in context["page"]]
    if people:
        # The narrower of the user's union and the organiser: every row shown lies within it.
        org = placement.org if placement.org.is_within(campaign.org) else campaign.org
        _reveal_event(
            request,
            org=org,
            what=f"“{campaign.name}”第 {context['page'].number} 页 {len(people)} 人",
            people=people,
            detail={"campaign": campaign.pk, "page": context["page"].number},
        )
    # Links on the fallback (non-htmx) page lead back to the campaign page, not to this POST URL.
    context["page_base"] = campaign.get_absolute_url()
    if request.htmx:
        return render(request, "assistance/campaign_detail.html#applications", context)
    return render(request, "assistance/campaign_detail.html", context)


@login_required
@require_POST
def application_reveal(request, pk):
    require_placement(request.user)
    app = get_application(request.user, pk)
    if not can_unmask(request.user):
        raise PermissionDenied(DENIED)
    context = application_context(request, app, revealed=True)
    _reveal_event(
        request,
        org=app.org,
        what=f"“{app.campaign.name}”申请人",
        people=[app.person],
        detail={"application": app.pk},
    )
    if request.htmx:
        return render(request, "assistance/application_detail.html#id_number", context)
    return render(request, "assistance/application_detail.html", context)


@login_required
@require_POST
def hardship_reveal(request, pk):
    require_staff(request.user)
    file = get_file(request.user, pk)
    if not can_unmask(request.user):
        raise PermissionDenied(DENIED)
    context = hardship_context(request, file, revealed=True)
    _reveal_event(
        request,
        org=file.org,
        what="困难职工档案户主",
        shown="完整身份证号码和银行账号",
        people=[file.head],
        detail={"hardship_file": file.pk},
    )
    if request.htmx:
        return render(request, "assistance/hardship_detail.html#id_number", context)
    return render(request, "assistance/hardship_detail.html", context)
