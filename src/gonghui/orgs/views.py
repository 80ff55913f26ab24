from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import require_placement, visible_orgs


@login_required
def tree(request):
    require_placement(request.user)
    orgs = visible_orgs(request.user).order_by("path")
    return render(request, "orgs/tree.html", {"orgs": orgs, "nav": "orgs"})
