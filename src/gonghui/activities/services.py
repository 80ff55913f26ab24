"""Activities workflows: writes across several rows, each in one transaction with its audit."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core.audit import record_change, record_create, record_update, snapshot
from gonghui.core.models import ChangeRecord

from .models import Article, Event, EventEntry, EventPhoto, PracticeReturn, Trainee

DEFAULT_OUTLETS = [
    ("市门户网站", "portal", "city", 1),
    ("《工会》", "newspaper", "city", 2),
    ("工会手机报", "mobile", "city", 3),
]


def outlets_ensure_defaults() -> None:
    """The outlets 篇1 counts; the migration adds them too, but a flushed database has none."""
    from .models import Outlet

    for name, medium, level, position in DEFAULT_OUTLETS:
        Outlet.objects.get_or_create(
            name=name, defaults={"medium": medium, "level": level, "position": position}
        )


def event_create(*, by, org, kind, name, start_date, **fields) -> Event:
    with transaction.atomic():
        event = Event(org=org, kind=kind, name=name, start_date=start_date, **fields)
        event.full_clean()
        event.save()
        record_create(user=by, instance=event, org=org)
    return event


def event_entry_add(*, by, event, name, org=None, members=None, rank=None, award="") -> EventEntry:
    with transaction.atomic():
        entry = EventEntry(event=event, name=name, org=org, members=members, rank=rank, award=award)
        entry.full_clean()
        entry.save()
        record_create(user=by, instance=entry, org=event.org)
    return entry


def event_results_record(*, by, event, results: dict[int, tuple[int | None, str]]) -> int:
    """Set rank and award of several entries at once: {entry_id: (rank, award)}.
    Returns the number of entries changed."""
    changed = 0
    with transaction.atomic():
        entries = {e.pk: e for e in event.entries.select_for_update().filter(pk__in=results)}
        unknown = set(results) - set(entries)
        if unknown:
            raise ValidationError("有参赛队伍不属于本活动")
        for pk, (rank, award) in results.items():
            entry = entries[pk]
            if rank is not None and rank < 1:
                raise ValidationError(f"{entry.name}：名次应为正整数")
            if (entry.rank, entry.award) == (rank, award):
                continue
            before = snapshot(entry)
            entry.rank, entry.award = rank, award
            entry.save(update_fields=["rank", "award"])
            record_update(user=by, instance=entry, before=before, org=event.org)
            changed += 1
    return changed


def event_photo_add(*, by, event, image, caption="") -> EventPhoto:
    with transaction.atomic():
        photo = EventPhoto(event=event, image=image, caption=caption)
        photo.full_clean()
        photo.save()
        record_create(user=by, instance=photo, org=event.org)
    return photo


def practice_return_add(*, by, event, kind, received_on, quantity=1, submitter="", note=""):
    if event.kind != Event.Kind.PRACTICE:
        raise ValidationError("只有主题实践活动可以登记记录卡和回收材料")
    with transaction.atomic():
        item = PracticeReturn(
            event=event,
            kind=kind,
            received_on=received_on,
            quantity=quantity,
            submitter=submitter,
            note=note,
        )
        item.full_clean()
        item.save()
        record_create(user=by, instance=item, org=event.org)
    return item


def trainee_add(*, by, training, person, role="", certified=False, certificate_no="") -> Trainee:
    with transaction.atomic():
        trainee = Trainee(
            training=training,
            person=person,
            role=role,
            certified=certified,
            certificate_no=certificate_no,
        )
        trainee.full_clean()
        trainee.save()
        record_create(user=by, instance=trainee, org=training.org)
    return trainee


def trainee_certify(*, by, trainee, certificate_no="") -> Trainee:
    with transaction.atomic():
        before = snapshot(trainee)
        trainee.certified = True
        trainee.certificate_no = certificate_no
        trainee.save()
        record_update(user=by, instance=trainee, before=before, org=trainee.training.org)
    return trainee


def article_mark_used(*, by, article, outlet, date) -> Article:
    """An outlet used (采用) the article on `date`."""
    with transaction.atomic():
        before = snapshot(article)
        article.used, article.outlet, article.date = True, outlet, date
        article.full_clean()
        article.save()
        record_update(user=by, instance=article, before=before, org=article.org)
    return article


def record_delete(*, by, instance, org) -> None:
    """Delete a row of an activity ledger, keeping its last state in the history."""
    with transaction.atomic():
        record_change(
            user=by,
            instance=instance,
            action=ChangeRecord.Action.DELETE,
            before=snapshot(instance),
            org=org,
        )
        instance.delete()
