from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.orgs.access import require_placement

from .models import Membership


@login_required
def member_list(request):
    require_placement(request.user)
    memberships = Membership.objects.visible_to(request.user).select_related("person", "org")[:50]
    return render(request, "members/list.html", {"memberships": memberships, "nav": "members"})
