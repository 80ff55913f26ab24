"""Pages of the agreements ledger: list, register (新签/续签), file, review, reminders, figures."""

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import ledgers
from gonghui.core.dates import Period, add_months
from gonghui.core.sheets import SheetError
from gonghui.orgs.access import require_placement, require_write, scope_of, visible_orgs
from gonghui.orgs.models import Employer

from . import conf, rules, selectors
from .forms import AgreementForm, DecideForm, FiguresForm, FilingForm
from .models import Agreement
from .services import agreement_register, filing_decide, filing_record

PAGE_SIZE = 50
SEARCH_LIMIT = 100


def _agreements(user):
    return Agreement.objects.visible_to(user)


def _employers(user):
    """Employers the user may bind: those of their area, and those whose union is theirs."""
    placement = require_placement(user)
    path = placement.org.path
    return Employer.objects.filter(Q(org__path__startswith=path) | Q(union__path__startswith=path))


def _get_agreement(user, pk) -> Agreement:
    try:
        return (
            _agreements(user).select_related("union", "employer", "renewal_of", "filing").get(pk=pk)
        )
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该集体合同") from None


@login_required
def agreement_list(request):
    placement = require_placement(request.user)
    org = scope_of(request, placement)
    today = timezone.localdate()
    qs = (
        _agreements(request.user)
        .within(org)
        .select_related("union", "employer", "filing")
        .annotate(n_employers=Count("coverages"))
        .order_by("-signed", "-pk")
    )
    scope = request.GET.get("scope", "")
    if scope in Agreement.Scope.values:
        qs = qs.filter(scope=scope)
    topic = request.GET.get("topic", "")
    if topic in Agreement.Topic.values:
        qs = qs.filter(topic=topic)
    state = request.GET.get("state", "")
    if state == "running":
        qs = qs.filter(starts__lte=today, ends__gte=today)
    elif state == "expiring":
        qs = qs.filter(
            ends__gte=today,
            ends__lte=add_months(today, conf.get("BARGAINING_EXPIRY_WARNING_MONTHS")),
        )
    elif state == "ended":
        qs = qs.filter(ends__lt=today)
    elif state == "unfiled":
        qs = qs.filter(filing__isnull=True)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(employer__name__contains=q) | Q(industry=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"a": a, "status": a.review_status(today)} for a in page]
    return render(
        request,
        "bargaining/list.html",
        {
            "page": page,
            "rows": rows,
            "scope": scope,
            "topic": topic,
            "state": state,
            "q": q,
            "scopes": Agreement.Scope.choices,
            "topics": Agreement.Topic.choices,
            "labels": Agreement.STATUS_LABELS,
            "counts": selectors.reminder_counts(org=org, today=today),
            "today": today,
            "narrowed_to": org if org != placement.org else None,
            "nav": "bargaining",
        },
    )


def _agreement_initial(renew: Agreement | None, placement) -> dict:
    today = timezone.localdate()
    if renew is None:
        return {
            "union": placement.org.name,
            "signed": today,
            "starts": today,
            "ends": rules.term_last_day(today, 3),
            "vote_date": today,
            "scope": Agreement.Scope.REGIONAL,
            "topic": Agreement.Topic.WAGE,
        }
    starts = renew.ends + dt.timedelta(days=1)
    years = max(1, min(3, round((renew.ends - renew.starts).days / 365)))
    return {
        "title": renew.title.replace(str(renew.signed.year), str(today.year)),
        "scope": renew.scope,
        "topic": renew.topic,
        "union": renew.union.name,
        "employer_side": renew.employer_side,
        "industry": renew.industry,
        "signed": today,
        "starts": starts,
        "ends": rules.term_last_day(starts, years),
        "vote_body": renew.vote_body,
        "vote_date": today,
    }


@login_required
def agreement_create(request):
    """Register a signed agreement; ?renew=<pk> registers the renewal (续签) of that agreement."""
    placement = require_write(request.user)
    renew = None
    if request.GET.get("renew") or request.POST.get("renew"):
        renew = _get_agreement(request.user, request.GET.get("renew") or request.POST.get("renew"))
    employer_qs = _employers(request.user)
    form_kwargs = dict(
        user=request.user, union_queryset=visible_orgs(request.user), employer_queryset=employer_qs
    )
    if request.method == "POST":
        form = AgreementForm(request.POST, **form_kwargs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                agreement = agreement_register(
                    by=request.user,
                    title=d["title"],
                    scope=d["scope"],
                    topic=d["topic"],
                    union=d["union"],
                    employer=d["employer"],
                    employers=d["employer_objs"],
                    industry=d["industry"],
                    employer_side=d["employer_side"],
                    signed=d["signed"],
                    starts=d["starts"],
                    ends=d["ends"],
                    employees_covered=d["employees_covered"],
                    vote_body=d["vote_body"],
                    vote_date=d["vote_date"],
                    vote_eligible=d["vote_eligible"],
                    vote_present=d["vote_present"],
                    vote_for=d["vote_for"],
                    renewal_of=renew,
                    renewal=d["renewal"],
                    note=d["note"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    f"已登记“{agreement.title}”，覆盖 {agreement.coverages.count()} 家企业。"
                    f"请在 {agreement.filing_due:%Y年%m月%d日} 前报送审查。",
                )
                return redirect(agreement.get_absolute_url())
        picked = form.picked
    else:
        form = AgreementForm(initial=_agreement_initial(renew, placement), **form_kwargs)
        picked = list(renew.employers.all()) if renew else []
    return render(
        request,
        "bargaining/form.html",
        {
            "form": form,
            "renew": renew,
            "picked": picked,
            "industries": _industries(employer_qs),
            "nav": "bargaining",
        },
    )


def _industries(employer_qs) -> list[str]:
    return list(
        employer_qs.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


@login_required
def employer_search(request):
    """The employer picker's results (htmx fragment; a plain list without htmx)."""
    require_placement(request.user)
    qs = _employers(request.user).select_related("union").order_by("name", "pk")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(credit_code__startswith=q.upper()))
    industry = request.GET.get("industry", "").strip()
    if industry:
        qs = qs.filter(industry=industry)
    total = qs.count()
    return render(
        request,
        "bargaining/form.html#results" if request.htmx else "bargaining/search.html",
        {"results": qs[:SEARCH_LIMIT], "total": total, "limit": SEARCH_LIMIT, "q": q},
    )


@login_required
def agreement_detail(request, pk):
    require_placement(request.user)
    agreement = _get_agreement(request.user, pk)
    today = timezone.localdate()
    employers = agreement.employers.select_related("org", "union").order_by("name", "pk")
    filing = agreement.filing_or_none()
    status = agreement.review_status(today)
    writable = require_placement(request.user).can_write
    renewed_by = Agreement.objects.filter(renewal_of=agreement).first()
    return render(
        request,
        "bargaining/detail.html",
        {
            "a": agreement,
            "employers": employers,
            "filing": filing,
            "status": status,
            "status_label": Agreement.STATUS_LABELS[status],
            "writable": writable,
            "filing_form": FilingForm(initial={"filed": today}) if filing is None else None,
            "decide_form": DecideForm(initial={"decided": today})
            if filing is not None and not filing.outcome and status != "deemed"
            else None,
            "renewed_by": renewed_by,
            "expiring": agreement.ends
            <= add_months(today, conf.get("BARGAINING_EXPIRY_WARNING_MONTHS"))
            and agreement.ends >= today,
            "today": today,
            "nav": "bargaining",
        },
    )


@login_required
@require_POST
def agreement_file(request, pk):
    agreement = _get_agreement(request.user, pk)
    require_write(request.user)
    form = FilingForm(request.POST)
    if form.is_valid():
        try:
            filing = filing_record(
                by=request.user,
                agreement=agreement,
                filed=form.cleaned_data["filed"],
                authority=form.cleaned_data["authority"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            late = "（已超过报送期限）" if filing.late else ""
            messages.success(
                request,
                f"已登记报送{late}。如 {filing.review_deadline:%Y年%m月%d日} 前未收到审查意见，"
                f"合同自 {filing.deemed_effective_on:%Y年%m月%d日} 起视为生效。",
            )
    else:
        messages.error(request, "请填写正确的报送日期")
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def agreement_decide(request, pk):
    agreement = _get_agreement(request.user, pk)
    require_write(request.user)
    filing = agreement.filing_or_none()
    if filing is None:
        messages.error(request, "合同尚未报送，不能登记审查结果")
        return redirect(agreement.get_absolute_url())
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            filing_decide(by=request.user, filing=filing, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已登记审查结果")
    else:
        messages.error(request, "请填写审查结果和答复日期")
    return redirect(agreement.get_absolute_url())


@login_required
def reminders(request):
    placement = require_placement(request.user)
    today = timezone.localdate()
    org = placement.org
    months = conf.get("BARGAINING_EXPIRY_WARNING_MONTHS")
    return render(
        request,
        "bargaining/reminders.html",
        {
            "expiring": selectors.agreements_expiring(org=org, today=today),
            "overdue": [
                {"a": a, "due": a.filing_due}
                for a in selectors.filings_overdue(org=org, today=today)
            ],
            "lapsed": selectors.employers_lapsed(org=org, today=today)[:200],
            "no_wage": selectors.employers_without_wage_negotiation(org=org, year=today.year)[:200],
            "no_wage_count": selectors.employers_without_wage_negotiation(
                org=org, year=today.year
            ).count(),
            "lapsed_count": selectors.employers_lapsed(org=org, today=today).count(),
            "months": months,
            "today": today,
            "nav": "bargaining",
        },
    )


def _period_from(form, today) -> Period:
    start = form.cleaned_data.get("start") if form.is_valid() else None
    end = form.cleaned_data.get("end") if form.is_valid() else None
    if start and end and end >= start:
        return Period.inclusive(start, end)
    return Period.year(today.year)


@login_required
def figures(request):
    placement = require_placement(request.user)
    today = timezone.localdate()
    form = FiguresForm(request.GET or None, org_queryset=visible_orgs(request.user))
    period = _period_from(form, today)
    org = placement.org
    industry = topic = None
    if form.is_bound and form.is_valid():
        org = form.cleaned_data.get("org") or org
        industry = form.cleaned_data.get("industry") or None
        topic = form.cleaned_data.get("topic") or None
    data = selectors.figures(org=org, period=period, industry=industry, topic=topic, today=today)
    return render(
        request,
        "bargaining/figures.html",
        {
            "form": form,
            "f": data,
            "org": org,
            "period": period,
            "nav": "bargaining",
        },
    )


@login_required
def building(request):
    """建会入会: employers to unionise, 换届 due, 入会率 per union and for the subtree."""
    placement = require_placement(request.user)
    today = timezone.localdate()
    org = placement.org
    period = Period.year(today.year)
    unions = selectors.membership_by_union(org=org)
    return render(
        request,
        "bargaining/building.html",
        {
            "f": selectors.union_building_figures(org=org, period=period, today=today),
            "to_unionise": selectors.employers_to_unionise(org=org).select_related("org")[:200],
            "terms": [
                {"org": u, "status": u.term_status(today), "label": u.term_status_label(today)}
                for u in selectors.unions_term_due(org=org, today=today)
            ],
            "unions": [{**row, "text": selectors.percent_text(row)} for row in unions],
            "threshold": conf.get("UNIONISE_THRESHOLD"),
            "period": period,
            "today": today,
            "nav": "bargaining",
        },
    )


LEDGERS = {"agreements": "集体合同台账", "employers": "用人单位台账"}


@login_required
def ledger_export(request, ledger):
    """Download the agreements or employers of the user's subtree as .xlsx (the import layout)."""
    require_placement(request.user)
    if ledger not in LEDGERS:
        raise Http404("没有这个台账")
    data = ledgers.get(ledger).exporter(user=request.user)
    name = f"{LEDGERS[ledger]}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def ledger_import(request):
    """Upload an agreements or employers spreadsheet: check it, or check and import it."""
    require_write(request.user)
    result = error = None
    ledger = request.POST.get("ledger") or request.GET.get("ledger") or "agreements"
    if ledger not in LEDGERS:
        ledger = "agreements"
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的 Excel 文件"
        else:
            try:
                result = ledgers.get(ledger).importer(
                    user=request.user,
                    source=upload.read(),
                    filename=upload.name,
                    commit=bool(request.POST.get("commit")),
                )
            except SheetError as exc:
                error = str(exc)
            except PermissionDenied as exc:
                error = str(exc)
    return render(
        request,
        "bargaining/import.html",
        {
            "ledger": ledger,
            "ledgers": LEDGERS,
            "result": result,
            "errors": result.errors[:500] if result else [],
            "error": error,
            "nav": "bargaining",
        },
    )
