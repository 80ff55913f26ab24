"""The demo loader puts 篇5's town in the ledger: its sentence comes out of the figures."""

import datetime as dt
import random

from gonghui.bargaining import demo, selectors
from gonghui.core.dates import Period
from gonghui.core.demo import DemoContext
from gonghui.orgs import demo as orgs_demo
from tests.bargaining.test_source_figures import SENTENCE


def test_demo_reproduces_source_five(db):
    today = dt.date(2026, 11, 26)
    context = DemoContext(today=today, rng=random.Random(1))
    orgs_demo.load(context)
    context.rng = random.Random(2)
    demo.load(context)
    town = context.org(demo.TOWN)
    figures = selectors.figures(org=town, period=Period.half(2026, 1), today=today)
    assert figures["sentence"] == SENTENCE
    expiring = selectors.agreements_expiring(org=town, today=today)
    assert [a.ends for a in expiring] == [dt.date(2027, 1, 26)]
    assert "到期" in context.notes[-1]
    building = figures["union_building"]
    # the small firms topped up for 篇5 do not all fall under the 25-staff duty to unionise:
    # the two 应建未建 examples of the orgs loader remain (锦华纺织品有限公司, 太华竹木制品厂)
    assert building["employers_to_unionise"] == 2
    assert building["unionisation_rate"] == {"numerator": 6, "denominator": 8, "percent": 75}
