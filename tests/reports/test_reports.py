import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document

from gonghui.core.dates import Period
from gonghui.reports import registry
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for
from gonghui.reports.models import Report
from gonghui.reports.registry import F, P, money
from gonghui.reports.render import to_docx, to_markdown
from gonghui.reports.services import report_create, report_save_narrative


@pytest.fixture
def probe_section():
    """A section registered for the test: 篇5's sentence written from the figures given."""

    @registry.section("test.probe", title="推进工资集体协商", kinds=["half-year"], order=999)
    def probe(ctx):
        return [
            P(
                "今年年初",
                ctx.we,
                "续签企业",
                F(194, "家", link="/x/renewed"),
                "，新增企业",
                F(5, "家"),
                "，共计签订",
                F(199, "家"),
                "。",
            ),
            P("为", F(30, "名"), "特困职工送去慰问金", money(24000), "。", heading="1、"),
        ]

    yield
    registry.SECTIONS.pop("test.probe")


def _ctx(world, **kw):
    return context_for(
        kind="half-year",
        org=world.town,
        period=Period.half(2026, 1),
        today=dt.date(2026, 7, 5),
        **kw,
    )


def test_sentences_exact_and_rounded(world, probe_section):
    built = build_report(_ctx(world))
    section = next(s for s in built.sections if s.title == "推进工资集体协商")
    assert section.paragraphs[0].text() == "今年年初我镇续签企业194家，新增企业5家，共计签订199家。"
    assert section.paragraphs[1].text() == "为30名特困职工送去慰问金24000元。"
    assert section.paragraphs[1].text(rounded=True) == "为30名特困职工送去慰问金2.4万元。"
    assert built.title == "太华镇总工会2026年上半年工作总结及下半年工作打算"
    titles = [s.title for s in built.sections]
    assert titles[-2:] == ["存在的不足", "下半年工作打算"]
    assert [s.number for s in built.sections][:2] == ["一、", "二、"]


def test_docx_is_an_official_document(world, probe_section):
    built = build_report(_ctx(world), {"next_steps": "1、抓好换届。\n2、推进协商。"})
    doc = Document(io.BytesIO(to_docx(built)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == built.title
    assert any(t.startswith("一、") for t in texts)
    assert "1、为30名特困职工送去慰问金24000元。" in texts
    assert "1、抓好换届。" in texts and "2、推进协商。" in texts
    assert texts[-1] == "2026年7月5日"
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    # Fonts and layout come from the document's styles (one place a clerk can change them).
    title = doc.paragraphs[0].style
    assert title.name == "公文标题" and title.font.size.pt == 22 and title.font.bold
    assert title.font.name == "Noto Serif CJK SC"
    assert 'w:eastAsia="Noto Serif CJK SC"' in title.element.xml  # not only the Latin font
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、")).style
    assert heading.name == "公文一级标题" and heading.font.bold
    assert heading.paragraph_format.keep_with_next  # not left alone at the foot of a page
    assert 'w:eastAsia="Noto Sans CJK SC"' in heading.element.xml
    body = next(p for p in doc.paragraphs if p.text == "1、抓好换届。")
    assert body.style.name == "公文正文" and body.style.font.size.pt == 16
    fmt = body.style.paragraph_format
    assert fmt.first_line_indent.pt == 32 and fmt.line_spacing.pt == 28
    lead = next(p for p in doc.paragraphs if p.text == "1、为30名特困职工送去慰问金24000元。")
    assert lead.runs[0].text == "1、" and lead.runs[0].style.font.bold
    assert doc.paragraphs[-1].style.name == "公文落款"


def test_markdown(world, probe_section):
    md = to_markdown(build_report(_ctx(world)))
    assert md.startswith("# 太华镇总工会")
    assert "、推进工资集体协商" in md


@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
def test_cli_writes_by_suffix(world, probe_section, tmp_path, suffix):
    out = tmp_path / f"r{suffix}"
    call_command(
        "report",
        "half-year",
        "--org",
        "太华镇",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "-o",
        str(out),
    )
    data = out.read_bytes()
    if suffix == ".docx":
        assert "续签企业194家" in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    else:
        assert "续签企业194家" in data.decode()


def test_cli_draft_fills_the_written_parts_with_the_datas_suggestions(world, tmp_path):
    args = ["report", "half-year", "--org", "太华镇", "--from", "2026-01-01", "--to", "2026-06-30"]
    call_command(*args, "-o", str(tmp_path / "plain.md"))
    call_command(*args, "--draft", "-o", str(tmp_path / "draft.md"))
    plain, draft = ((tmp_path / f).read_text() for f in ("plain.md", "draft.md"))
    assert "未建立工会" not in plain and "（待填写）" in plain
    assert "1、尚有1家职工25人以上的单位未建立工会，工会组织覆盖面有待扩大。" in draft
    assert "2、入会率为0%，入会面不够广。" in draft
    assert "（待填写）" in draft  # 下半年工作打算: the data suggests nothing here


def test_cli_refuses_unknown_org(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有找到组织"):
        call_command("report", "annual", "--org", "不存在镇", "-o", str(tmp_path / "x.md"))


def test_narrative_versions_and_final(world):
    report = report_create(by=world.clerk, kind="annual", org=world.town, period=Period.year(2026))
    report_save_narrative(
        report=report, by=world.clerk, texts={"shortcomings": "档案不全", "bogus": "x"}
    )
    v2 = report_save_narrative(
        report=report, by=world.clerk, texts={"shortcomings": "档案不全；入会面不广"}, final=True
    )
    report.refresh_from_db()
    assert v2.number == 2 and report.status == Report.Status.FINAL
    assert report.narratives() == {"shortcomings": "档案不全；入会面不广"}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已定稿"):
        report_save_narrative(report=report, by=world.clerk, texts={"shortcomings": "改"})


def test_pages_create_preview_save_download(world, client, probe_section):
    client.force_login(world.clerk)
    response = client.post(
        "/reports/", {"kind": "half-year", "org": "太华镇", "year": 2026, "period": "h1"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.start, report.end) == (dt.date(2026, 1, 1), dt.date(2026, 7, 1))
    page = client.get(response["Location"]).content.decode()
    assert '<a class="report-figure" href="/x/renewed" title="查看明细">194家</a>' in page
    client.post(
        f"/reports/{report.pk}/narrative/",
        {"shortcomings": "档案不全", "next_steps": "1、抓好换届"},
    )
    assert report.versions.count() == 1
    docx = client.get(f"/reports/{report.pk}/download/docx/")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "档案不全" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)


def test_campaign_kind_requires_subject(world, client):
    client.force_login(world.clerk)
    response = client.post(
        "/reports/", {"kind": "festival", "org": "太华镇", "year": 2026, "period": "year"}
    )
    assert response.status_code == 200
    assert "须填写慰问活动或竞赛的名称" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("kind", sorted(registry.KINDS))
def test_every_kind_builds_and_renders_on_empty_ledgers(world, kind):
    ctx = context_for(
        kind=kind, org=world.town, period=Period.year(2026), today=dt.date(2026, 12, 31)
    )
    built = build_report(ctx)
    assert built.sections and built.sections[-1].narrative_key
    doc = Document(io.BytesIO(to_docx(built)))
    assert doc.paragraphs[0].text == built.title
