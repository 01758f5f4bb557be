"""Every French catalogue says what the pages show.

Django merges the catalogues of every installed app (the project's LOCALE_PATHS first, then the
apps in INSTALLED_APPS order, the admin's among them) and the first one holding a message answers
for every page: a short word translated differently in two apps ("Status", "All", "Score") shows
the other app's French. A string whose French differs from another catalogue's carries a context
(`pgettext`, `{% translate "…" context "…" %}`); where the meaning is the same, both catalogues
say the same words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

import aluhub

pytestmark = pytest.mark.one_database

PACKAGE = Path(aluhub.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/fr/LC_MESSAGES/django.po"))


def shown_differently(path: Path) -> list[tuple[str | None, object, object, object]]:
    """(context, msgid, the catalogue's French, the French a page shows) for every entry of
    the catalogue at ``path`` that another catalogue overrides, or that is fuzzy (left out
    of the compiled catalogue, so the page shows English)."""
    with path.open("rb") as po:
        catalogue = read_po(po)
    wrong: list[tuple[str | None, object, object, object]] = []
    with translation.override("fr"):
        for m in catalogue:
            if not m.id:
                continue
            if m.fuzzy:
                wrong.append((m.context, m.id, m.string, "fuzzy"))
                continue
            if isinstance(m.id, tuple):
                singular, plural = m.id
                for n, french in zip((1, 2), m.string, strict=False):
                    if not french:
                        continue
                    shown = (
                        npgettext(m.context, singular, plural, n)
                        if m.context
                        else ngettext(singular, plural, n)
                    )
                    if shown != french:
                        wrong.append((m.context, m.id, french, shown))
                continue
            if not m.string:
                continue
            shown = pgettext(m.context, m.id) if m.context else gettext(m.id)
            if shown != m.string:
                wrong.append((m.context, m.id, m.string, shown))
    return wrong


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE).parts[0]))
def test_french_pages_say_what_each_catalogue_says(path: Path) -> None:
    assert shown_differently(path) == []


def test_every_catalogue_is_checked() -> None:
    """The project's catalogue, the site shell's and every app's own: a new app's catalogue is
    checked without being listed."""
    expected = {PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"}
    for config in apps.get_app_configs():
        if config.name.startswith("aluhub."):
            po = Path(config.path) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
            if po.exists():
                expected.add(po)
    assert set(CATALOGUES) == expected
    assert PACKAGE / "site" / "locale" / "fr" / "LC_MESSAGES" / "django.po" in expected
    assert len(expected) >= 14


def test_an_entry_another_catalogue_overrides_is_reported(tmp_path: Path) -> None:
    """The admin's "Rechercher" answers for "Search": a catalogue saying "Chercher" without a
    context is caught; the same word under a context of its own, or the same French, is not."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Search"\nmsgstr "Chercher"\n\n'
        'msgctxt "facet, feminine"\nmsgid "All"\nmsgstr "Toutes"\n\n'
        'msgid "Status"\nmsgstr "État"\n\n'
        '#, fuzzy\nmsgid "Open requests"\nmsgstr "Demandes"\n',
        encoding="utf-8",
    )
    assert shown_differently(po) == [
        (None, "Search", "Chercher", "Rechercher"),
        (None, "Open requests", "Demandes", "fuzzy"),
    ]
