"""Walk every URL pattern as every role and assert the answer.

Each app keeps its expected rows in tests/<app>/url_matrix.py as ROWS (see Row below). A URL pattern
without a row fails `test_every_url_has_a_row`, so a new page cannot ship without its access rules.
"""

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.url_rows import ROLES, Row

# URL names that are not ours to test (Django's admin is superuser-only and tested as one row below).
IGNORED_NAMESPACES = {"admin"}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def all_url_names() -> set[str]:
    names = set(_walk(get_resolver().url_patterns))
    return {n for n in names if n.split(":")[0] not in IGNORED_NAMESPACES}


def all_rows() -> list[Row]:
    rows = []
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            mod = importlib.import_module(f"tests.{module.name}.url_matrix")
        except ModuleNotFoundError as exc:
            if exc.name == f"tests.{module.name}.url_matrix":
                continue
            raise
        rows.extend(mod.ROWS)
    return rows


ROWS = all_rows()


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URL patterns without a row in tests/<app>/url_matrix.py: {missing}"
    stale = sorted(covered - all_url_names())
    assert not stale, f"rows for URL names that no longer exist: {stale}"


def _users(world):
    return {
        "anonymous": None,
        "clerk": world.clerk,
        "chair_a": world.chair_a,
        "chair_b": world.chair_b,
        "approver": world.approver,
        "viewer": world.viewer,
    }


@pytest.fixture(autouse=True)
def _no_libreoffice_runs(monkeypatch):
    """The matrix asks who may fetch a PDF, not whether LibreOffice converts it (tests of the
    documents do that): answer with a stub PDF instead of starting soffice once per role."""
    import gonghui.core.pdf as pdf

    monkeypatch.setattr(pdf, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "_convert", lambda soffice, data: b"%PDF-1.4 stub")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method}:{r.name}")
def test_url_answers_per_role(row: Row, world, client):
    users = _users(world)
    for role in ROLES:
        with transaction.atomic():
            kwargs = row.kwargs(world) if row.kwargs else {}
            query = row.query(world) if callable(row.query) else row.query
            url = reverse(row.name, kwargs=kwargs) + (query or "")
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            data = row.data(world) if callable(row.data) else row.data
            if row.method == "get":
                response = client.get(url, headers=row.headers)
            else:
                response = client.post(url, data or {}, headers=row.headers)
            expected = row.expect[role]
            got = response.status_code
            if expected == "login":
                assert got == 302 and response["Location"].startswith(
                    reverse(settings.LOGIN_URL)
                ), f"{role} {row.method.upper()} {url}: expected redirect to login, got {got}"
            else:
                assert got == expected, (
                    f"{role} {row.method.upper()} {url}: expected {expected}, got {got}"
                )
            transaction.set_rollback(True)


def test_admin_is_for_the_superuser_only(world, client, django_user_model):
    for user in _users(world).values():
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get("/admin/").status_code == 302
    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
