"""The menus (dashboard/nav.py): each role, in French and in English, sees only the pages it may
open. Every link of the main navigation and of the account menu is followed, then every link
of the menus (<nav>) inside those pages' main content: none answers 403."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from aluhub.accounts.models import User
from tests.challenge.factories import JurorAssignmentFactory
from tests.learning.factories import make_teacher
from tests.permissions import ROLES, build_world

pytestmark = pytest.mark.django_db

# The role shortcuts of the main navigation each role sees after the sections.
SECTIONS = ["funding", "innovation", "workforce", "circular", "trace", "news"]
SHORTCUTS = {
    "anonymous": [],
    "staff": [],
    "member": ["Bourse de ferraille"],
    "other_member": ["Bourse de ferraille"],
    "partner": ["Propositions de programmes"],
    "student": ["Mon défi"],
    "teacher": [],  # not verified yet: no course packs
    "verified_teacher": ["Mes trousses de cours"],
    "jury": [],  # judges no edition
    "juror": ["Espace jury"],
    "expert": ["Demandes qui me sont confiées"],
}
ANONYMOUS_ACCOUNT = ["Se connecter", "S’inscrire"]
NAV = re.compile(r"<nav\b[^>]*>(.*?)</nav>", re.S)
HREF = re.compile(r'href="(/(?:fr|en)/[^"#?]*)')


def _users() -> dict[str, User | None]:
    users = dict(build_world().users)
    users["verified_teacher"] = make_teacher(email="verified-teacher@matrix.example.org")
    users["juror"] = JurorAssignmentFactory(juror__email="juror@matrix.example.org").juror
    return users


def _nav(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</nav>", 1)[0]


def _labels(fragment: str) -> list[str]:
    links = re.findall(r"<a\b[^>]*>(.*?)</a>", fragment, re.S)
    return [html.unescape(re.sub(r"\s+", " ", t).strip()) for t in links]


def test_every_role_sees_its_own_shortcuts_and_account_links() -> None:
    users = _users()
    assert sorted(SHORTCUTS) == sorted([*ROLES, "verified_teacher", "juror"])
    for role, shortcuts in SHORTCUTS.items():
        client = Client()
        user = users[role]
        if user is not None:
            client.force_login(user)
        page = client.get("/fr/").content.decode()
        main = _labels(_nav(page, 'id="main-nav"'))
        sections = len(SECTIONS) - (user is None)  # traceability is for signed-in users
        assert main[sections:] == shortcuts, role
        assert len(main) == sections + len(shortcuts)
        account = _labels(_nav(page, 'class="account-nav"'))
        if user is None:
            assert account == ANONYMOUS_ACCOUNT
        else:
            admin = ["Administration"] if role == "staff" else []
            mine = ["Mon tableau de bord", "Mes alertes", user.get_short_name()]
            assert account == [*mine, *admin], role


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_menu_link_leads_a_role_to_a_refusal(lang: str) -> None:
    users = _users()
    refused = []
    followed = 0
    for role, user in users.items():
        client = Client()
        start = f"/{lang}/"
        if user is not None:
            client.force_login(user)
            start = "/fr/tableau-de-bord/" if lang == "fr" else "/en/dashboard/"
        header = client.get(start).content.decode().split("<main", 1)[0]
        menu_links = [href for nav in NAV.findall(header) for href in HREF.findall(nav)]
        assert menu_links, role
        # A section's menu repeats on each of its pages: each address is asked once per role
        # (a GET answers the same the second time), which was 1,052 requests for 295 addresses.
        asked: set[str] = set()
        for path in dict.fromkeys(menu_links):
            response = client.get(path)
            asked.add(path)
            followed += 1
            if response.status_code == 403:
                refused.append(f"{role}: {path}")
                continue
            assert response.status_code == 200, f"{role}: {path} {response.status_code}"
            # The menus inside the page (a section's tools, a library's actions).
            content = response.content.decode().split("<main", 1)[1]
            for sub in dict.fromkeys(h for nav in NAV.findall(content) for h in HREF.findall(nav)):
                if sub in asked:
                    continue
                asked.add(sub)
                followed += 1
                if client.get(sub).status_code == 403:
                    refused.append(f"{role}: {path} -> {sub}")
    assert refused == []
    assert followed > 100
