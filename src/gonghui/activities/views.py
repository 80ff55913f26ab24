"""Activities pages: events with entries and results, trainings, publicity, practice returns."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_create, record_update, snapshot
from gonghui.core.dates import DateError, Period, parse_date
from gonghui.honors.services import person_for
from gonghui.orgs.access import (
    can_write,
    is_staff_role,
    require_placement,
    require_staff,
    require_write,
    scope_of,
    visible_orgs,
)

from . import selectors, services
from .forms import (
    ArticleForm,
    EntryForm,
    EventForm,
    OutletForm,
    PhotoForm,
    ReturnForm,
    TraineeForm,
    TrainingForm,
)
from .models import Article, Event, EventPhoto, Outlet, Training

PAGE_SIZE = 50


def _year_period(request) -> tuple[int, Period]:
    """?year=2026, or ?from=…&to=… (inclusive, as the reports' drill-down links give it)."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else dt.date.today().year
    if request.GET.get("from") and request.GET.get("to") and not raw:
        try:
            first = parse_date(request.GET["from"], allow_future=True)
            last = parse_date(request.GET["to"], allow_future=True)
        except DateError:
            pass
        else:
            if first <= last:
                return first.year, Period.inclusive(first, last)
    return year, Period.year(year)


def _years():
    this = dt.date.today().year
    return range(this, this - 6, -1)


def _save_audited(request, form, org_field="org"):
    """A plain create or edit through a ModelForm, with its history record."""
    with transaction.atomic():
        is_new = form.instance.pk is None
        before = None if is_new else snapshot(type(form.instance).objects.get(pk=form.instance.pk))
        obj = form.save()
        org = getattr(obj, org_field)
        if is_new:
            record_create(user=request.user, instance=obj, org=org)
        else:
            record_update(user=request.user, instance=obj, before=before, org=org)
    return obj


# ---- events --------------------------------------------------------------------------------


@login_required
def index(request):
    placement = require_placement(request.user)
    # ?org= narrows to a union of the user's subtree (a summary's per-town figure links here)
    org = scope_of(request, placement)
    year, period = _year_period(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Event.Kind.values else ""
    events = (
        selectors.events_in(org=org, period=period, kind=kind)
        .select_related("org")
        .prefetch_related("entries")
        .order_by("-start_date", "-id")
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = selectors.events_figures(org=org, period=period)
    labels = dict(Event.Kind.choices)
    context = {
        "org": org,
        "narrowed": org != placement.org,
        "kind_rows": [(labels[k], v) for k, v in figures["by_kind"].items()],
        "page": page,
        "kind": kind,
        "kinds": Event.Kind.choices,
        "year": year,
        "years": _years(),
        "figures": figures,
        "publicity": selectors.publicity_figures(org=org, period=period),
        "training": selectors.training_figures(org=org, period=period),
        "practice": selectors.practice_figures(org=org, period=period),
        "can_write": can_write(request.user),
        "nav": "activities",
    }
    template = "activities/index.html#events" if request.htmx else "activities/index.html"
    return render(request, template, context)


def _event(user, pk) -> Event:
    return get_object_or_404(Event.objects.visible_to(user).select_related("org"), pk=pk)


@login_required
def event_create(request):
    require_write(request.user)
    form = EventForm(request.POST or None, orgs=visible_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        event = _save_audited(request, form)
        messages.success(request, f"已登记活动“{event}”")
        return redirect(event)
    return render(
        request, "activities/form.html", {"form": form, "title": "登记活动", "nav": "activities"}
    )


@login_required
def event_edit(request, pk):
    event = _event(request.user, pk)
    require_write(request.user)
    form = EventForm(request.POST or None, instance=event, orgs=visible_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        _save_audited(request, form)
        messages.success(request, "已保存")
        return redirect(event)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"修改活动：{event}", "back": event, "nav": "activities"},
    )


def _event_context(request, event, **forms):
    orgs = visible_orgs(request.user)
    return {
        "event": event,
        "entries": list(event.entries.select_related("org")),
        "results": selectors.event_results(event=event),
        "photos": event.photos.all(),
        "returns": event.returns.all(),
        "practice": selectors.practice_figures(org=event.org, event=event)
        if event.kind == Event.Kind.PRACTICE
        else None,
        "entry_form": forms.get("entry_form") or EntryForm(orgs=orgs),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "return_form": forms.get("return_form")
        or ReturnForm(initial={"received_on": dt.date.today()}),
        "can_write": can_write(request.user),
        "nav": "activities",
    }


@login_required
def event_detail(request, pk):
    event = _event(request.user, pk)
    return render(request, "activities/event_detail.html", _event_context(request, event))


def _back(request, event, fragment, message, **forms):
    if request.htmx:
        return render(
            request,
            f"activities/event_detail.html#{fragment}",
            _event_context(request, event, **forms),
        )
    if forms:
        return render(
            request, "activities/event_detail.html", _event_context(request, event, **forms)
        )
    messages.success(request, message)
    return redirect(event)


@require_POST
@login_required
def entry_add(request, pk):
    event = _event(request.user, pk)
    require_write(request.user)
    form = EntryForm(request.POST, orgs=visible_orgs(request.user))
    form.instance.event = event
    if not form.is_valid():
        return _back(request, event, "entries", "", entry_form=form)
    services.event_entry_add(by=request.user, event=event, **form.cleaned_data)
    return _back(request, event, "entries", "已添加参赛队伍")


@require_POST
@login_required
def results_record(request, pk):
    """Ranks and awards of every entry, from one table form (rank_<id>, award_<id>)."""
    event = _event(request.user, pk)
    require_write(request.user)
    results = {}
    for entry in event.entries.all():
        raw_rank = request.POST.get(f"rank_{entry.pk}", "").strip()
        if f"rank_{entry.pk}" not in request.POST:
            continue
        if raw_rank and not raw_rank.isdigit():
            messages.error(request, f"{entry.name}：名次“{raw_rank}”应为正整数")
            return redirect(event)
        award = request.POST.get(f"award_{entry.pk}", "").strip()[:30]
        results[entry.pk] = (int(raw_rank) if raw_rank else None, award)
    try:
        changed = services.event_results_record(by=request.user, event=event, results=results)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(event)
    return _back(request, event, "entries", f"已保存比赛结果（{changed} 支队伍有变化）")


@require_POST
@login_required
def photo_add(request, pk):
    event = _event(request.user, pk)
    require_write(request.user)
    form = PhotoForm(request.POST, request.FILES)
    form.instance.event = event
    if not form.is_valid():
        return _back(request, event, "photos", "", photo_form=form)
    services.event_photo_add(by=request.user, event=event, **form.cleaned_data)
    return _back(request, event, "photos", "已上传照片")


@login_required
def photo(request, pk):
    item = get_object_or_404(EventPhoto.objects.visible_to(request.user), pk=pk)
    try:
        return FileResponse(item.image.open("rb"))
    except FileNotFoundError:
        raise Http404("照片文件不存在") from None


@require_POST
@login_required
def return_add(request, pk):
    event = _event(request.user, pk)
    require_write(request.user)
    form = ReturnForm(request.POST)
    form.instance.event = event
    if not form.is_valid():
        return _back(request, event, "returns", "", return_form=form)
    try:
        services.practice_return_add(by=request.user, event=event, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(event)
    return _back(request, event, "returns", "已登记回收材料")


# ---- trainings -----------------------------------------------------------------------------


@login_required
def training_list(request):
    placement = require_placement(request.user)
    org = scope_of(request, placement)
    year, period = _year_period(request)
    trainings = (
        Training.objects.within(org)
        .filter(start_date__gte=period.start, start_date__lt=period.end)
        .select_related("org")
        .order_by("-start_date", "-id")
    )
    from django.db.models import Count, Q

    trainings = trainings.annotate(
        n=Count("trainees"), certified_n=Count("trainees", filter=Q(trainees__certified=True))
    )
    page = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/trainings.html",
        {
            "page": page,
            "year": year,
            "years": _years(),
            "figures": selectors.training_figures(org=org, period=period),
            "can_write": can_write(request.user),
            "narrowed_to": org if org != placement.org else None,
            "nav": "activities",
        },
    )


@login_required
def training_create(request):
    require_write(request.user)
    form = TrainingForm(request.POST or None, orgs=visible_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        training = _save_audited(request, form)
        return redirect(training)
    return render(
        request, "activities/form.html", {"form": form, "title": "登记培训", "nav": "activities"}
    )


def _training(user, pk) -> Training:
    return get_object_or_404(Training.objects.visible_to(user).select_related("org"), pk=pk)


def _training_context(request, training, form=None):
    return {
        "training": training,
        "trainees": training.trainees.select_related("person"),
        "form": form or TraineeForm(),
        "can_write": can_write(request.user),
        "nav": "activities",
    }


@login_required
def training_detail(request, pk):
    training = _training(request.user, pk)
    return render(request, "activities/training_detail.html", _training_context(request, training))


@require_POST
@login_required
def trainee_add(request, pk):
    training = _training(request.user, pk)
    require_write(request.user)
    form = TraineeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = person_for(
                    by=request.user,
                    id_number=data["id_number"],
                    name=data["name"],
                    org=training.org,
                )
                services.trainee_add(
                    by=request.user,
                    training=training,
                    person=person,
                    role=data["role"],
                    certified=data["certified"],
                    certificate_no=data["certificate_no"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已添加学员 {person.name}")
            return redirect(training)
    return render(
        request, "activities/training_detail.html", _training_context(request, training, form)
    )


# ---- publicity ------------------------------------------------------------------------------


@login_required
def article_list(request):
    placement = require_placement(request.user)
    year, period = _year_period(request)
    used = request.GET.get("used", "")
    articles = (
        Article.objects.within(placement.org)
        .filter(date__gte=period.start, date__lt=period.end)
        .select_related("org", "outlet")
        .order_by("-date", "-id")
    )
    if used in ("1", "0"):
        articles = articles.filter(used=used == "1")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/articles.html",
        {
            "page": page,
            "year": year,
            "years": _years(),
            "used": used,
            "figures": selectors.publicity_figures(org=placement.org, period=period),
            "can_write": can_write(request.user),
            "is_staff": is_staff_role(request.user),
            "nav": "activities",
        },
    )


@login_required
def article_create(request):
    require_write(request.user)
    form = ArticleForm(
        request.POST or None, orgs=visible_orgs(request.user), initial={"date": dt.date.today()}
    )
    if request.method == "POST" and form.is_valid():
        _save_audited(request, form)
        messages.success(request, "已登记稿件")
        return redirect("activities:articles")
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": "登记信息稿件", "nav": "activities"},
    )


@login_required
def article_edit(request, pk):
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    require_write(request.user)
    form = ArticleForm(request.POST or None, instance=article, orgs=visible_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        _save_audited(request, form)
        messages.success(request, "已保存")
        return redirect("activities:articles")
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"修改稿件：{article}", "nav": "activities"},
    )


@login_required
def outlets(request):
    """The configurable list of outlets (用稿媒体), kept by federation staff."""
    require_staff(request.user)
    form = OutletForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            outlet = form.save()
            record_create(user=request.user, instance=outlet)
        messages.success(request, f"已添加用稿媒体“{outlet}”")
        return redirect("activities:outlets")
    return render(
        request,
        "activities/outlets.html",
        {"outlets": Outlet.objects.all(), "form": form, "nav": "activities"},
    )
