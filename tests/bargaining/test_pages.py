"""The clerk's journey through the pages, scoping, and query counts on the list pages."""

import datetime as dt

import time_machine
from django.urls import reverse

from gonghui.bargaining.models import Agreement, Filing
from gonghui.core.models import ChangeRecord
from tests.bargaining.helpers import make_agreement, make_employer


def _creditcode(n: int) -> str:
    from gonghui.core.creditcode import check_char

    first17 = f"91320102MA{n:07d}"
    return first17 + check_char(first17)


def _sixty(world):
    employers = [world.employer_a]
    for i in range(59):
        e = make_employer(world.town, name=f"太华镇第{i:02d}织造厂", industry="纺织", employees=20)
        e.credit_code = _creditcode(i + 1)
        e.save()
        employers.append(e)
    return employers


REGIONAL = {
    "title": "太华镇2026年区域性工资集体协议",
    "scope": "regional",
    "topic": "wage",
    "union": "太华镇",
    "employer_side": "太华镇企业联合会",
    "signed": "2026-03-02",
    "starts": "2026-03-01",
    "ends": "2027-02-28",
    "vote_body": "regional_congress",
    "vote_date": "2026-02-26",
    "vote_eligible": "90",
    "vote_present": "60",
    "vote_for": "46",
}


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False)
def test_register_regional_agreement_of_sixty_by_pasted_list(world, client):
    employers = _sixty(world)
    client.force_login(world.clerk)
    pasted = (
        "\n".join(e.credit_code for e in employers[:30])
        + "\n"
        + "，".join(e.name for e in employers[30:])
    )
    response = client.post(reverse("bargaining:create"), {**REGIONAL, "employer_list": pasted})
    assert response.status_code == 302, response.context["form"].errors
    agreement = Agreement.objects.get()
    assert agreement.coverages.count() == 60
    assert agreement.union == world.town
    page = client.get(response["Location"])
    assert "覆盖企业（60 家）" in page.content.decode()
    assert "2026-03-09" in page.content.decode()  # wage agreement: file within 7 days


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False)
def test_picked_checkboxes_and_all_in_area_are_combined(world, client):
    employers = _sixty(world)
    client.force_login(world.clerk)
    data = {**REGIONAL, "employers": [employers[0].pk, employers[1].pk], "all_in_area": "on"}
    response = client.post(reverse("bargaining:create"), data)
    assert response.status_code == 302
    assert Agreement.objects.get().coverages.count() == 60


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False)
def test_form_shows_rule_failures_and_unknown_employers(world, client):
    client.force_login(world.clerk)
    data = {
        **REGIONAL,
        "vote_present": "59",
        "employer_list": "不存在的公司\n" + world.employer_a.name,
    }
    response = client.post(reverse("bargaining:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "不存在的公司" in html and "没有找到对应企业" in html
    data = {**REGIONAL, "vote_present": "59", "employer_list": world.employer_a.name}
    html = client.post(reverse("bargaining:create"), data).content.decode()
    assert "三分之二" in html
    data = {**REGIONAL, "ends": "2029-03-01", "employer_list": world.employer_a.name}
    html = client.post(reverse("bargaining:create"), data).content.decode()
    assert "超过三年" in html
    assert not Agreement.objects.exists()


def test_file_then_deemed_effective_then_expiry_reminder(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False):
        client.force_login(world.clerk)
        employers = _sixty(world)
        pasted = "\n".join(e.credit_code for e in employers)
        response = client.post(reverse("bargaining:create"), {**REGIONAL, "employer_list": pasted})
        agreement = Agreement.objects.get()
    url = agreement.get_absolute_url()
    with time_machine.travel(dt.datetime(2026, 3, 6, 10, 0), tick=False):
        client.force_login(world.clerk)
        response = client.post(
            reverse("bargaining:file", args=[agreement.pk]), {"filed": "2026-03-06"}
        )
        assert response.status_code == 302
        assert "审查中" in client.get(url).content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 21, 10, 0), tick=False):
        client.force_login(world.clerk)
        html = client.get(url).content.decode()
        assert "审查中" in html and "2026-03-22" in html
    with time_machine.travel(dt.datetime(2026, 3, 22, 10, 0), tick=False):
        client.force_login(world.clerk)
        html = client.get(url).content.decode()
        assert "视为生效" in html
        assert Filing.objects.get().outcome == ""
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0), tick=False):
        client.force_login(world.clerk)
        html = client.get(reverse("bargaining:reminders")).content.decode()
        assert "太华镇2026年区域性工资集体协议" not in html  # ends 2027-02-28: 3 months + 1 day
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0), tick=False):
        client.force_login(world.clerk)
        html = client.get(reverse("bargaining:reminders")).content.decode()
        assert "太华镇2026年区域性工资集体协议" in html
        html = client.get(url).content.decode()
        assert "到期" in html and "?renew=" in html
    with time_machine.travel(dt.datetime(2027, 1, 10, 10, 0), tick=False):
        client.force_login(world.clerk)
        response = client.get(reverse("bargaining:create") + f"?renew={agreement.pk}")
        assert response.status_code == 200
        assert len(response.context["picked"]) == 60
        data = {
            **REGIONAL,
            "renew": agreement.pk,
            "title": "太华镇2027年区域性工资集体协议",
            "signed": "2027-01-10",
            "starts": "2027-03-01",
            "ends": "2028-02-29",
            "vote_date": "2027-01-05",
            "employers": [e.pk for e in response.context["picked"]],
        }
        response = client.post(reverse("bargaining:create"), data)
        assert response.status_code == 302
        renewal = Agreement.objects.get(renewal_of=agreement)
        assert renewal.kind_label == "续签"
        assert (
            "太华镇2026年区域性工资集体协议"
            not in client.get(reverse("bargaining:reminders"))
            .content.decode()
            .split('id="overdue"')[0]
        )


@time_machine.travel(dt.datetime(2026, 3, 20, 10, 0), tick=False)
def test_objection_through_the_page(world, client):
    agreement = make_agreement(
        union=world.town, employers=[world.employer_a], signed=dt.date(2026, 3, 2)
    )
    client.force_login(world.clerk)
    client.post(reverse("bargaining:file", args=[agreement.pk]), {"filed": "2026-03-05"})
    client.post(
        reverse("bargaining:decide", args=[agreement.pk]),
        {"outcome": "objection", "decided": "2026-03-19", "objection_text": "未经职代会审议的条款"},
    )
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "提出异议" in html and "未经职代会审议的条款" in html
    assert ChangeRecord.objects.filter(model="bargaining.filing").count() == 2


@time_machine.travel(dt.datetime(2026, 3, 20, 10, 0), tick=False)
def test_chair_b_sees_nothing_of_union_a(world, client):
    agreement = make_agreement(
        union=world.union_a,
        employers=[world.employer_a],
        scope="single",
        signed=dt.date(2026, 3, 2),
    )
    client.force_login(world.chair_b)
    assert agreement.title not in client.get(reverse("bargaining:list")).content.decode()
    assert client.get(agreement.get_absolute_url()).status_code == 404
    client.force_login(world.chair_a)
    assert agreement.title in client.get(reverse("bargaining:list")).content.decode()


@time_machine.travel(dt.datetime(2026, 3, 20, 10, 0), tick=False)
def test_employer_search_fragment(world, client):
    make_employer(world.town, name="杭坑织造厂", industry="纺织")
    client.force_login(world.clerk)
    response = client.get(
        reverse("bargaining:employer_search"), {"q": "织造"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "杭坑织造厂" in html and "<html" not in html
    response = client.get(reverse("bargaining:employer_search"), {"industry": "纺织"})
    assert "桥涯纺织有限公司" in response.content.decode() and "<html" in response.content.decode()


def _many(world, n=12):
    for i in range(n):
        employers = [make_employer(world.town) for _ in range(3)]
        agreement = make_agreement(
            union=world.town, employers=employers, signed=dt.date(2026, 1, 1) + dt.timedelta(days=i)
        )
        if i % 2:
            from gonghui.bargaining.services import filing_record

            filing_record(
                by=None, agreement=agreement, filed=agreement.signed, today=agreement.signed
            )


@time_machine.travel(dt.datetime(2026, 6, 20, 10, 0), tick=False)
def test_list_pages_query_counts_do_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.clerk)
    _many(world, 3)
    counts = {}
    for name in (
        "bargaining:list",
        "bargaining:reminders",
        "bargaining:figures",
        "bargaining:building",
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(ctx)
    _many(world, 12)
    for name, n in counts.items():
        with django_assert_max_num_queries(n):
            assert client.get(reverse(name)).status_code == 200


@time_machine.travel(dt.datetime(2026, 6, 20, 10, 0), tick=False)
def test_list_page_query_count(world, client, django_assert_num_queries):
    client.force_login(world.clerk)
    _many(world, 5)
    client.get(reverse("bargaining:list"))  # warm the session
    # session, user, placement, page count, page rows, 4 reminder counts,
    # and the idle-timeout stamp written back to the session (savepoint, update, release)
    with django_assert_num_queries(12):
        assert client.get(reverse("bargaining:list")).status_code == 200


@time_machine.travel(dt.datetime(2026, 3, 20, 10, 0), tick=False)
def test_import_page_checks_then_imports_and_export_downloads(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        "合同名称,签订形式,合同类别,工会方,企业名称,签订日期,起始日期,终止日期,应到人数,实到人数,同意人数\n"
        "桥涯纺织合同,单独签订,工资专项,太华镇,桥涯纺织有限公司,2026-01-15,2026-01-01,2026-12-31,30,25,20\n"
        "坏合同,单独签订,工资专项,太华镇,桥涯纺织有限公司,2026-01-15,2026-01-01,2026-12-31,30,19,19\n"
    ).encode()
    client.force_login(world.clerk)
    url = reverse("bargaining:import")
    html = client.post(
        url, {"ledger": "agreements", "file": SimpleUploadedFile("a.csv", csv)}
    ).content.decode()
    assert "检查完成" in html and "三分之二" in html
    assert not Agreement.objects.exists()
    html = client.post(
        url, {"ledger": "agreements", "commit": "1", "file": SimpleUploadedFile("a.csv", csv)}
    ).content.decode()
    assert "已导入" in html, html[html.find("alert") :][:600]
    assert Agreement.objects.get().title == "桥涯纺织合同"
    response = client.get(reverse("bargaining:export", args=["agreements"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"PK" == response.content[:2]
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403
