"""The 送温暖 paragraph of the annual summary: households when there are, people when a campaign
only visited (an old people's home, an army unit)."""

import datetime as dt
from decimal import Decimal as D

from gonghui.assistance.models import Visit
from gonghui.core.dates import Period
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for
from tests.assistance.helpers import make_campaign


def _warmth(world) -> list[str]:
    ctx = context_for(
        kind="annual", org=world.town, period=Period.year(2026), today=dt.date(2026, 12, 31)
    )
    built = build_report(ctx)
    (section,) = [s for s in built.sections if s.title == "以送温暖为载体，开展帮扶慰问活动"]
    return [p.text(False) for p in section.paragraphs]


def test_a_visit_only_campaign_says_people_not_zero_households(world):
    campaign = make_campaign(world, name="2026年八一慰问")
    Visit.objects.create(
        campaign=campaign,
        org=world.town,
        date=dt.date(2026, 7, 30),
        kind=Visit.Kind.ARMY_UNIT,
        place="驻镇部队",
        people_reached=80,
        cash=D("5000"),
        goods_value=D("3000"),
    )
    (text,) = _warmth(world)
    assert "0户" not in text
    assert "走访慰问80人，送去慰问金5000元" in text
