"""Turn a built report into .docx, .md, .pdf bytes. Builders take data and return bytes."""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .builder import BuiltReport

# GB/T 9704 (党政机关公文格式) asks for 方正小标宋 / 黑体 / 仿宋; these are the CJK fonts that exist
# on a Debian machine with fonts-noto-cjk. Word falls back by name on a clerk's PC.
TITLE_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
BODY_FONT = "Noto Serif CJK SC"


def _fonts(style, name: str, size: float, bold: bool = False) -> None:
    """The style's font for Latin and CJK text alike (w:rFonts ascii, hAnsi, eastAsia, cs)."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph_style(doc, name: str, base, font: str, size: float, bold: bool = False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = base
    style.quick_style = True
    _fonts(style, font, size, bold)
    return style


def _body_format(fmt, indent: bool = True) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号 (16 pt)


def _styles(doc) -> dict:
    """The document's styles: 公文标题, 公文副标题, 公文一级标题, 公文正文, 公文落款 and the bold lead-in
    (1、…). Paragraphs name a style instead of formatting every run, which keeps the file small
    and a clerk's edits consistent (Word's style pane shows them)."""
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, 16)
    title = _paragraph_style(doc, "公文标题", normal, TITLE_FONT, 22, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    subtitle = _paragraph_style(doc, "公文副标题", normal, BODY_FONT, 14)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(18)
    body = _paragraph_style(doc, "公文正文", normal, BODY_FONT, 16)
    _body_format(body.paragraph_format)
    heading = _paragraph_style(doc, "公文一级标题", body, HEADING_FONT, 16, bold=True)
    heading.next_paragraph_style = body
    heading.paragraph_format.keep_with_next = True  # never the last line of a page
    sign = _paragraph_style(doc, "公文落款", normal, BODY_FONT, 16)
    sign.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.paragraph_format.keep_with_next = True  # the union's name and the date on one page
    lead = doc.styles.add_style("公文小标题", WD_STYLE_TYPE.CHARACTER)
    lead.font.bold = True
    return {"title": title, "subtitle": subtitle, "heading": heading, "body": body,
            "sign": sign, "lead": lead}  # fmt: skip


def to_docx(report: BuiltReport) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    styles = _styles(doc)

    body = doc.element.body
    ids = {key: style.style_id for key, style in styles.items()}

    def add(style: str, text: str, lead: str = ""):
        # The paragraph's XML directly: python-docx looks a style up by scanning all styles on
        # every add_paragraph(style=…), most of the time of a long report.
        p = body.add_p()
        p.style = ids[style]
        if lead:
            run = p.add_r()
            run.style = ids["lead"]
            run.text = lead
        p.add_r().text = text
        return p

    add("title", report.title)
    add("subtitle", f"（{report.period_text}）")
    for section in report.sections:
        add("heading", f"{section.number}{section.title}")
        if section.narrative_key:
            for text in section.narrative_paragraphs or ["（待填写）"]:
                add("body", text)
        else:
            for p in section.paragraphs:
                add("body", p.text(report.rounded), lead=p.heading)
    sign = add("sign", report.org_name)
    sign.get_or_add_pPr().get_or_add_spacing().before = Pt(28)
    add("sign", f"{report.date.year}年{report.date.month}月{report.date.day}日")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_markdown(report: BuiltReport) -> str:
    lines = [f"# {report.title}", "", f"（{report.period_text}）", ""]
    for section in report.sections:
        lines += [f"## {section.number}{section.title}", ""]
        if section.narrative_key:
            lines += [*(section.narrative_paragraphs or ["（待填写）"])]
        else:
            for p in section.paragraphs:
                lines.append(
                    f"**{p.heading}**{p.text(report.rounded)}"
                    if p.heading
                    else p.text(report.rounded)
                )
                lines.append("")
        lines.append("")
    lines += [report.org_name, f"{report.date.year}年{report.date.month}月{report.date.day}日", ""]
    return "\n".join(lines)
