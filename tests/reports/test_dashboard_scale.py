"""The dashboard's query count does not grow with the rows: a county with every ledger at two sizes
(more towns, so more campaigns and competitions running, and ten times the members)."""

import datetime as dt

import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.core.dates import Period
from gonghui.core.generate import generate_county
from gonghui.core.generate_ledgers import generate_ledgers
from gonghui.orgs.models import Organization
from gonghui.reports.views_dashboard import collect_reminders, dashboard_figures

TODAY = dt.date(2026, 11, 26)


def _dashboard_queries(*, members: int, unions: int) -> tuple[int, dict]:
    generate_county(members=members, unions=unions, employers=unions * 2, seed=5, today=TODAY)
    generate_ledgers(seed=5, today=TODAY)
    root = Organization.objects.get_root_nodes().first()
    with CaptureQueriesContext(connection) as captured:
        figures = dashboard_figures(org=root, period=Period.year(TODAY.year))
    return len(captured), {f.key: f.value for f in figures}


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_dashboard_query_count_does_not_grow_with_the_rows(db):
    savepoint = transaction.savepoint_create()
    small, small_figures = _dashboard_queries(members=400, unions=10)
    transaction.savepoint_rollback(savepoint)
    large, large_figures = _dashboard_queries(members=4000, unions=900)  # 4 towns instead of 1
    assert large_figures["aid_households"] > small_figures["aid_households"]
    assert "handins_on_time" in large_figures
    assert large == small, (small, large)
    assert large <= 60


@time_machine.travel(dt.datetime(2026, 11, 26, 10, 0), tick=False)
def test_reminders_centre_over_a_generated_county(db):
    generate_county(members=1000, unions=40, employers=80, seed=5, today=TODAY)
    generate_ledgers(seed=5, today=TODAY)
    root = Organization.objects.get_root_nodes().first()
    categories = {r.category for r in collect_reminders(org=root, today=TODAY)}
    assert {"困难档案复核", "基层工会换届"} <= categories
