from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gonghui.orgs.access import require_staff

from .models import AuditEvent, ChangeRecord


def _scoped(qs, org):
    # Events without an org (a failed login by an unknown name) are shown to the top federation only.
    if org.is_root():
        return qs
    return qs.filter(org__path__startswith=org.path)


def audit_log(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    placement = require_staff(request.user)
    tab = request.GET.get("tab", "changes")
    kind = request.GET.get("kind", "")
    if tab == "events":
        qs = _scoped(AuditEvent.objects.select_related("org"), placement.org)
        if kind:
            qs = qs.filter(kind=kind)
    else:
        qs = _scoped(ChangeRecord.objects.select_related("org"), placement.org)
        if request.GET.get("model"):
            qs = qs.filter(model=request.GET["model"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "tab": tab, "kind": kind, "kinds": AuditEvent.Kind.choices, "nav": "audit"},
    )


def change_detail(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    placement = require_staff(request.user)
    record = get_object_or_404(_scoped(ChangeRecord.objects.all(), placement.org), pk=pk)
    return render(request, "core/change_detail.html", {"record": record, "nav": "audit"})
