from django.urls import reverse

from gonghui.core.audit import record_change, record_event
from gonghui.core.models import AuditEvent, ChangeRecord


def test_staff_sees_changes_of_their_subtree_only(world, client):
    record_change(
        user=world.clerk,
        instance=world.union_a,
        action=ChangeRecord.Action.UPDATE,
        before={"chair": "甲"},
        after={"chair": "乙"},
        org=world.union_a,
    )
    record_change(
        user=world.county_clerk,
        instance=world.union_c,
        action=ChangeRecord.Action.UPDATE,
        before={"chair": "丙"},
        after={"chair": "丁"},
        org=world.union_c,
    )
    client.force_login(world.clerk)
    page = client.get(reverse("core:audit")).content.decode()
    assert "桥涯村工会" in page and "缸窑社区工会" not in page
    assert '<td title="orgs.organization">组织</td>' in page  # the ledger by its Chinese name
    client.force_login(world.county_clerk)
    page = client.get(reverse("core:audit")).content.decode()
    assert "桥涯村工会" in page and "缸窑社区工会" in page


def test_change_detail_shows_before_and_after(world, client):
    record = record_change(
        user=world.clerk,
        instance=world.union_a,
        action=ChangeRecord.Action.UPDATE,
        before={"chair": "甲", "employees": 40},
        after={"chair": "乙", "employees": 40},
        org=world.union_a,
    )
    client.force_login(world.clerk)
    page = client.get(reverse("core:change_detail", args=[record.pk])).content.decode()
    assert "<td>工会主席</td><td>甲</td><td>乙</td>" in page  # fields by their Chinese names
    assert "职工人数" not in page  # unchanged fields are not listed
    assert "组织 #" in page


def test_events_tab_filters_by_kind(world, client):
    record_event(
        AuditEvent.Kind.EXPORT, user=world.clerk, org=world.town, summary="导出会员名册 3 人"
    )
    record_event(AuditEvent.Kind.LOGIN, user=world.clerk, org=world.town)
    client.force_login(world.clerk)
    page = client.get(reverse("core:audit"), {"tab": "events", "kind": "export"}).content.decode()
    assert "导出会员名册 3 人" in page and "<td>登录</td>" not in page
