"""The row format of the URL permission matrix (tests/test_url_matrix.py).

    Row("members:detail", kwargs=lambda w: {"pk": make_member(w.union_a).pk},
        expect=scoped_read())

`kwargs(world)` runs inside a transaction that is rolled back after each role, so a row may create
the objects its URL needs. `expect` maps every role in ROLES to a status code or "login" (a 302 to
the sign-in page). `data` may be a callable of world (for POST bodies naming its objects);
`headers` are sent with the request (htmx fragments). Helpers below name the usual patterns; write a dict where they do not fit.
The roles: clerk = staff of 太华镇总工会 (parent of union_a and union_b); chair_a = chair of union_a;
chair_b = chair of the sibling union_b; approver = at the county federation; viewer = read-only at
the town; anonymous.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "chair_b", "viewer", "approver", "chair_a", "clerk")


@dataclass
class Row:
    name: str
    expect: dict
    kwargs: Callable | None = None
    method: str = "get"
    data: object = None
    query: object = ""  # a string, or a callable of world returning one
    # Extra request headers, e.g. HTMX for a fragment view: {"HX-Request": "true"}.
    headers: dict = field(default_factory=dict)
    note: str = field(default="")


def everyone(status=200, anonymous="login") -> dict:
    return {r: (anonymous if r == "anonymous" else status) for r in ROLES}


def scoped_read(a_object=True) -> dict:
    """An object of union_a: visible in its subtree (clerk, chair_a, viewer, approver), 404 for chair_b."""
    return {
        "anonymous": "login",
        "chair_b": 404,
        "viewer": 200,
        "approver": 200,
        "chair_a": 200,
        "clerk": 200,
    }


def scoped_write(success=302) -> dict:
    """A change to an object of union_a: writers in scope succeed, readers 403, outsiders 404."""
    return {
        "anonymous": "login",
        "chair_b": 404,
        "viewer": 403,
        "approver": 403,
        "chair_a": success,
        "clerk": success,
    }


def scoped_staff(status=200) -> dict:
    """Staff work on an object of union_a: staff succeed, other roles in scope 403, chair_b 404."""
    return {
        "anonymous": "login",
        "chair_b": 404,
        "viewer": 403,
        "approver": 403,
        "chair_a": 403,
        "clerk": status,
    }


def town_staff(status=200) -> dict:
    """Staff work on an object of the town (above union_a): the chairs cannot see it (404)."""
    return {
        "anonymous": "login",
        "chair_b": 404,
        "viewer": 403,
        "approver": 403,
        "chair_a": 404,
        "clerk": status,
    }


def staff_only(status=200, chair=403) -> dict:
    return {
        "anonymous": "login",
        "chair_b": chair,
        "viewer": 403,
        "approver": 403,
        "chair_a": chair,
        "clerk": status,
    }
