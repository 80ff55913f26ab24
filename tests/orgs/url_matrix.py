from tests.url_rows import (
    Row,
    everyone,
    scoped_read,
    scoped_staff,
    scoped_write,
    staff_only,
    town_staff,
)

HTMX = {"HX-Request": "true"}


def _org_post(w):
    return {
        "name": "桥涯村工会",
        "short_name": "桥涯村",
        "unit_type": "village",
        "employees": "40",
        "term_start": "2024-01-01",
        "term_end": "2029-01-01",
    }


def _child_post(w):
    return {
        "name": "太华镇新建村工会",
        "kind": "grassroots",
        "unit_type": "village",
        "employees": "12",
    }


def _employer_post(w):
    return {
        "name": "太华新材料有限公司",
        "credit_code": "81320102MC2Q5N7P0R",
        "industry": "制造",
        "employees": "30",
        "org": str(w.town.pk),
        "union": "",
    }


def _employer_a_post(w):
    return {
        "name": w.employer_a.name,
        "credit_code": w.employer_a.credit_code,
        "industry": "纺织",
        "employees": "61",
        "org": str(w.town.pk),
        "union": "桥涯村",
    }


# The town and the grassroots chairs: chair_a and chair_b sit below the town and cannot see it.
_town_read = {
    "anonymous": "login",
    "chair_b": 404,
    "viewer": 200,
    "approver": 200,
    "chair_a": 404,
    "clerk": 200,
}

ROWS = [
    Row("home", expect={**everyone(302), "anonymous": 302}),
    Row("orgs:tree", expect=everyone()),
    Row("orgs:tree", query=lambda w: f"?root={w.union_a.pk}", expect=scoped_read()),
    Row("orgs:detail", kwargs=lambda w: {"pk": w.union_a.pk}, expect=scoped_read()),
    Row("orgs:detail", kwargs=lambda w: {"pk": w.town.pk}, expect=_town_read),
    Row(
        "orgs:children",
        kwargs=lambda w: {"pk": w.town.pk},
        headers=HTMX,
        expect=_town_read,
    ),
    # Without htmx the expand link falls back to the tree rooted at that node.
    Row(
        "orgs:children",
        kwargs=lambda w: {"pk": w.town.pk},
        expect={**_town_read, "viewer": 302, "approver": 302, "clerk": 302},
    ),
    Row("orgs:edit", kwargs=lambda w: {"pk": w.union_a.pk}, expect=scoped_staff()),
    Row(
        "orgs:edit",
        method="post",
        kwargs=lambda w: {"pk": w.union_a.pk},
        data=_org_post,
        expect=scoped_staff(302),
    ),
    Row("orgs:create", kwargs=lambda w: {"pk": w.town.pk}, expect=town_staff()),
    Row(
        "orgs:create",
        method="post",
        kwargs=lambda w: {"pk": w.town.pk},
        data=_child_post,
        expect=town_staff(302),
    ),
    Row(
        "orgs:team_add",
        method="post",
        kwargs=lambda w: {"pk": w.union_a.pk},
        data={"name": "纺纱一班", "leader": "李四", "members_count": "12"},
        expect=scoped_write(302),
    ),
    Row(
        "orgs:team_add",
        method="post",
        kwargs=lambda w: {"pk": w.union_a.pk},
        data={"name": "纺纱一班", "leader": "李四", "members_count": "12"},
        headers=HTMX,
        expect=scoped_write(200),
    ),
    Row("orgs:employers", expect=everyone()),
    Row("orgs:employers", query="?has_union=should&industry=纺织&q=桥涯", expect=everyone()),
    Row("orgs:employer_add", expect=staff_only()),
    Row("orgs:employer_add", method="post", data=_employer_post, expect=staff_only(302)),
    Row("orgs:employer_edit", kwargs=lambda w: {"pk": w.employer_a.pk}, expect=town_staff()),
    Row(
        "orgs:employer_edit",
        method="post",
        kwargs=lambda w: {"pk": w.employer_a.pk},
        data=_employer_a_post,
        expect=town_staff(302),
    ),
]
