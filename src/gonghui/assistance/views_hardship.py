"""困难职工档案 pages: confidential, staff of the subtree only; there is no delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_create
from gonghui.members.models import Person
from gonghui.orgs.access import can_unmask, require_staff
from gonghui.orgs.models import Organization

from . import services as svc
from .forms import FileCloseForm, FileReviewForm, HardshipFileForm
from .models import HardshipFile


def get_file(user, pk) -> HardshipFile:
    try:
        return HardshipFile.objects.visible_to(user).select_related("head", "org").get(pk=pk)
    except (HardshipFile.DoesNotExist, ValueError):
        raise Http404("没有找到该档案") from None


@login_required
def hardship_list(request):
    require_staff(request.user)
    files = HardshipFile.objects.visible_to(request.user).select_related("head", "org")
    status = request.GET.get("status", "open")
    if status in HardshipFile.Status.values:
        files = files.filter(status=status)
    if request.GET.get("due") == "1":
        files = files.review_due(timezone.localdate())
    page = Paginator(files.order_by("review_due", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/hardship_list.html",
        {"page": page, "status": status, "today": timezone.localdate(), "nav": "hardship"},
    )


@login_required
def hardship_new(request):
    placement = require_staff(request.user)
    form = HardshipFileForm(
        request.POST or None,
        orgs=Organization.objects.within(placement.org),
        initial={"opened": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                head = Person.objects.filter(id_number=data["id_number"]).first()
                if head is None:
                    head = Person.objects.create(id_number=data["id_number"], name=data["name"])
                    record_create(user=request.user, instance=head, org=data["org"])
                fields = {k: data[k] for k in HardshipFileForm.Meta.fields}
                file = svc.hardship_file_open(
                    org=data["org"], head=head, by=request.user, members=form.members(), **fields
                )
        except svc.AidError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"已建档：{file.get_tier_display()}")
            return redirect("assistance:hardship_file", pk=file.pk)
    return render(request, "assistance/hardship_form.html", {"form": form, "nav": "hardship"})


def hardship_context(request, file, *, revealed=False) -> dict:
    """The file page; `revealed` shows the head's full ID number."""
    return {
        "file": file,
        "members": file.members.all(),
        "reviews": file.reviews.all(),
        "applications": file.applications.select_related("campaign"),
        "can_unmask": can_unmask(request.user),
        "revealed": revealed,
        "review_form": FileReviewForm(
            initial={
                "date": timezone.localdate(),
                "annual_income": file.annual_income,
                "rigid_spending": file.rigid_spending,
                "household_size": file.household_size,
            }
        ),
        "close_form": FileCloseForm(initial={"date": timezone.localdate()}),
        "nav": "hardship",
    }


@login_required
def hardship_detail(request, pk):
    require_staff(request.user)
    file = get_file(request.user, pk)
    return render(request, "assistance/hardship_detail.html", hardship_context(request, file))


@login_required
@require_POST
def hardship_review(request, pk):
    require_staff(request.user)
    file = get_file(request.user, pk)
    form = FileReviewForm(request.POST)
    if form.is_valid():
        try:
            svc.hardship_file_review(file=file, by=request.user, **form.cleaned_data)
            messages.success(request, "已复核")
        except svc.AidError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "复核信息不完整")
    return redirect("assistance:hardship_file", pk=file.pk)


@login_required
@require_POST
def hardship_close(request, pk):
    require_staff(request.user)
    file = get_file(request.user, pk)
    form = FileCloseForm(request.POST)
    if form.is_valid():
        try:
            svc.hardship_file_close(file=file, by=request.user, **form.cleaned_data)
            messages.success(request, "已撤档（档案保存 10 年）")
        except svc.AidError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "请填写撤档日期和原因")
    return redirect("assistance:hardship_file", pk=file.pk)
