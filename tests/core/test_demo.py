"""The demo data set: the county of the source document, valid synthetic data, a user per role."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from gonghui.accounts.security import password_expired
from gonghui.core import creditcode, idnumber
from gonghui.core.demo import COUNTY_NAME, PASSWORD, demo_modules, demo_present, load_demo
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Employer, Organization, Placement

TODAY = dt.date(2026, 3, 1)


def test_loaders_run_in_app_order():
    names = [m.__name__ for m in demo_modules()]
    assert names[:3] == ["gonghui.orgs.demo", "gonghui.accounts.demo", "gonghui.members.demo"]


# setUpTestData runs before the function-scoped settings fixture: hash with the tests' hasher here too.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoData(TestCase):
    """The demo is loaded once for the class (setUpTestData); each test runs in a savepoint."""

    @classmethod
    def setUpTestData(cls):
        load_demo(today=TODAY, members=400)

    def test_tree_follows_the_source_document(self):
        county = Organization.objects.get(name=COUNTY_NAME)
        assert county.kind == "federation" and county.is_root()
        towns = {o.name: o for o in Organization.objects.get_children(county)}
        assert {"太华镇总工会", "新庄镇总工会", "缸窑街道总工会"} <= set(towns)
        taihua = towns["太华镇总工会"]
        children = list(Organization.objects.get_children(taihua))
        villages = [o.name for o in children if o.unit_type == "village"]
        assert len(villages) == 8
        assert {"桥涯村工会", "杭坑村工会", "乾元村工会", "胥锦村工会"} <= set(villages)
        assert all(o.kind == "grassroots" for o in children)
        assert any(o.unit_type == "office" and o.short_name == "机关工会" for o in children)
        textile = Employer.objects.filter(org=taihua, industry="纺织", union__isnull=False)
        assert textile.count() >= 3
        assert {"海福工会", "博大工会"} <= {o.short_name for o in children}
        assert (
            Organization.objects.get_children(towns["缸窑街道总工会"])
            .filter(unit_type="joint")
            .exists()
        )

    def test_terms_show_every_flag_and_some_employers_should_unionise(self):
        unions = Organization.objects.unions()
        flags = {u.term_status(TODAY) for u in unions}
        assert {"overdue", "due3", "due6", "ok"} <= flags
        assert Organization.objects.get(name="胥锦村工会").term_status(TODAY) == "overdue"
        should = Employer.objects.should_unionise()
        assert should.filter(name="锦华纺织品有限公司").exists()
        assert all(e.employees >= 25 and e.union_id is None for e in should)

    def test_ids_and_credit_codes_are_valid(self):
        ids = list(Person.objects.values_list("id_number", "sex", "birth_date"))
        assert 300 <= len(ids) <= 500
        for value, sex, birth in ids:
            parsed = idnumber.parse(value, today=TODAY)
            assert (parsed.sex, parsed.birth_date) == (sex, birth)
        codes = [*Employer.objects.values_list("credit_code", flat=True)]
        codes += [c for c in Organization.objects.values_list("credit_code", flat=True) if c]
        assert len(codes) == len(set(codes)) > 40
        for code in codes:
            assert creditcode.problems(code) == []
            assert creditcode.org_code_warning(code) is None
        union_codes = Organization.objects.unions().values_list("credit_code", flat=True)
        assert all(code.startswith("81") for code in union_codes)

    def test_memberships_are_consistent(self):
        left = Membership.objects.filter(status="left").count()
        assert left > 0
        assert Membership.objects.active().count() == Person.objects.count() - left
        assert Membership.objects.filter(status="transferred", next__isnull=False).exists()
        closed = Membership.objects.exclude(status="active")
        assert all(m.ended and m.joined <= m.ended <= TODAY for m in closed)
        assert all(
            m.org.kind == "grassroots" for m in Membership.objects.select_related("org")[:50]
        )
        assert Membership.objects.filter(org__name="桥涯村工会").count() > 10

    USERS = [
        ("admin", "staff", COUNTY_NAME),
        ("xian", "staff", COUNTY_NAME),
        ("taihua", "staff", "太华镇总工会"),
        ("qiaoya", "chair", "桥涯村工会"),
        ("shenpi", "approver", COUNTY_NAME),
        ("chakan", "viewer", "太华镇总工会"),
        ("gangyao", "staff", "缸窑街道总工会"),
    ]

    def test_each_demo_user_signs_in(self):
        for username, role, place in self.USERS:
            with self.subTest(username=username):
                placement = Placement.objects.select_related("org", "user").get(
                    user__username=username
                )
                assert (placement.role, placement.org.name) == (role, place)
                assert not password_expired(placement.user)
                response = Client().post(
                    reverse("accounts:login"), {"username": username, "password": PASSWORD}
                )
                assert response.status_code == 302
                assert response.wsgi_request.user.username == username


def test_demo_command_is_idempotent_and_resets(transactional_db, capsys):
    # transactional: --reset flushes the database, which PostgreSQL refuses inside a transaction
    call_command("demo", "--no-serve", "--members", "60")
    out = capsys.readouterr().out
    assert "qiaoya" in out and PASSWORD in out and "桥涯村工会" in out
    people = Person.objects.count()
    call_command("demo", "--no-serve", "--members", "60")
    out = capsys.readouterr().out
    assert "演示数据已存在" in out and "taihua" in out
    assert Person.objects.count() == people
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    call_command("demo", "--no-serve", "--reset", "--members", "30")
    assert demo_present()
    assert Person.objects.count() < people
