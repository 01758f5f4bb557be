"""The language-leftover crawl: with the reference data and the demo content loaded, every page a
visitor and each demo role reaches by following links is read in French (then in English), and
must not show data text of the other language.

What counts as "the other language" comes from the data itself: every bilingual field
(django-modeltranslation ``<field>_fr`` / ``<field>_en``) whose two values differ gives its
English value as a leftover to find on French pages, and its French value for English pages;
plus the raw codes that once reached the pages (``joining_welding``...). Short values (a word
or two) are left out: they are often the same name in both languages."""

from __future__ import annotations

import html
import io
import re
from collections import Counter, deque
from collections.abc import Iterator
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from modeltranslation.translator import translator

from aluhub.accounts.demo import DEMO_USERS

# The language of a page's data text is chosen in Python (modeltranslation, templates,
# gettext), whatever engine returned the rows: this crawl runs in the SQLite stage only
# (docs/decisions/0006).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

#: Codes and texts that reached French pages as they are stored.
RAW_CODES = ["joining_welding", "digital_4_0", "connectivity_data", "(exclus : foundation)"]
#: The English texts of the data the French pages once showed (issue #11).
KNOWN_ENGLISH = [
    "current availability to be confirmed",
    "Generated from aluhub/data",
    "Demo exercise",
    "Clean mixed old alloy sheet aluminum",
    "wrought (mixed old sheet)",
    "Primary aluminium, Canada average",
    "Aluminium Association of Canada",
    "Aluminium primary, Quebec smelters (hydro)",
    "Design calculations and drawings (PDF)",
]
MIN_LENGTH = 24  # characters: shorter values are often the same name in both languages
PAGES_PER_ROLE = 120
PER_ROUTE = 2  # detail pages of one route: two are enough to see its data text
SKIP = re.compile(
    r"/admin/|/api/|logout|deconnexion|/export|\.(csv|xlsx|pdf|ics|json|xml|svg|png|jpg)\b"
)


def _leftovers(lang: str) -> set[str]:
    """The other language's values of every bilingual field that differ from ours."""
    other = "en" if lang == "fr" else "fr"
    found: set[str] = set()
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for row in model._default_manager.values(
            *[f"{f}_{lang}" for f in fields], *[f"{f}_{other}" for f in fields]
        ):
            for name in fields:
                ours, theirs = row[f"{name}_{lang}"], row[f"{name}_{other}"]
                if not (isinstance(ours, str) and isinstance(theirs, str)):
                    continue
                # A blank value falls back to the other language (shown as "to confirm").
                ours, theirs = ours.strip(), theirs.strip()
                if ours and len(theirs) >= MIN_LENGTH and theirs != ours and theirs not in ours:
                    found.add(" ".join(theirs.split()))
    return found


def _text(page: str) -> str:
    """What a reader sees: tags and scripts removed, entities decoded, spaces folded. An edit
    form's text areas hold both languages on purpose (one field per language)."""
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _links(page: str) -> Iterator[str]:
    for href in re.findall(r'href="([^"#][^"]*)"', page):
        href = urldefrag(html.unescape(href))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        yield href


def _crawl(client: Client, lang: str) -> dict[str, str]:
    """Breadth-first from the home page, at most PER_ROUTE pages of one route."""
    start = f"/{lang}/"
    seen, pages, per_route = {start}, {}, Counter[str]()
    queue = deque([start])
    while queue and len(pages) < PAGES_PER_ROLE:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        pages[path] = _text(page)
        for link in _links(page):
            if link in seen or SKIP.search(link) or not link.startswith(f"/{lang}/"):
                continue
            seen.add(link)
            try:
                route = resolve(urlsplit(link).path).route
            except Resolver404:
                continue
            if per_route[route] >= PER_ROUTE:
                continue
            per_route[route] += 1
            queue.append(link)
    return pages


def _clients() -> Iterator[tuple[str, Client]]:
    yield "anonymous", Client()
    from aluhub.accounts.models import User

    for email, *_rest in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        yield email, client


def _problems(lang: str) -> list[tuple[str, str, str]]:
    wanted = sorted(_leftovers(lang))
    wanted += RAW_CODES + KNOWN_ENGLISH if lang == "fr" else []
    assert len(wanted) > 100  # the data is loaded: the check has something to find
    problems = []
    for who, client in _clients():
        pages = _crawl(client, lang)
        assert len(pages) > 10, who
        for path, text in pages.items():
            problems += [(who, path, s) for s in wanted if s in text]
    return problems


@pytest.mark.slow
def test_french_pages_show_no_english_data_text_and_english_pages_no_french() -> None:
    """Both crawls on one load of the reference and demo data (each load writes every
    reference row and the whole demo site: one is enough for the two languages)."""
    call_command("load_reference_data", "--no-progress", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert {"fr": _problems("fr"), "en": _problems("en")} == {"fr": [], "en": []}
