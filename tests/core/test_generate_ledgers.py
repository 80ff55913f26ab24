"""Every ledger over a generated county (run small here): counts, constraints, and the figures
selectors, report and dashboard running over it."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from gonghui.core.dates import Period
from gonghui.core.generate import GenerateError, generate_county
from gonghui.core.generate_ledgers import generate_ledgers
from gonghui.orgs.models import Organization

TODAY = dt.date(2026, 11, 26)
YEAR = Period.year(2026)


@pytest.fixture
def county(db):
    generate_county(members=4000, unions=60, employers=150, seed=7, today=TODAY)
    counts = generate_ledgers(seed=7, today=TODAY)
    return Organization.objects.get_root_nodes().first(), counts


def test_every_ledger_has_rows_in_proportion(county):
    _root, counts = county
    assert all(n > 0 for n in counts.values()), [k for k, n in counts.items() if n == 0]
    # 4,000 members: about 5 applications per hundred a year, 4 proposals per hundred a year
    assert 300 <= counts["assistance.Application"] <= 500
    assert counts["assistance.Disbursement"] >= counts["assistance.Application"] * 0.7
    assert counts["competitions.Proposal"] == 2 * 4000 * 4 // 100
    assert counts["honors.ModelWorker"] == 4000 // 1200
    for label, n in counts.items():
        assert apps.get_model(label).objects.count() == n, label


def test_rows_satisfy_every_model_constraint(county):
    _root, counts = county
    connection.check_constraints()  # foreign keys
    for label in counts:
        model = apps.get_model(label)
        rows = list(model.objects.order_by("pk")[:25]) + list(model.objects.order_by("-pk")[:25])
        # who entered a row is a user the generator does not invent (null, as in an import)
        users = [f.name for f in model._meta.fields if f.related_model is get_user_model()]
        for row in rows:
            row.full_clean(exclude=users)  # choices, validators, check and unique constraints


def test_derived_columns_and_relations_hold(county):
    from gonghui.assistance.models import Application, Disbursement, GoodsLine
    from gonghui.bargaining.models import Agreement
    from gonghui.competitions.models import Inspection, ItemScore
    from gonghui.honors.models import ModelWorker

    for worker in ModelWorker.objects.select_related("person"):
        assert worker.statutory_retirement == worker.retirement().first_day
    for d in Disbursement.objects.select_related("application")[:200]:
        assert d.org_id == d.application.org_id and d.cash == d.application.cash
        assert d.application.status in ("disbursed", "closed")
    for app in Application.objects.filter(goods_value__gt=0, status="disbursed")[:50]:
        value = sum(g.value for g in GoodsLine.objects.filter(disbursement__application=app))
        assert value == app.goods_value
    for inspection in Inspection.objects.all()[:50]:
        assert inspection.total == sum(s.points for s in ItemScore.objects.filter(inspection=inspection))  # fmt: skip
    renewals = Agreement.objects.filter(renewal_of__isnull=False).select_related("renewal_of")
    assert renewals.exists()
    for agreement in renewals:
        assert agreement.signed == agreement.renewal_of.ends + dt.timedelta(days=1)
    assert not Agreement.objects.filter(signed__gt=TODAY).exists()


def test_figures_report_and_dashboard_run_over_it(county):
    from gonghui.activities.selectors import activities_figures
    from gonghui.assistance.selectors import aid_figures, hardship_figures
    from gonghui.bargaining.selectors import agreement_figures, union_building_figures
    from gonghui.competitions.models import Competition
    from gonghui.competitions.selectors import (
        competition_figures,
        competition_findings,
        competitions_overview,
    )
    from gonghui.honors.selectors import honours_figures
    from gonghui.reports.builder import build_report
    from gonghui.reports.context import context_for
    from gonghui.reports.render import to_docx
    from gonghui.reports.views_dashboard import dashboard_figures

    root, _ = county
    aid = aid_figures(org=root, period=YEAR)
    assert aid["households"] > 0 and aid["total_value"] > 0 and aid["units_visited"] > 0
    assert hardship_figures(org=root, day=TODAY)["open"] == 40
    bargaining = agreement_figures(org=root, period=YEAR, today=TODAY)["employers"]
    assert bargaining["renewed"] > 0 and bargaining["new"] > 0 and bargaining["single"] > 0
    assert union_building_figures(org=root, period=YEAR, today=TODAY)["membership_rate"]["percent"]
    overview = competitions_overview(org=root, period=YEAR)
    assert overview["competitions"] > 0 and overview["contestants"] > 0
    assert overview["proposals"]["submitted"] == 4000 * 4 // 100
    safety = Competition.objects.get(kind="safety")
    assert competition_figures(competition=safety, today=TODAY)["handins"]["submitted"] > 0
    assert competition_findings(competition=safety, today=TODAY)["units"] > 0
    assert honours_figures(org=root, period=YEAR, today=TODAY)["workers"] == 3
    activities = activities_figures(org=root, period=YEAR)
    assert activities["events"] > 0 and activities["publicity"]["used"] > 0
    assert activities["trainings"]["trainees"] > 0

    built = build_report(context_for(kind="annual", org=root, period=YEAR, today=TODAY))
    titles = [s.title for s in built.sections if s.paragraphs]
    assert "以送温暖为载体，开展帮扶慰问活动" in titles
    assert "深入推进工资集体协商" in titles and "做好劳模管理服务工作" in titles
    assert "深入开展劳动竞赛和合理化建议活动" in titles and "强化信息宣传工作" in titles
    assert to_docx(built)[:2] == b"PK"
    figures = {f.key: f for f in dashboard_figures(org=root, period=YEAR)}
    assert figures["aid_households"].value == aid["households"]
    assert figures["aid_households"].last_year > 0


def test_same_seed_same_ledgers_and_refuses_to_write_twice(db):
    from gonghui.assistance.models import Application
    from gonghui.competitions.models import Proposal

    generate_county(members=600, unions=12, employers=30, seed=3, today=TODAY)

    def fingerprint():
        return (
            list(Application.objects.order_by("pk").values_list("person_id", "status", "cash")),
            list(Proposal.objects.order_by("pk").values_list("org_id", "status", "submitted_on")),
        )

    savepoint = transaction.savepoint_create()
    generate_ledgers(seed=3, today=TODAY)
    first = fingerprint()
    transaction.savepoint_rollback(savepoint)
    assert not Application.objects.exists()
    generate_ledgers(seed=3, today=TODAY)
    assert fingerprint() == first
    with pytest.raises(GenerateError):
        generate_ledgers(seed=3, today=TODAY)


def test_command_writes_the_ledgers_over_the_county_in_the_database(db):
    from gonghui.bargaining.models import Agreement

    with pytest.raises(GenerateError):
        generate_ledgers(seed=1, today=TODAY)  # no county yet
    out = io.StringIO()
    call_command("generate", "--members", "500", "--unions", "10", "--employers", "20", stdout=out)
    call_command("generate", "--ledgers", stdout=out)
    assert "台账完成" in out.getvalue()
    assert Agreement.objects.exists()
