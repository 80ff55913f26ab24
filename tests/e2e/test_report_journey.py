"""The summary journey in a real browser: a town clerk writes 篇5's half-year summary from the
demo ledgers, follows a figure to its rows, writes the part only a person can write, saves it as
final and downloads the Word file."""

import datetime as dt
import io
import re

from docx import Document
from playwright.sync_api import expect

from gonghui.core.demo import PASSWORD, load_demo
from gonghui.reports.models import Report


def test_half_year_summary_from_the_ledgers_to_word(page, shot, tmp_path):
    load_demo(today=dt.date(2026, 11, 26), members=60)
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("taihua")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.locator("nav").get_by_role("link", name="工作总结").click()
    page.get_by_label("总结类型").select_option(label="半年工作总结及下半年打算")
    page.get_by_label("年度").fill("2026")
    page.get_by_label("期间").select_option(label="上半年")
    shot("new-summary")
    page.get_by_role("button", name="生成").click()

    doc = page.locator(".report-doc")
    expect(doc).to_contain_text("太华镇总工会2026年上半年工作总结及下半年工作打算")
    figure = doc.locator("a.report-figure", has_text="194家")
    expect(figure).to_have_count(1)
    shot("preview")
    detail_url = page.url
    figure.click()  # every figure links to the rows behind it
    expect(page).not_to_have_url(detail_url)
    expect(page.locator("main")).to_contain_text("有限公司")
    shot("rows-behind-194")

    page.goto(detail_url)
    page.get_by_label("存在的不足").fill("一是部分企业工会台账不全；二是新建会企业协商意识不强。")
    page.get_by_role("button", name="保存并定稿").click()
    expect(page.locator(".badge", has_text="定稿")).to_be_visible()
    expect(page.get_by_text("第 1 版 · 定稿 · taihua")).to_be_visible()
    shot("final")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word").click()
    saved = tmp_path / "summary.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert text.splitlines()[0] == "太华镇总工会2026年上半年工作总结及下半年工作打算"
    assert "今年我镇续签企业194家，新增企业5家，共计签订199家" in text
    assert re.search(r"一是部分企业工会台账不全", text)
    report = Report.objects.get()
    assert (report.status, report.versions.count()) == ("final", 1)
