"""Issue #18: the site header (site/templatetags/shell.py). A visitor's header is built once per
language and section and kept in memory, with the language switch filled in per request: the
pages must read exactly as when the header is rendered live, in French and in English; a
signed-in person's header follows their name and role from the next request on."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings

from aluhub.accounts.models import Role
from aluhub.accounts.services import user_set_role, user_update_profile
from aluhub.site.templatetags import shell
from tests.factories import UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'((?:name="csrfmiddlewaretoken" value=|"X-CSRFToken": )")[^"]+')


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    # The CSRF token is drawn afresh for every response: the only part that may differ.
    return CSRF.sub(r"\1-", response.content.decode())


def _header(page: str) -> str:
    return page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def _live(context: object, lang: str, switch_url: str, match: object) -> str:
    """A visitor's header rendered from the template on every request (no memory)."""
    return shell._render(context, lang, switch_url, AnonymousUser(), match)  # type: ignore[arg-type]


PAGES = {
    "fr": ["/fr/", "/fr/financement/", "/fr/financement/programmes/essai/",
           "/fr/financement/?q=acier&page=2", "/fr/compte/connexion/"],
    "en": ["/en/", "/en/funding/", "/en/funding/programs/essai/",
           "/en/funding/?q=steel&page=2", "/en/account/login/"],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_visitors_pages_from_memory_read_as_rendered_live(
    client: Client, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_program("essai")
    shell._VISITOR_HEADERS.clear()
    cold = {path: _page(client, path) for path in PAGES[lang]}
    warm = {path: _page(client, path) for path in PAGES[lang]}
    assert len(shell._VISITOR_HEADERS) == 4  # home, funding (twice), account: one per section
    monkeypatch.setattr(shell, "_visitor", _live)
    live = {path: _page(client, path) for path in PAGES[lang]}
    assert cold == warm == live
    # The language switch is this very page (query string kept, & escaped) in the other language.
    finder = _header(warm[PAGES[lang][3]])
    other = (
        "/en/funding/?q=acier&amp;page=2" if lang == "fr" else "/fr/financement/?q=steel&amp;page=2"
    )
    assert f'href="{other}"' in finder
    assert 'href="/fr/financement/" aria-current="page"' in finder or (
        'href="/en/funding/" aria-current="page"' in finder
    )
    assert "aria-current" not in _header(warm[PAGES[lang][0]])


def test_the_visitor_header_follows_the_language_and_the_section(client: Client) -> None:
    french = _header(_page(client, "/fr/financement/"))
    english = _header(_page(client, "/en/funding/"))
    home = _header(_page(client, "/en/"))
    assert 'aria-label="Navigation principale"' in french and "Se connecter" in french
    assert 'aria-label="Main navigation"' in english and "Log in" in english
    assert 'href="/en/funding/" aria-current="page"' in english
    assert 'href="/en/funding/"' in home and "aria-current" not in home


def test_a_signed_in_header_is_never_served_to_visitors_nor_the_reverse() -> None:
    user = UserFactory(first_name="Roxane", role=Role.MEMBER)
    visitor, member = Client(), Client()
    member.force_login(user)
    before = _header(_page(visitor, "/fr/"))
    mine = _header(_page(member, "/fr/"))
    after = _header(_page(visitor, "/fr/"))
    assert "Roxane" in mine and "Se déconnecter" in mine and "Se connecter" not in mine
    assert before == after
    assert "Roxane" not in after and "Se déconnecter" not in after and "Se connecter" in after
    assert _header(_page(member, "/fr/")) == mine


def test_a_signed_in_header_shows_a_profile_or_role_edit_on_the_next_request() -> None:
    staff = UserFactory(role=Role.STAFF)
    user = UserFactory(first_name="Roxane", role=Role.MEMBER)
    client = Client()
    client.force_login(user)
    assert "Roxane" in _header(_page(client, "/en/"))
    user_update_profile(
        user=user, first_name="Mireille", last_name="Tremblay", preferred_language="fr"
    )
    header = _header(_page(client, "/en/"))
    assert "Mireille" in header and "Roxane" not in header
    assert "My challenge" not in header
    user_set_role(actor=staff, user=user, role=Role.STUDENT)
    assert "My challenge" in _header(_page(client, "/en/"))


def test_a_visitors_home_reads_only_the_figures_and_opens_no_session(
    client: Client, django_assert_num_queries
) -> None:
    client.get("/en/")  # the fragments and the header in memory, as for every later visitor
    with django_assert_num_queries(1):
        response = client.get("/en/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Log in" in _header(response.content.decode())


def test_the_home_fragment_keeps_visitors_and_signed_in_people_apart() -> None:
    user = UserFactory(role=Role.MEMBER)
    visitor, member = Client(), Client()
    member.force_login(user)
    signup = 'href="/fr/compte/inscription/">Créer un compte</a>'
    first = _page(visitor, "/fr/")
    assert signup in first
    assert signup not in _page(member, "/fr/")
    assert _page(visitor, "/fr/") == first


def test_the_shell_assets_are_the_static_files_and_follow_a_settings_change() -> None:
    from django.template import engines

    shell_tags = engines["django"].from_string(
        "{% load shell %}{% asset 'css/aluhub.css' %} {% asset 'js/aluhub.js' %}"
    )
    static_tags = engines["django"].from_string(
        "{% load static %}{% static 'css/aluhub.css' %} {% static 'js/aluhub.js' %}"
    )
    assert shell_tags.render({}) == static_tags.render({})
    with override_settings(STATIC_URL="/elsewhere/"):
        moved = shell_tags.render({})
        assert moved == static_tags.render({})
        assert moved.startswith("/elsewhere/css/aluhub")
    assert shell_tags.render({}) == static_tags.render({})


def test_a_long_address_is_switched_without_being_kept(client: Client) -> None:
    words = "acier" * 120  # a query string longer than the addresses kept in memory
    _page(client, "/fr/financement/?q=court")
    kept = shell._translated.cache_info().currsize
    header = _header(_page(client, f"/fr/financement/?q={words}"))
    assert f'href="/en/funding/?q={words}"' in header
    assert shell._translated.cache_info().currsize == kept


@pytest.mark.one_database
@pytest.mark.parametrize("path", ["//evil.example/x", "///evil.example/", "//evil.example"])
def test_the_language_switch_of_a_page_for_another_host_stays_on_the_site(
    client: Client, path: str
) -> None:
    # A link to https://aluhub.example//evil.example/x answers 404; its "English" link led to
    # evil.example (the page's own address, which browsers read as another host's).
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    assert re.findall(r'href="([^"]*)" lang="en"', _header(response.content.decode())) == ["/en/"]
