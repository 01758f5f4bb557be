"""A search typed without a searchable word (emoji, punctuation, a script the tokenizer
drops) matches nothing on every list, page and API, and the page says why;
an empty search still lists everything (common.search.NOTHING)."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.collab.factories import EventFactory
from tests.directory.factories import profile
from tests.factories import OrganizationFactory
from tests.funding.factories import make_program
from tests.learning.factories import make_resource

pytestmark = pytest.mark.django_db

UNSEARCHABLE = ["🙂", "???", "ألمنيوم"]
NOTICE = {
    "fr": "Aucun mot cherchable dans «\u00a0{q}\u00a0»",
    "en": "No searchable word in “{q}”",
}


def _page(client: Client, lang: str, name: str, q: str) -> str:
    with translation.override(lang):
        url = reverse(name)
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _api_count(client: Client, path: str, q: str) -> int:
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return int(response.json()["count"])


@pytest.mark.parametrize("q", UNSEARCHABLE)
def test_lists_find_nothing_for_a_query_without_a_searchable_word(client: Client, q: str) -> None:
    make_resource("r1")
    make_program("p1")
    EventFactory(title_fr="Journée des fondeurs", title_en="Founders' day")
    for path in [
        "/api/v1/learning/resources",
        "/api/v1/funding/programs",
        "/api/v1/community/events",
    ]:
        assert (_api_count(client, path, ""), _api_count(client, path, q)) == (1, 0), path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_say_the_query_holds_no_searchable_word(client: Client, lang: str) -> None:
    make_resource("r1")
    make_program("p1")
    EventFactory(title_fr="Journée des fondeurs", title_en="Founders' day")
    lists = [
        ("learning:index", "Alliages et états" if lang == "fr" else "Alloys and tempers"),
        ("funding:finder", "Programme d'essai" if lang == "fr" else "Test program"),
        ("collab:event_list", "Journée des fondeurs" if lang == "fr" else "Founders' day"),
    ]
    notice = NOTICE[lang].format(q="🙂")
    for name, title in lists:
        everything = _page(client, lang, name, "")
        nothing = _page(client, lang, name, "🙂")
        assert (title in everything, notice in everything) == (True, False), name
        assert (title in nothing, notice in nothing) == (False, True), name


def test_directory_counts_agree_with_the_list_for_a_query_without_a_searchable_word(
    client: Client,
) -> None:
    profile(OrganizationFactory(name="Anodisation Nord", region="02"), processes=["anodizing"])
    everything = client.get("/en/directory/").content.decode()
    nothing = client.get("/en/directory/", {"q": "🙂"}).content.decode()
    assert ("Anodisation Nord" in everything, "1 organization" in everything) == (True, True)
    assert ("Anodisation Nord" in nothing, "0 organizations" in nothing) == (False, True)
    assert ("Anodizing (1)" in nothing, NOTICE["en"].format(q="🙂") in nothing) == (False, True)
    assert client.get("/api/v1/community/directory", {"q": "🙂"}).json()["count"] == 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_trace_lot_list_finds_nothing_for_a_query_without_a_searchable_word(
    client: Client, lang: str
) -> None:
    from tests.trace.factories import make_site, receive

    site = make_site()
    receive(site, "BIL-6063-A", "1000", material="billet", alloy="6063")
    client.force_login(site.user)
    everything = _page(client, lang, "trace:lots", "")
    nothing = _page(client, lang, "trace:lots", "ألمنيوم")
    notice = NOTICE[lang].format(q="ألمنيوم")
    assert ("BIL-6063-A" in everything, notice in everything) == (True, False)
    assert ("BIL-6063-A" in nothing, notice in nothing) == (False, True)
    assert (
        _api_count(client, "/api/v1/trace/lots", ""),
        _api_count(client, "/api/v1/trace/lots", "???"),
    ) == (1, 0)
