"""Turn a built report into .docx, .md, .pdf bytes. Builders take data and return bytes."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START  # noqa: F401
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .builder import BuiltReport

# GB/T 9704 (党政机关公文格式) asks for 方正小标宋 / 黑体 / 仿宋; these are the CJK fonts that exist
# on a Debian machine with fonts-noto-cjk. Word falls back by name on a clerk's PC.
TITLE_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
BODY_FONT = "Noto Serif CJK SC"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _body_format(paragraph, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号 (16 pt)


def to_docx(report: BuiltReport) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _font(title.add_run(report.title), TITLE_FONT, 22, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.space_after = Pt(18)
    _font(sub.add_run(f"（{report.period_text}）"), BODY_FONT, 14)

    for section in report.sections:
        heading = doc.add_paragraph()
        _body_format(heading)
        _font(heading.add_run(f"{section.number}{section.title}"), HEADING_FONT, 16, bold=True)
        lines = (
            [p.text(report.rounded) for p in section.paragraphs]
            if not section.narrative_key
            else (section.narrative_paragraphs or ["（待填写）"])
        )
        headings = (
            [p.heading for p in section.paragraphs]
            if not section.narrative_key
            else [""] * len(lines)
        )
        for text, lead in zip(lines, headings, strict=True):
            para = doc.add_paragraph()
            _body_format(para)
            if lead:
                _font(para.add_run(lead), BODY_FONT, 16, bold=True)
            _font(para.add_run(text), BODY_FONT, 16)

    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.paragraph_format.space_before = Pt(28)
    _font(sign.add_run(report.org_name), BODY_FONT, 16)
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(
        date.add_run(f"{report.date.year}年{report.date.month}月{report.date.day}日"), BODY_FONT, 16
    )

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


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class PdfUnavailable(RuntimeError):
    pass


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """PDF through LibreOffice headless (Debian package libreoffice-writer-nogui)."""
    soffice = soffice_path()
    if not soffice:
        raise PdfUnavailable(
            "本机未安装 LibreOffice，无法生成 PDF；请安装 libreoffice-writer-nogui 后重试，或下载 Word 版本"
        )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx_bytes)
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        out = Path(tmp) / "report.pdf"
        if result.returncode != 0 or not out.exists():
            raise PdfUnavailable(
                f"LibreOffice 转换 PDF 失败：{result.stderr.decode(errors='replace')[:200]}"
            )
        return out.read_bytes()
