"""The annual report over a generated county: its query count does not grow with the rows, a
county's events are counted per town instead of listed, the 送温暖 figures of many campaigns come
from grouped queries that agree with aid_figures, and titles name the organiser once."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.activities.models import Event, EventEntry, Trainee, Training
from gonghui.assistance import selectors as aid
from gonghui.assistance.models import Campaign
from gonghui.competitions import samples
from gonghui.core.dates import Period
from gonghui.core.generate import generate_county
from gonghui.core.generate_ledgers import generate_ledgers
from gonghui.orgs.models import Organization
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for
from gonghui.reports.render import to_docx

TODAY = dt.date(2026, 11, 26)
EVENTS = "抓活动载体，增强工会活力"


def _county(*, members: int, unions: int) -> Organization:
    generate_county(members=members, unions=unions, employers=unions * 2, seed=5, today=TODAY)
    generate_ledgers(seed=5, today=TODAY)
    return Organization.objects.get_root_nodes().first()


def _towns(root) -> list[Organization]:
    return list(Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1))


def _annual(org):
    return build_report(
        context_for(kind="annual", org=org, period=Period.year(TODAY.year), today=TODAY)
    )


def _section(built, title):
    return next(s for s in built.sections if s.title == title)


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_annual_report_query_count_does_not_grow_with_the_rows(db):
    counts = []
    for members, unions in ((400, 10), (4000, 900)):  # one town, then four
        savepoint = transaction.savepoint_create()
        root = _county(members=members, unions=unions)
        with CaptureQueriesContext(connection) as captured:
            built = _annual(root)
        counts.append(len(captured))
        assert Campaign.objects.count() > 1
        # the county's line, one per town, and the county's own events
        assert len(_section(built, EVENTS).paragraphs) <= 2 + len(_towns(root))
        transaction.savepoint_rollback(savepoint)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 40


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_county_counts_events_per_town_and_a_town_lists_them(db):
    root = _county(members=4000, unions=900)
    period = Period.year(TODAY.year)
    events = Event.objects.filter(start_date__gte=period.start, start_date__lt=period.end)
    events = events.exclude(kind=Event.Kind.TRAINING)
    section = _section(_annual(root), EVENTS)
    lead, towns = section.paragraphs  # however many events: one line in all, one per town
    assert lead.text().startswith(f"我县各级工会共举办各类活动{events.count()}场，其中")
    teams = EventEntry.objects.filter(event__in=events).count()
    assert f"参赛队伍{teams}支" in lead.text()
    stated = towns.text().removeprefix("分单位看：").removesuffix("。").split("，")
    expected = [
        f"{t.short_name or t.name}{events.filter(org__path__startswith=t.path).count()}场"
        for t in _towns(root)
        if events.filter(org__path__startswith=t.path).exists()
    ]
    if events.filter(org=root).exists():
        expected.insert(0, f"{root.short_name}本级{events.filter(org=root).count()}场")
    assert stated == expected
    assert all(f.link.startswith("/activities/") for f in towns.figures())
    assert events.count() > 30

    trainings = _section(_annual(root), "加强工会干部培训").paragraphs
    courses = Training.objects.filter(start_date__gte=period.start, start_date__lt=period.end)
    assert len(trainings) == courses.values("course").distinct().count() < courses.count()
    trainees = sum(int(p.figures()[0].value) for p in trainings)
    assert trainees == Trainee.objects.filter(training__in=courses).count()

    town = next(t for t in _towns(root) if events.filter(org__path__startswith=t.path))
    listed = _section(_annual(town), EVENTS).paragraphs
    assert len(listed) == events.filter(org__path__startswith=town.path).count()
    assert all(p.text().startswith("举办") for p in listed)


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_campaign_figures_agree_with_aid_figures(db):
    root = _county(members=2000, unions=300)
    for org in [root, *_towns(root)]:
        campaigns = list(Campaign.objects.within(org))
        grouped = aid.campaign_figures(org=org, campaigns=campaigns)
        for campaign in campaigns:
            one = aid.aid_figures(org=org, campaign=campaign)
            got = grouped[campaign.pk]
            for key in ("households", "persons", "people_reached", "by_group", "cash"):
                assert got[key] == one[key], (org, campaign, key)
            assert got["goods_value"] == one["goods_value"]
            assert got["goods"] == aid.goods_items(org=org, campaign=campaign)
    assert any(g["households"] and g["goods"] for g in grouped.values())


@pytest.mark.parametrize(
    ("report_org", "title"),
    [
        ("供电局工会", "供电局2026—2027年度安康杯竞赛活动总结"),
        ("示范县总工会", "示范县总工会供电局2026—2027年度安康杯竞赛活动总结"),
    ],
)
def test_competition_title_names_the_organiser_once(world, report_org, title):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        competition = samples.load_pian6(parent=world.county, by=world.county_clerk)
    ctx = context_for(
        kind="competition",
        org=Organization.objects.get(name=report_org),
        period=Period.year(2026),
        subject=competition.name,
        today=dt.date(2026, 12, 31),
    )
    built = build_report(ctx)
    assert built.title == title
    assert to_docx(built)  # and it renders


@pytest.mark.parametrize(
    ("org", "short", "subject", "title"),
    [
        ("county", "县总工会", "2026年示范县主题劳动竞赛", "2026年示范县主题劳动竞赛活动总结"),
        (
            "county",
            "县总工会",
            "2026年县直单位结对帮扶",
            "示范县总工会2026年县直单位结对帮扶活动总结",
        ),
        ("union_a", "桥涯工会", "2026年春节慰问（桥涯）", "桥涯村工会2026年春节慰问活动总结"),
        ("union_a", "桥涯工会", "2026年春节慰问（桥涯村）", "桥涯村工会2026年春节慰问活动总结"),
        (
            "union_a",
            "桥涯工会",
            "2026年春节慰问（杭坑村）",
            "桥涯村工会2026年春节慰问（杭坑村）活动总结",
        ),
    ],
)
def test_title_names_the_union_once(world, org, short, subject, title):
    from gonghui.reports.builder import title_for

    union = getattr(world, org)
    union.short_name = short
    ctx = context_for(
        kind="pairing", org=union, period=Period.year(2026), today=dt.date(2026, 12, 31)
    )
    ctx.campaign = type("Named", (), {"__str__": lambda self: subject})()
    assert title_for(ctx) == title
