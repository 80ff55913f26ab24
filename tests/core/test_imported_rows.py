"""ImportedRows: the compact history of the records an import created."""

import pytest

from gonghui.core.imports import LedgerImport
from gonghui.core.models import AuditEvent, ImportedRows, imported_row

pytestmark = pytest.mark.django_db


def test_runs_split_at_gaps_and_each_id_finds_its_row():
    event = AuditEvent.objects.create(kind=AuditEvent.Kind.IMPORT, detail={"file": "a.xlsx"})
    importer = LedgerImport()
    importer.record_created(
        "members.person",
        [11, 5, 6, 7, 10],  # not in id order: sorted first
        [7, 3, 4, 5, 6],
        {"name": ["戊", "甲", "乙", "丙", "丁"]},
    )
    importer._write_created(event)
    runs = list(ImportedRows.objects.order_by("first_id").values_list("first_id", "last_id"))
    assert runs == [(5, 7), (10, 11)]
    assert imported_row("members.person", 6) == {
        "event": event,
        "row": 4,
        "after": {"name": "乙"},
    }
    assert imported_row("members.person", 11)["row"] == 7
    assert imported_row("members.person", 8) is None  # in the gap
    assert imported_row("members.person", 4) is None
    assert imported_row("members.person", 12) is None
    assert imported_row("members.membership", 6) is None  # another ledger


def test_a_run_holds_at_most_one_batch(monkeypatch):
    from gonghui.core import imports

    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    event = AuditEvent.objects.create(kind=AuditEvent.Kind.IMPORT)
    importer = LedgerImport()
    importer.record_created("x.y", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], {"v": list("abcde")})
    importer._write_created(event)
    assert ImportedRows.objects.count() == 3
    assert imported_row("x.y", 5)["after"] == {"v": "e"}
