from django.urls import reverse

from gonghui.core.models import ChangeRecord
from gonghui.orgs.models import Employer

LIST = reverse("orgs:employers")
ADD = reverse("orgs:employer_add")
GOOD = "81320102MC2Q5N7P0R"  # RULES.md §3 synthetic example: a 基层工会's code, both checks pass
BAD = "91320102MA1T8K3W41"  # the enterprise example with a wrong check character


def _data(world, **over):
    data = {
        "name": "太华新材料有限公司",
        "credit_code": GOOD,
        "industry": "制造",
        "employees": "30",
        "org": str(world.town.pk),
        "union": "",
        "address": "太华镇工业园",
    }
    data.update(over)
    return data


def test_add_with_a_valid_code_is_saved_and_audited(world, client):
    client.force_login(world.clerk)
    response = client.post(ADD, _data(world, credit_code=GOOD.lower()))
    assert response.status_code == 302
    employer = Employer.objects.get(name="太华新材料有限公司")
    assert employer.credit_code == GOOD and not employer.credit_code_confirmed
    rec = ChangeRecord.objects.get(model="orgs.employer")
    assert rec.action == "create" and rec.org == world.town and rec.user == world.clerk


def test_a_failing_code_warns_and_needs_confirming(world, client):
    client.force_login(world.clerk)
    first = client.post(ADD, _data(world, credit_code=BAD))
    assert first.status_code == 200
    body = first.content.decode()
    assert "校验位不符" in body and "仍然保存" in body
    assert not Employer.objects.filter(credit_code=BAD).exists()
    assert not ChangeRecord.objects.exists()
    confirmed = client.post(ADD, _data(world, credit_code=BAD, confirm="on"))
    assert confirmed.status_code == 302
    employer = Employer.objects.get(credit_code=BAD)
    assert employer.credit_code_confirmed
    assert ChangeRecord.objects.get(model="orgs.employer").after["credit_code_confirmed"] is True
    listing = client.get(LIST).content.decode()
    assert "人工确认" in listing


def test_wrong_length_or_letters_also_only_warn(world, client):
    client.force_login(world.clerk)
    short = client.post(ADD, _data(world, credit_code="9132010"))
    assert "应为 18 位" in short.content.decode()
    letters = client.post(ADD, _data(world, credit_code="91320102MA1T8K3WOI"))
    assert "不允许的字符" in letters.content.decode()
    client.post(ADD, _data(world, credit_code="9132010", confirm="on"))
    assert Employer.objects.get(credit_code="9132010").credit_code_confirmed


def test_a_duplicate_code_is_refused(world, client):
    client.force_login(world.clerk)
    response = client.post(ADD, _data(world, credit_code=world.employer_a.credit_code))
    assert response.status_code == 200
    assert Employer.objects.filter(credit_code=world.employer_a.credit_code).count() == 1


def test_edit_is_audited_and_fixing_the_code_clears_the_confirmation(world, client):
    Employer.objects.filter(pk=world.employer_a.pk).update(
        credit_code=BAD, credit_code_confirmed=True
    )
    client.force_login(world.clerk)
    url = reverse("orgs:employer_edit", args=[world.employer_a.pk])
    form = client.get(url).context["form"]
    assert form.initial["confirm"] is True
    response = client.post(
        url,
        _data(world, name="桥涯纺织有限公司", credit_code="91320102MA1T8K3W40", union="桥涯村"),
    )
    assert response.status_code == 302
    employer = Employer.objects.get(pk=world.employer_a.pk)
    assert employer.union == world.union_a and not employer.credit_code_confirmed
    rec = ChangeRecord.objects.get(model="orgs.employer")
    assert rec.action == "update" and rec.org == world.town
    changed = {k: (b, a) for k, b, a in rec.changed_fields()}
    assert changed["union"] == (None, world.union_a.pk)
    assert changed["credit_code"] == (BAD, "91320102MA1T8K3W40")


def test_union_name_must_be_in_scope(world, client):
    client.force_login(world.clerk)
    response = client.post(ADD, _data(world, union="缸窑社区工会"))
    assert (
        response.status_code == 200
        and "没有找到名为“缸窑社区工会”的工会" in response.content.decode()
    )


def test_list_filters(world, client):
    Employer.objects.create(name="无会小厂", employees=10, org=world.town, industry="纺织")
    Employer.objects.create(
        name="有会大厂", employees=90, org=world.town, union=world.union_b, industry="化工"
    )
    Employer.objects.create(name="缸窑大厂", employees=30, org=world.other_town)
    client.force_login(world.clerk)

    def names(**params):
        return sorted(e.name for e in client.get(LIST, params).context["page"])

    assert names() == ["无会小厂", "有会大厂", "桥涯纺织有限公司"]
    assert names(has_union="should") == ["桥涯纺织有限公司"]
    assert names(has_union="no") == ["无会小厂", "桥涯纺织有限公司"]
    assert names(has_union="yes") == ["有会大厂"]
    assert names(industry="纺织") == ["无会小厂", "桥涯纺织有限公司"]
    assert names(q="大厂") == ["有会大厂"]
    assert names(q=world.employer_a.credit_code.lower()) == ["桥涯纺织有限公司"]
    assert client.get(LIST).context["industries"] == ["化工", "纺织"]


def test_list_query_count_is_fixed(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.clerk)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(60):
        Employer.objects.create(
            name=f"单位{i:02d}", employees=i, org=world.town, union=world.union_a if i % 2 else None
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_employers_are_scoped(world, client):
    other = Employer.objects.create(name="缸窑大厂", employees=30, org=world.other_town)
    client.force_login(world.clerk)
    assert client.get(reverse("orgs:employer_edit", args=[other.pk])).status_code == 404
    client.force_login(world.chair_a)
    assert list(client.get(LIST).context["page"]) == []
    assert client.get(ADD).status_code == 403
