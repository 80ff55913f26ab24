"""The county-scale generator (run small here) and the roster writer."""

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core import creditcode, idnumber
from gonghui.core.generate import (
    ROSTER_HEADER,
    GenerateError,
    generate_county,
    write_roster,
)
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Employer, Organization

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(db):
    return generate_county(members=3000, unions=600, employers=900, seed=7, today=TODAY)


def test_counts_and_a_sound_tree(county):
    assert county == {"orgs": 603, "unions": 600, "employers": 900, "members": 3000}
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    root = Organization.objects.get(depth=1)
    towns = list(Organization.objects.get_children(root))
    assert len(towns) == 2 and all(t.kind == "town" for t in towns)
    assert sum(t.numchild for t in towns) == 600
    assert Organization.objects.unions().filter(depth=3).count() == 600
    assert Organization.objects.within(towns[0]).count() == towns[0].numchild + 1


def test_people_and_codes_are_valid(county):
    assert Person.objects.count() == Membership.objects.active().count() == 3000
    for value, sex, birth in Person.objects.values_list("id_number", "sex", "birth_date"):
        parsed = idnumber.parse(value, today=TODAY)
        assert (parsed.sex, parsed.birth_date) == (sex, birth)
    codes = list(Employer.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == 900
    assert all(creditcode.problems(c) == [] for c in codes)
    assert Employer.objects.should_unionise().exists()
    assert Employer.objects.filter(union__isnull=False).exists()
    # Every union has at least as many employees as members (入会率 ≤ 100%).
    for union in Organization.objects.unions()[:100]:
        assert union.employees >= union.memberships.count()
    joined = Membership.objects.values_list("joined", flat=True)
    assert max(joined) < TODAY


def test_refuses_a_database_with_orgs_and_new_rows_get_fresh_keys(county):
    with pytest.raises(GenerateError):
        generate_county(members=10, unions=1, employers=0)
    root = Organization.objects.get(depth=1)
    added = Organization.objects.add_child(root, {"name": "新增镇总工会", "kind": "town"})
    assert added.pk > max(Organization.objects.exclude(pk=added.pk).values_list("pk", flat=True))
    person = Person.objects.create(name="王伟", id_number="320102199003070017")
    Membership.objects.create(person=person, org=added, joined=TODAY)


def test_same_seed_same_data(db):
    generate_county(members=50, unions=3, employers=5, seed=3, today=TODAY)
    first = list(Person.objects.order_by("pk").values_list("id_number", "name"))
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Employer.objects.all().delete()
    Organization.objects.all().delete()
    generate_county(members=50, unions=3, employers=5, seed=3, today=TODAY)
    assert list(Person.objects.order_by("pk").values_list("id_number", "name")) == first


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_roster_has_title_rows_and_valid_ids(tmp_path, suffix):
    path = write_roster(
        tmp_path / f"roster{suffix}",
        rows=300,
        unions=["桥涯村工会", "杭坑村工会"],
        title="示范县总工会会员名册",
        today=TODAY,
    )
    if suffix == ".csv":
        import csv

        with path.open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    else:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "示范县总工会会员名册"
    assert rows[1][0].startswith("填报单位：示范县总工会")
    assert tuple(rows[2][: len(ROSTER_HEADER)]) == ROSTER_HEADER
    body = rows[3:]
    assert len(body) == 300
    id_col = ROSTER_HEADER.index("公民身份号码")
    ids = [str(r[id_col]) for r in body]
    assert len(set(ids)) == 300 and all(idnumber.is_valid(v) for v in ids)
    assert {r[ROSTER_HEADER.index("所在工会")] for r in body} == {"桥涯村工会", "杭坑村工会"}


def test_generated_roster_goes_through_the_real_import(db, tmp_path):
    from gonghui.core import ledgers

    generate_county(members=0, unions=20, employers=10, seed=5, today=TODAY)
    names = list(Organization.objects.unions().values_list("name", flat=True))
    path = write_roster(
        tmp_path / "名册.xlsx", rows=250, unions=names, title="基准县总工会会员名册"
    )
    result = ledgers.get("members").importer(
        user=None, source=str(path), filename=path.name, commit=True
    )
    assert (result.created, result.rejected) == (250, 0), result.errors[:3]
    assert Membership.objects.active().count() == 250
