"""The public notice page: only masked name, unit, category and amount, during the window only."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.cache import cache
from docx import Document

from gonghui.assistance import services as svc
from gonghui.assistance.models import Objection
from gonghui.assistance.rules import Category
from gonghui.core.pdf import soffice_path
from tests.assistance.helpers import D, apply, fetch, make_campaign, set_dibao
from tests.factories import make_person

ID_NUMBER = "320102199003070017"
SECRETS = [
    ID_NUMBER,
    "3201",  # not even the start of the ID number
    "肺癌晚期",  # illness
    "年收入8000元",  # income
    "太华镇桥涯村3组18号",  # address
    "6222021234567890123",  # bank account
    "张三丰",  # the full name
]


@pytest.fixture
def notice(world):
    cache.clear()
    set_dibao(world.town)
    campaign = make_campaign(world)
    svc.hardship_file_open(
        org=world.union_a,
        head=make_person("张三丰", id_number=ID_NUMBER),
        by=world.clerk,
        cause="illness",
        cause_detail="肺癌晚期",
        annual_income=D("8000"),
        household_size=2,
        opened=dt.date(2025, 6, 1),
        address="太华镇桥涯村3组18号",
        bank_account="6222021234567890123",
    )
    from gonghui.members.models import Person

    app = apply(
        world,
        campaign,
        person=Person.objects.get(id_number=ID_NUMBER),
        category=Category.ILLNESS,
        reason="肺癌晚期，年收入8000元",
    )
    other = apply(world, campaign, name="欧阳小锋", org=world.union_b)
    apps = fetch([app, other])
    svc.application_review(
        applications=apps,
        by=world.clerk,
        visit_date=dt.date(2026, 1, 5),
        visitors="李",
        findings="年收入8000元，住太华镇桥涯村3组18号",
    )
    return svc.notice_publish(
        campaign=campaign,
        org=world.town,
        applications=fetch(apps),
        by=world.clerk,
        starts=dt.date(2026, 1, 6),
    )


def _cells(html: str) -> list[list[str]]:
    body = re.search(r'<table[^>]*id="notice-list".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@time_machine.travel(dt.datetime(2026, 1, 8, 10, tzinfo=dt.UTC))
def test_public_page_renders_exactly_the_allowed_fields(notice, client):
    response = client.get(f"/public/aid/{notice.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    headers = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html)
    assert headers == ["序号", "姓名", "所在单位", "类别", "金额（元）"]
    assert _cells(html) == [
        ["1", "张*丰", "桥涯村", "大病家庭", "3000.00"],
        ["2", "欧**锋", "杭坑村", "低保户", "280.00"],
    ]
    for secret in SECRETS:
        assert secret not in html, secret
    # The objection form offers the same masked names, nothing more.
    options = re.findall(r"<option[^>]*>(.*?)</option>", html)
    assert options == ["（整份名单）", "张*丰（桥涯村）", "欧**锋（杭坑村）"]
    assert "0512-12345678" in html  # the objection phone line


@time_machine.travel(dt.datetime(2026, 1, 13, 10, tzinfo=dt.UTC))
def test_nothing_after_the_window(notice, client):
    html = client.get(f"/public/aid/{notice.token}/").content.decode()
    assert "公示期已结束" in html
    assert "*" not in re.sub(r"<(script|style).*?</\1>", "", html, flags=re.S)
    assert "桥涯村" not in html and "低保户" not in html
    assert (
        client.post(f"/public/aid/{notice.token}/", {"text": "还能提异议吗？"}).status_code == 410
    )


@time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC))
def test_nothing_before_the_window(notice, client):
    html = client.get(f"/public/aid/{notice.token}/").content.decode()
    assert "尚未开始" in html and "桥涯村" not in html


def test_unknown_token_is_404(client, db):
    assert client.get("/public/aid/not-a-token/").status_code == 404


@time_machine.travel(dt.datetime(2026, 1, 8, 10, tzinfo=dt.UTC))
def test_objection_feeds_the_queue_and_is_rate_limited(notice, client, settings):
    settings.AID_OBJECTION_LIMIT = 2
    app = notice.applications.order_by("pk").first()
    url = f"/public/aid/{notice.token}/"
    response = client.post(
        url, {"application": app.pk, "text": "该户开着轿车上班", "contact": "138"}
    )
    assert "您的异议已收到" in response.content.decode()
    objection = Objection.objects.get()
    assert (objection.application, objection.status) == (app, "open")
    assert client.post(url, {"text": "名单里还有别人也不困难"}).status_code == 200
    assert client.post(url, {"text": "第三条异议内容"}).status_code == 429
    assert Objection.objects.count() == 2
    assert client.post(url, {"text": "短"}).status_code == 429  # still limited
    cache.clear()
    assert "至少" in client.post(url, {"text": "短"}).content.decode()


@time_machine.travel(dt.datetime(2026, 1, 8, 10, tzinfo=dt.UTC))
def test_printed_notice_docx(notice, world, client):
    client.force_login(world.clerk)
    response = client.get(f"/assistance/notices/{notice.pk}/notice.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "太华镇总工会" in text
    assert "公示期自2026年1月6日至2026年1月12日" in text
    assert "异议受理电话：0512-12345678" in text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows == [
        ["序号", "姓名", "所在单位", "类别", "金额（元）"],
        ["1", "张*丰", "桥涯村", "大病家庭", "3000.00"],
        ["2", "欧**锋", "杭坑村", "低保户", "280.00"],
    ]
    full = text + str(rows)
    for secret in SECRETS:
        assert secret not in full


def test_pdf_says_clearly_when_libreoffice_is_missing(notice, world, client, monkeypatch):
    import gonghui.core.pdf as pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    client.force_login(world.clerk)
    response = client.get(f"/assistance/notices/{notice.pk}/notice.pdf")
    assert response.status_code == 503
    assert "没有安装 LibreOffice" in response.content.decode()
    page = client.get(f"/assistance/notices/{notice.pk}/").content.decode()
    assert "PDF 不可用" in page and "没有安装 LibreOffice" in page


@pytest.mark.skipif(
    not soffice_path(), reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)
def test_pdf_is_a_real_a4_document_with_the_public_rows(notice, world, client):
    client.force_login(world.clerk)
    response = client.get(f"/assistance/notices/{notice.pk}/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    # A4 portrait: 595 x 842 points
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595(\.\d+)? 841", body)
