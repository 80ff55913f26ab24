from gonghui.core.audit import record_change
from gonghui.core.models import ChangeRecord
from tests.url_rows import Row, staff_only


def _change_in_union_a(w):
    record = record_change(
        user=w.clerk, instance=w.union_a, action=ChangeRecord.Action.UPDATE, org=w.union_a
    )
    return {"pk": record.pk}


ROWS = [
    Row("core:audit", expect=staff_only()),
    Row("core:audit", query="?tab=events", expect=staff_only()),
    Row("core:change_detail", kwargs=_change_in_union_a, expect=staff_only()),
]
