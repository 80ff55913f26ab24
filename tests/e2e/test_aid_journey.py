"""The aid journey (帮扶与送温暖) in a real browser: a village chair files an application and
records the home visit, the town clerk puts it on public notice, an anonymous visitor sees only
the masked list, the window ends, the clerk reports it up, the county approver approves, the
clerk records the disbursement and closes it, and the campaign's figures count the household."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from gonghui.assistance import services as svc
from gonghui.assistance.models import Application, Campaign, Disbursement
from gonghui.assistance.rules import State
from gonghui.core.models import AuditEvent
from tests.assistance.helpers import D, make_campaign, set_dibao
from tests.factories import make_person

ID_NUMBER = "320102199003070017"
REASON = "妻子肺癌晚期，家庭年收入8000元"
ADDRESS = "太华镇桥涯村3组18号"
BANK_ACCOUNT = "6222021234567890123"
# What the public notice must never show (RULES.md §9 and §4 privacy).
SECRETS = [ID_NUMBER, "3201", "肺癌", "8000", ADDRESS, BANK_ACCOUNT, "张三丰"]


@pytest.fixture(autouse=True)
def clock():
    # Autouse fixtures of this module run before `world`, so the accounts are made "today".
    with time_machine.travel(dt.datetime(2026, 1, 5, 2, tzinfo=dt.UTC)) as traveller:
        yield traveller  # 10:00 in Asia/Shanghai


@pytest.fixture
def campaign(clock, world):
    set_dibao(world.town, days=7)
    # The household already has a confidential hardship file with its address and bank account.
    svc.hardship_file_open(
        org=world.union_a,
        head=make_person("张三丰", id_number=ID_NUMBER),
        by=world.clerk,
        cause="illness",
        cause_detail="妻子肺癌晚期",
        annual_income=D("8000"),
        household_size=3,
        opened=dt.date(2025, 6, 1),
        address=ADDRESS,
        bank_account=BANK_ACCOUNT,
    )
    # 上级总工会审批: the county's approver, not the town clerk, approves.
    return make_campaign(world, approval=Campaign.Approval.UPPER)


def _sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def _badge(page):
    return page.locator("h1 .badge")


def test_aid_from_application_to_disbursement(page, world, campaign, clock, sign_in, shot):
    # 1. The chair of 桥涯村工会 files the application.
    sign_in("chair_a")
    page.locator("nav").get_by_role("link", name="帮扶送温暖").click()
    page.get_by_role("link", name="2026年两节送温暖", exact=True).click()
    page.get_by_role("link", name="登记申请").click()
    page.get_by_label("姓名").fill("张三丰")
    page.get_by_label("公民身份号码").fill(ID_NUMBER)
    expect(page.get_by_label("所在工会/社区")).to_have_value(str(world.union_a.pk))
    page.get_by_label("慰问对象类别").select_option(label="低保户")
    page.get_by_label("家庭人口").fill("3")
    page.get_by_label("申请理由").fill(REASON)
    shot("application-form")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("h1")).to_contain_text("张三丰")
    expect(_badge(page)).to_have_text("已申请")
    # The campaign's standard for 低保户: 200 yuan and rice and oil worth 80.
    expect(page.locator("main")).to_contain_text("200.00 元；大米、食用油（折价 80.00 元）")

    # 2. The chair records the home visit (入户审核).
    expect(page.get_by_label("入户走访日期")).to_have_value("2026-01-05")
    page.get_by_label("走访人").fill("李主席、王委员")
    page.get_by_label("核实情况").fill("家中三口人，妻子患病，情况属实")
    shot("home-visit")
    page.get_by_role("button", name="记录入户审核").click()
    expect(_badge(page)).to_have_text("已入户审核")
    expect(page.locator("main")).to_contain_text("2026-01-05，李主席、王委员：家中三口人")
    shot("reviewed")
    _sign_out(page)

    # 3. The town clerk sees the ID number masked; 显示完整号码 shows it once and logs it.
    sign_in("clerk")
    page.locator("nav").get_by_role("link", name="帮扶送温暖").click()
    page.get_by_role("link", name="2026年两节送温暖", exact=True).click()
    id_cell = page.locator("#applications tbody tr", has_text="张三丰").locator("td.id-number")
    expect(id_cell).to_have_text("3201**********0017")
    shot("campaign-masked")
    page.get_by_role("button", name="显示完整号码").click()
    expect(id_cell).to_have_text(ID_NUMBER)
    expect(page.locator("#revealed-note")).to_have_text("已显示本页 1 人的完整号码（已记录查看）")
    shot("campaign-revealed")
    reveal = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert (reveal.username, reveal.org) == ("clerk", world.town)
    assert reveal.summary.endswith("1 人的完整身份证号码：张三丰")
    # It then ticks the reviewed application and puts it on notice.
    page.get_by_role("link", name="已入户审核").click()
    page.get_by_label("选择 张三丰").check()
    page.get_by_label("批量操作").select_option(label="张榜公示")
    expect(page.get_by_label("公示开始")).to_have_value("2026-01-05")
    shot("campaign-batch")
    page.get_by_role("button", name="执行").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "太华镇总工会2026年两节送温暖拟救助对象公示"
    )
    expect(page.locator("main")).to_contain_text("公示期：2026年1月5日 至 2026年1月11日")
    shot("notice-staff")
    public_url = page.locator("#public-url").get_attribute("href")
    assert re.search(r"/public/aid/[\w-]+/$", public_url)
    _sign_out(page)

    # 4. Anyone can read the notice without signing in: the masked list only.
    page.goto(public_url)
    rows = page.locator("#notice-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(["1", "张*丰", "桥涯村", "低保户", "280.00"])
    expect(page.get_by_role("button", name="提交异议")).to_be_visible()
    shot("notice-public")
    text = page.locator("body").inner_text()
    assert "0512-12345678" in text  # the objection phone
    assert [s for s in SECRETS if s in text] == []
    assert [s for s in SECRETS if s in page.content()] == []

    # 5. The window (7 days) is over: the list is taken down and the clerk moves it on.
    clock.move_to(dt.datetime(2026, 1, 12, 1, tzinfo=dt.UTC))
    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("公示期已结束，名单不再公开。")
    expect(page.locator("#notice-list")).to_have_count(0)
    sign_in("clerk")
    page.locator("nav").get_by_role("link", name="帮扶送温暖").click()
    page.get_by_role("link", name="2026年两节送温暖", exact=True).click()
    page.get_by_role("link", name="张三丰").click()
    expect(_badge(page)).to_have_text("公示中")
    page.get_by_role("button", name="公示期满无异议").click()
    expect(_badge(page)).to_have_text("公示无异议")
    page.get_by_role("button", name="上报审批").click()
    expect(_badge(page)).to_have_text("已上报")
    shot("reported")
    app_url = page.url
    _sign_out(page)

    # 6. The county federation's approver approves.
    sign_in("approver")
    page.goto(app_url)
    page.get_by_placeholder("审批意见").fill("同意")
    shot("approve")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(_badge(page)).to_have_text("已批准")
    _sign_out(page)

    # 7. The clerk records the disbursement, signed for, and closes the application.
    sign_in("clerk")
    page.goto(app_url)
    form = page.locator("form", has=page.get_by_role("button", name="登记发放"))
    expect(form.get_by_label("发放日期")).to_have_value("2026-01-12")
    form.get_by_label("发放方式").select_option(label="当面发放")
    expect(form.get_by_label("现金（元）")).to_have_value("200.00")
    form.get_by_label("物品").fill("大米、食用油")
    form.get_by_label("数量").fill("1")
    form.get_by_label("单位").fill("份")
    form.get_by_label("折价（元）").fill("80")
    form.get_by_label("经办人").fill("王会计")
    form.get_by_label("已签收").check()
    shot("disburse")
    form.get_by_role("button", name="登记发放").click()
    expect(_badge(page)).to_have_text("已发放")
    page.get_by_role("button", name="办结").click()
    expect(_badge(page)).to_have_text("已办结")
    expect(page.locator("#actions")).to_have_count(0)  # nothing left to do: no empty card
    expect(page.locator("main ol li")).to_have_text(
        [
            re.compile(rf"^2026-01-{day} \d\d:\d\d {who}：{move}")
            for day, who, move in [
                ("05", "chair_a", "草稿 → 已申请"),
                ("05", "chair_a", "已申请 → 已入户审核"),
                ("05", "clerk", "已入户审核 → 公示中"),
                ("12", "clerk", "公示中 → 公示无异议"),
                ("12", "clerk", "公示无异议 → 已上报"),
                ("12", "approver", "已上报 → 已批准（同意）"),
                ("12", "clerk", "已批准 → 已发放"),
                ("12", "clerk", "已发放 → 已办结"),
            ]
        ]
    )
    shot("closed")

    # 8. The campaign's figures count the household and the money.
    page.get_by_role("link", name="2026年两节送温暖", exact=True).click()

    def figure(label):
        return page.locator("#figures .card", has_text=label).locator(".fs-4")

    expect(figure("已救助户数")).to_have_text("1")
    expect(figure("慰问人数")).to_have_text("3")
    expect(figure("慰问金（元）")).to_have_text("200.00")
    expect(figure("物资折价（元）")).to_have_text("80.00")
    expect(page.locator("#applications tbody tr").first).to_contain_text("已办结")
    shot("campaign-figures")

    app = Application.objects.get()
    assert (app.status, app.cash, app.goods_value) == (State.CLOSED, D("200"), D("80"))
    disbursement = Disbursement.objects.get()
    assert (disbursement.date, disbursement.cash, disbursement.receipt_signed) == (
        dt.date(2026, 1, 12),
        D("200"),
        True,
    )
