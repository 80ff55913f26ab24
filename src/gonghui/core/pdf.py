"""Word to PDF through a local LibreOffice, run headless (Debian package libreoffice-writer-nogui).

One converter for every document the system prints (aid notices, work summaries). Each run gets
its own LibreOffice profile folder, so two conversions at the same time do not lock each other out.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

MISSING = "本机没有安装 LibreOffice（soffice），无法生成 PDF。请下载 Word 版（.docx），或请管理员安装 libreoffice-writer-nogui 后再试。"


class PdfUnavailable(RuntimeError):
    """No LibreOffice here, or it failed: the message says which, in Chinese."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(soffice: str, docx_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx_bytes)
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        out = Path(tmp) / "document.pdf"
        if result.returncode != 0 or not out.exists():
            detail = result.stderr.decode(errors="replace")[:200]
            raise PdfUnavailable(f"LibreOffice 转换 PDF 失败：{detail}")
        return out.read_bytes()


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx; raises PdfUnavailable when LibreOffice is missing or fails."""
    soffice = soffice_path()
    if not soffice:
        raise PdfUnavailable(MISSING)
    return _convert(soffice, docx_bytes)
