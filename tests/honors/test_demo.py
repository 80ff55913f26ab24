"""The demo loaders of honors and activities: the reminders show and the source figures hold."""

import datetime as dt

import pytest

from gonghui.activities import selectors as act
from gonghui.activities.models import Event
from gonghui.core.dates import Period
from gonghui.core.demo import load_demo
from gonghui.honors import selectors as hon
from gonghui.honors.models import ModelWorker
from gonghui.orgs.models import Organization

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo(db):
    return load_demo(today=TODAY, members=50)


def test_model_workers_and_reminders(demo):
    town = Organization.objects.get(name="太华镇总工会")
    states = {w.person.name: w.reminder_state(TODAY) for w in ModelWorker.objects.all()}
    assert states["周建华"] == "filed"
    assert states["吴美芳"] == "reached"
    assert states["陈国强"] == "due" and states["沈丽娟"] == "due"
    assert states["钱伟"] == "later"
    reminders = hon.retirement_reminders(org=town, today=TODAY)
    assert [w.person.name for w in reminders] == ["吴美芳", "陈国强", "沈丽娟"]
    figures = hon.honours_figures(org=town, today=TODAY)
    assert figures["allowance"]["recipients"] == 1
    # 陈国强 holds 市级 and 省部级: counted once, at the higher level.
    assert figures["by_level"] == {"national": 1, "provincial": 3, "city": 3}


def test_activities_figures(demo):
    town = Organization.objects.get(name="太华镇总工会")
    figures = act.activities_figures(org=town, period=Period.year(2026))
    assert figures["publicity"]["used"] == 54
    assert [o["used"] for o in figures["publicity"]["by_outlet"]] == [39, 10, 5]
    assert figures["by_kind"]["speech"]["contestants"] == 13
    gongs = Event.objects.get(name="元宵十番锣鼓大赛")
    assert [r["award"] for r in act.event_results(event=gongs)] == [
        "金锣奖",
        "银锣奖",
        "铜锣奖",
        "铜锣奖",
    ]
    tug = Event.objects.get(name="元宵拔河比赛")
    assert tug.entries.count() == 14
    assert [r["name"] for r in act.event_results(event=tug)] == ["海福工会", "机关工会", "博大工会"]
    county = Organization.objects.get(name="示范县总工会")
    practice = act.practice_figures(org=county, period=Period.year(2026))
    assert practice["record_cards"] == 141 and practice["reports"] == 142
    assert act.training_figures(org=town, period=Period.year(2026))["certified"] == 4
