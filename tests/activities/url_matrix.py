import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.activities import services
from gonghui.activities.models import Article, Outlet, Training
from tests.factories import make_id_number
from tests.url_rows import ROLES, Row, everyone, scoped_read, scoped_write, staff_only

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _event_a(w, kind="sports"):
    return services.event_create(
        by=w.chair_a, org=w.union_a, kind=kind, name="篮球友谊赛", start_date=dt.date(2026, 5, 1)
    )


def _event_kwargs(w):
    return {"pk": _event_a(w).pk}


def _practice_kwargs(w):
    return {"pk": _event_a(w, kind="practice").pk}


def _entry_event(w):
    event = _event_a(w)
    services.event_entry_add(by=w.chair_a, event=event, name="桥涯村队")
    return {"pk": event.pk}


def _results_data(w):
    from gonghui.activities.models import EventEntry

    entry = EventEntry.objects.filter(event__org=w.union_a).order_by("-id").first()
    return {f"rank_{entry.pk}": "1", f"award_{entry.pk}": "一等奖"}


def _photo_kwargs(w):
    photo = services.event_photo_add(
        by=w.chair_a,
        event=_event_a(w),
        image=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
    )
    return {"pk": photo.pk}


def _training_kwargs(w):
    training = Training.objects.create(
        org=w.union_a, course="调解员培训班", start_date=dt.date(2026, 4, 8)
    )
    return {"pk": training.pk}


def _article_kwargs(w):
    article = Article.objects.create(org=w.union_a, title="稿件", date=dt.date(2026, 3, 1))
    return {"pk": article.pk}


def _photo_upload(w):
    return {"image": SimpleUploadedFile("b.png", PNG, content_type="image/png"), "caption": "合影"}


_create_page = {
    "anonymous": "login",
    "chair_b": 200,
    "viewer": 403,
    "approver": 403,
    "chair_a": 200,
    "clerk": 200,
}

ROWS = [
    Row("activities:index", expect=everyone()),
    Row("activities:index", query="?year=2026&kind=culture", expect=everyone()),
    Row("activities:event_create", expect=_create_page),
    Row("activities:event_detail", kwargs=_event_kwargs, expect=scoped_read()),
    Row("activities:event_detail", kwargs=_practice_kwargs, expect=scoped_read()),
    Row("activities:event_edit", kwargs=_event_kwargs, expect=scoped_write(200)),
    Row(
        "activities:entry_add",
        method="post",
        kwargs=_event_kwargs,
        data={"name": "杭坑村队", "rank": "2"},
        expect=scoped_write(),
    ),
    Row(
        "activities:results",
        method="post",
        kwargs=_entry_event,
        data=_results_data,
        expect=scoped_write(),
    ),
    Row(
        "activities:photo_add",
        method="post",
        kwargs=_event_kwargs,
        data=_photo_upload,
        expect=scoped_write(),
    ),
    Row("activities:photo", kwargs=_photo_kwargs, expect=scoped_read()),
    Row(
        "activities:return_add",
        method="post",
        kwargs=_practice_kwargs,
        data={"kind": "record_card", "quantity": "40", "received_on": "2026-03-02"},
        expect=scoped_write(),
    ),
    Row("activities:trainings", expect=everyone()),
    Row("activities:training_create", expect=_create_page),
    Row("activities:training_detail", kwargs=_training_kwargs, expect=scoped_read()),
    Row(
        "activities:trainee_add",
        method="post",
        kwargs=_training_kwargs,
        data=lambda w: {"name": "周强", "id_number": make_id_number(), "certified": "on"},
        expect=scoped_write(),
    ),
    Row("activities:articles", expect=everyone()),
    Row("activities:articles", query="?year=2026&used=1", expect=everyone()),
    Row("activities:article_create", expect=_create_page),
    Row("activities:article_edit", kwargs=_article_kwargs, expect=scoped_write(200)),
    Row("activities:outlets", expect=staff_only()),
    Row(
        "activities:outlets",
        method="post",
        data=lambda w: {
            "name": f"微信公众号{Outlet.objects.count()}",
            "medium": "wechat",
            "level": "county",
            "position": "9",
            "active": "on",
        },
        expect=staff_only(302),
    ),
]


def _api(status=200):
    return {r: (401 if r == "anonymous" else status) for r in ROLES}


def _api_write(writers=400):
    # POSTs here carry a form body: writers get "not JSON" (400), readers 403 before it is read.
    return {
        "anonymous": 401,
        "chair_b": writers,
        "viewer": 403,
        "approver": 403,
        "chair_a": writers,
        "clerk": writers,
    }


ROWS += [
    Row("api:events", query="?from=2026-01-01&to=2026-12-31&kind=culture", expect=_api()),
    Row("api:events", method="post", expect=_api_write()),
    Row(
        "api:event",
        kwargs=_event_kwargs,
        expect={**_api(), "chair_b": 404},
    ),
    Row("api:articles", expect=_api()),
    Row("api:articles", method="post", expect=_api_write()),
    Row("api:activities_figures", query="?from=2026-01-01&to=2026-06-30", expect=_api()),
]
