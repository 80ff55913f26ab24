"""Chinese first: no English words on the pages a clerk reads.

Walks every GET row of the URL matrix that answers 200 to the town clerk and looks at the text a
user sees (tags, scripts and styles removed). Latin words are allowed only where a user expects
them: names of file formats and products, units, and the data itself.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse

from tests.test_url_matrix import ROWS, _no_libreoffice_runs  # noqa: F401

ALLOWED = {
    "word",
    "excel",
    "pdf",
    "markdown",
    "docx",
    "xlsx",
    "xls",
    "csv",
    "api",
    "json",
    "openapi",
    "libreoffice",
    "soffice",
    "echarts",
    "token",
    "htmx",
    "ninja",
    "swagger",
    "bootstrap",
    "id",
    "jpg",
    "png",
}
URLS = re.compile(r"(https?://\S+|(/[a-z0-9_.-]+)+/?)")
# Files and data, not pages: the API (its docs page aside), downloads, exports, templates.
FILE_SUFFIXES = ("export", "errors", "template", "download", "docx", "pdf", "photo")


def _is_page(name: str) -> bool:
    if name.startswith("api:"):
        return name == "api:docs"
    return not name.endswith(FILE_SUFFIXES)


HTML_PAGES = [
    r for r in ROWS if r.method == "get" and r.expect.get("clerk") == 200 and _is_page(r.name)
]
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


class _Text(HTMLParser):
    """The text nodes a user sees: not scripts, styles, or the values inside form fields."""

    HIDDEN = {"script", "style", "textarea", "code", "pre"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_words(html: str, data: set[str]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    text = URLS.sub(" ", " ".join(parser.parts))
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED and w not in data}


@pytest.mark.parametrize("row", HTML_PAGES, ids=lambda r: r.name)
def test_page_text_is_chinese(row, world, client):
    client.force_login(world.clerk)
    with transaction.atomic():
        kwargs = row.kwargs(world) if row.kwargs else {}
        query = row.query(world) if callable(row.query) else row.query
        response = client.get(reverse(row.name, kwargs=kwargs) + (query or ""))
        transaction.set_rollback(True)
    assert response["Content-Type"].startswith("text/html"), f"{row.name} is not a page"
    usernames = {u.username for u in (world.clerk, world.chair_a, world.chair_b, world.viewer)}
    words = visible_words(response.content.decode(), data=usernames)
    assert not words, f"English on {row.name}: {sorted(words)}"
