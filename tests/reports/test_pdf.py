"""PDF through LibreOffice: a real conversion of a summary, and a clear answer when it is missing."""

import re

import pytest

from gonghui.core.pdf import soffice_path
from gonghui.reports.models import Report


def _report(world, client):
    client.force_login(world.clerk)
    client.post("/reports/", {"kind": "annual", "org": "太华镇", "year": 2026, "period": "year"})
    return Report.objects.get()


@pytest.mark.skipif(
    not soffice_path(), reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)
def test_summary_downloads_as_an_a4_pdf(world, client):
    report = _report(world, client)
    response = client.get(f"/reports/{report.pk}/download/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595(\.\d+)? 841", response.content)


def test_pdf_without_libreoffice_says_so(world, client, monkeypatch):
    import gonghui.core.pdf as pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    report = _report(world, client)
    response = client.get(f"/reports/{report.pk}/download/pdf/", follow=True)
    assert "没有安装 LibreOffice" in response.content.decode()
    assert "PDF 不可用" in client.get(f"/reports/{report.pk}/").content.decode()
