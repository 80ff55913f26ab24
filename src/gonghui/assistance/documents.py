"""The printable notice (公示) for the notice board: .docx built here, PDF via LibreOffice if present."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gonghui.core.masking import mask_name


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def public_rows(applications) -> list[dict]:
    """The only fields a notice shows (RULES.md §9): masked name, unit, category, amount."""
    return [
        {
            "name": mask_name(app.person.name),
            "unit": app.org.display_short,
            "category": app.get_category_display(),
            "amount": f"{app.cash + app.goods_value:.2f}",
        }
        for app in applications
    ]


def _font(run, size=None, bold=False):
    run.font.name = "SimSun"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def notice_docx(*, notice, rows: list[dict]) -> bytes:
    """A4, the organisation's name, the window, the list and the objection phone line."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.5)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(notice.title), size=18, bold=True)

    intro = doc.add_paragraph()
    _font(
        intro.add_run(
            f"根据“{notice.campaign.name}”工作安排，经本人自愿申请、入户核实和民主评议，"
            f"拟将以下 {len(rows)} 户列为救助对象，现予公示。"
            f"公示期自{_cn_date(notice.starts)}至{_cn_date(notice.ends)}。"
            "如有异议，请在公示期内向公示单位实名或匿名反映；经查实申报不实的，一律取消申报资格。"
        ),
        size=12,
    )

    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["序号", "姓名", "所在单位", "类别", "金额（元）"], strict=True
    ):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), size=11, bold=True)
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        values = [str(number), row["name"], row["unit"], row["category"], row["amount"]]
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), size=11)

    phone = doc.add_paragraph()
    phone.paragraph_format.space_before = Pt(12)
    _font(phone.add_run(f"异议受理电话：{notice.phone or '（请向公示单位当面反映）'}"), size=12)

    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(sign.add_run(f"{notice.org.name}\n{_cn_date(notice.starts)}"), size=12)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
