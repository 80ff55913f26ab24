import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.competitions import services
from gonghui.competitions.models import Competition, Inspection, Submission
from gonghui.orgs.models import Organization

from .helpers import safety_competition


def _thirty_units(world):
    for i in range(28):
        Organization.objects.add_child(
            world.town,
            dict(name=f"太华镇第{i + 1:02d}企业工会", kind="grassroots", unit_type="enterprise"),
        )
    world.town.refresh_from_db()


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False)
def test_organiser_sets_up_a_safety_cycle_for_thirty_units(world, client):
    _thirty_units(world)
    client.force_login(world.clerk)
    response = client.post(
        reverse("competitions:create"),
        {
            "name": "太华镇2026—2027年度安康杯竞赛",
            "kind": "safety",
            "organiser": world.town.pk,
            "start_date": "2026-03-01",
            "end_date": "2027-12-31",
            "award_threshold": "95",
            "late_record_days": "7",
            "reminder_days": "3",
            "self_registration": "on",
            "add_standard_documents": "on",
            "first_due": "2026-03-31",
            "add_standard_rubric": "on",
            "assign_all_units": "on",
        },
    )
    comp = Competition.objects.get()
    assert response.status_code == 302 and response["Location"] == comp.get_absolute_url()
    assert comp.participants.count() == 30
    assert comp.requirements.count() == 5
    assert sum(i.max_points for i in comp.rubric.all()) == 100


def test_one_year_safety_cycle_is_refused_on_the_form(world, client):
    client.force_login(world.clerk)
    response = client.post(
        reverse("competitions:create"),
        {
            "name": "一年期安康杯",
            "kind": "safety",
            "organiser": world.town.pk,
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "award_threshold": "95",
            "late_record_days": "7",
            "reminder_days": "3",
        },
    )
    assert response.status_code == 200
    assert "两年为一个周期" in response.content.decode()
    assert not Competition.objects.exists()


def test_board_queries_do_not_grow_with_units(world, client, django_assert_max_num_queries):
    _thirty_units(world)
    comp = safety_competition(world, units=list(Organization.objects.unions().within(world.town)))
    assert comp.participants.count() == 30
    client.force_login(world.clerk)
    url = reverse("competitions:board", kwargs={"pk": comp.pk})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    page = response.content.decode()
    assert page.count("state-missing") >= 30 * 3
    with django_assert_max_num_queries(20):
        client.get(url, {"state": "on_time"}, HTTP_HX_REQUEST="true")


def test_board_list_query_count_is_fixed(world, client, django_assert_num_queries):
    comp = safety_competition(world)
    client.force_login(world.clerk)
    url = reverse("competitions:board", kwargs={"pk": comp.pk})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(5):
        services.participant_add(
            by=world.clerk,
            competition=comp,
            org=Organization.objects.add_child(
                world.town, dict(name=f"新增{i}工会", kind="grassroots")
            ),
        )
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_chair_uploads_and_the_board_shows_it(world, client):
    comp = safety_competition(world)
    part = comp.participants.get(org=world.union_a)
    plan = comp.requirements.get(kind="plan")
    client.force_login(world.chair_a)
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        response = client.post(
            reverse("competitions:upload", kwargs={"pk": part.pk, "requirement": plan.pk}),
            {"file": SimpleUploadedFile("桥涯村安康杯方案.docx", b"PK..")},
        )
    assert response.status_code == 302
    sub = Submission.objects.get()
    assert sub.submitted_on == dt.date(2026, 3, 20)
    client.force_login(world.chair_a)
    # a chair cannot back-date a paper hand-in
    reg = comp.requirements.get(kind="registration")
    response = client.post(
        reverse("competitions:upload", kwargs={"pk": part.pk, "requirement": reg.pk}),
        {"submitted_on": "2026-03-01"},
    )
    assert response.status_code == 403
    download = client.get(reverse("competitions:download", kwargs={"pk": sub.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK.."
    client.force_login(world.clerk)
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, 0), tick=False):
        client.force_login(world.clerk)
        page = client.get(reverse("competitions:board", kwargs={"pk": comp.pk})).content.decode()
    assert "state-on_time" in page and "逾期未报" in page
    client.force_login(world.chair_b)
    assert client.get(reverse("competitions:download", kwargs={"pk": sub.pk})).status_code == 404


def test_self_assessment_spot_check_and_ranking_pages(world, client):
    comp = safety_competition(world)
    part = comp.participants.get(org=world.union_a)
    items = list(comp.rubric.all())
    full = {f"points_{i.id}": str(i.max_points) for i in items}
    client.force_login(world.chair_a)
    url = reverse("competitions:inspect", kwargs={"pk": part.pk, "kind": "self"})
    assert client.post(url, {**full, "inspected_on": "2026-10-01"}).status_code == 302
    client.force_login(world.clerk)
    spot = reverse("competitions:inspect", kwargs={"pk": part.pk, "kind": "spot"})
    bad = {**full, f"points_{items[0].id}": "25", "inspected_on": "2026-10-20"}
    response = client.post(spot, bad)
    assert response.status_code == 200 and "超过该项满分" in response.content.decode()
    scores = {**full, f"points_{items[-1].id}": "26", f"remark_{items[-1].id}": "工器具室无照明"}
    response = client.post(
        spot,
        {
            **scores,
            "inspected_on": "2026-10-20",
            "photos": [SimpleUploadedFile("工器具室.jpg", b"\xff\xd8\xff")],
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(kind="spot")
    assert inspection.total == 96 and inspection.photos.count() == 1
    page = client.get(reverse("competitions:ranking", kwargs={"pk": comp.pk})).content.decode()
    assert ">96" in page and "可申报" in page


def test_double_link_export(world, client):
    comp = safety_competition(world)
    client.force_login(world.clerk)
    response = client.get(reverse("competitions:export", kwargs={"pk": comp.pk}))
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[2][:3] == ("名次", "参赛单位", "所属工会")
    assert {r[1] for r in rows[3:]} == {"桥涯村工会", "杭坑村工会"}


def test_findings_page_names_units(world, client):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        from gonghui.competitions import samples

        comp = samples.load_pian6(parent=world.county, by=world.county_clerk)
        client.force_login(world.county_clerk)
        page = client.get(reverse("competitions:findings", kwargs={"pk": comp.pk})).content.decode()
    assert "全部按时上报的单位 <strong>7</strong> 家" in page
    assert "信息通信分公司工会" in page and "电缆班" in page


@pytest.mark.parametrize("who", ["chair_a", "clerk"])
def test_proposals_page_figures(world, client, who):
    for i in range(3):
        p = services.proposal_submit(
            by=world.chair_a,
            org=world.union_a,
            title=f"建议{i}",
            proposer_name="王芳",
            submitted_on=dt.date(2026, 5, 1),
        )
        if i == 0:
            services.proposal_adopt(by=world.clerk, proposal=p, on=dt.date(2026, 6, 1))
    client.force_login(getattr(world, who))
    page = client.get(
        reverse("competitions:proposals"), {"from": "2026-01-01", "to": "2026-12-31"}
    ).content.decode()
    assert "33.3%" in page
