"""篇1, 篇5 and 篇7's activity figures, entered through the services, come out exactly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.activities import selectors, services
from gonghui.activities.models import Event, EventEntry, PracticeReturn
from gonghui.core.dates import Period
from gonghui.core.models import ChangeRecord
from tests.activities.source_data import (
    enter_pian1,
    enter_pian5_events,
    enter_pian5_training,
    enter_pian7,
)

H1 = Period.half(2026, 1)
YEAR = Period.year(2026)


def test_gongs_and_tug_of_war_results(world):
    gongs, tug = enter_pian5_events(
        by=world.clerk, org=world.town, union_a=world.union_a, union_b=world.union_b
    )
    assert gongs.entries.count() == 8
    assert selectors.event_results(event=gongs) == [
        {"name": "桥涯村十番锣鼓队", "rank": 1, "award": "金锣奖", "org": "桥涯村工会"},
        {"name": "杭坑村十番锣鼓队", "rank": 2, "award": "银锣奖", "org": "杭坑村工会"},
        {"name": "乾元村十番锣鼓队", "rank": 3, "award": "铜锣奖", "org": None},
        {"name": "胥锦村十番锣鼓队", "rank": 3, "award": "铜锣奖", "org": None},
    ]
    assert tug.entries.count() == 14
    assert [(r["rank"], r["name"]) for r in selectors.event_results(event=tug)] == [
        (1, "海福工会"),
        (2, "机关工会"),
        (3, "博大工会"),
    ]
    figures = selectors.events_figures(org=world.town, period=H1)
    assert figures["events"] == 2
    assert figures["by_kind"]["culture"]["teams"] == 8
    assert figures["by_kind"]["sports"]["teams"] == 14
    # The results were audited, one update per ranked gong team.
    assert ChangeRecord.objects.filter(model="activities.evententry", action="update").count() == 4


def test_speech_contest_and_publicity(world):
    enter_pian1(by=world.clerk, org=world.town)
    figures = selectors.activities_figures(org=world.town, period=YEAR)
    speech = figures["by_kind"]["speech"]
    assert speech == {"events": 1, "contestants": 13, "audience": 90, "teams": 0}
    [line] = figures["event_list"]
    assert line["audience_approximate"] is True
    assert Event.objects.get(kind="speech").audience_label == "90余人"
    publicity = figures["publicity"]
    assert publicity["used"] == 54
    assert publicity["submitted"] == 56
    assert [(o["outlet"], o["used"]) for o in publicity["by_outlet"]] == [
        ("市门户网站", 39),
        ("《工会》", 10),
        ("工会手机报", 5),
    ]


def test_publicity_is_scoped_and_dated(world):
    enter_pian1(by=world.clerk, org=world.union_a)
    assert selectors.publicity_figures(org=world.union_b, period=YEAR)["used"] == 0
    assert selectors.publicity_figures(org=world.town, period=YEAR)["used"] == 54
    # Articles are dated across the months: the first half holds the January–June ones.
    first_half = selectors.publicity_figures(org=world.town, period=H1)
    assert first_half["used"] == sum(o["used"] for o in first_half["by_outlet"])
    assert first_half["used"] < 54
    assert selectors.publicity_figures(org=world.town, period=Period.year(2025))["used"] == 0


def test_training_figures(world):
    enter_pian5_training(by=world.clerk, org=world.town)
    figures = selectors.training_figures(org=world.town, period=H1)
    assert figures["trainings"] == 1
    assert figures["trainees"] == 4
    assert figures["certified"] == 4
    assert figures["courses"][0]["course"] == "市劳动争议调解员培训班"


def test_practice_record_cards(world):
    enter_pian7(by=world.clerk, org=world.town)
    figures = selectors.practice_figures(org=world.town, period=H1)
    assert figures["record_cards"] == 141
    assert figures["reports"] == 142  # "140余份"
    assert figures["by_kind"]["survey"] == 30


def test_record_cards_only_for_practice_activities(world):
    event = services.event_create(
        by=world.clerk,
        org=world.town,
        kind="sports",
        name="篮球友谊赛",
        start_date=dt.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError):
        services.practice_return_add(
            by=world.clerk,
            event=event,
            kind=PracticeReturn.Kind.RECORD_CARD,
            received_on=dt.date(2026, 5, 2),
        )


def test_results_reject_entries_of_another_event(world):
    gongs, tug = enter_pian5_events(by=world.clerk, org=world.town)
    foreign = EventEntry.objects.filter(event=tug).first()
    with pytest.raises(ValidationError):
        services.event_results_record(by=world.clerk, event=gongs, results={foreign.pk: (1, "")})


def test_duplicate_team_name_rejected(world):
    gongs, _ = enter_pian5_events(by=world.clerk, org=world.town)
    with pytest.raises(ValidationError):
        services.event_entry_add(by=world.clerk, event=gongs, name="桥涯村十番锣鼓队")


def test_practice_figures_of_one_event(world):
    first = enter_pian7(by=world.clerk, org=world.town)
    other = services.event_create(
        by=world.clerk,
        org=world.town,
        kind="practice",
        name="暑期实践",
        start_date=dt.date(2026, 7, 1),
    )
    services.practice_return_add(
        by=world.clerk, event=other, kind="record_card", received_on=dt.date(2026, 8, 1), quantity=9
    )
    assert selectors.practice_figures(org=world.town, event=first)["record_cards"] == 141
    assert selectors.practice_figures(org=world.town, event=other)["record_cards"] == 9
    assert selectors.practice_figures(org=world.town, period=YEAR)["record_cards"] == 150
