"""Trade pages, the trades index (value-chain diagram, levels) and the bilingual search."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aluhub.workforce import selectors
from aluhub.workforce.models import LabourIndicator, Trade
from tests.phone_tables import stacks_on_phones

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="indicator">(.*?)</tr>', html, flags=re.S)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_figure_on_a_trade_page_lacks_its_year_and_source(
    client: Client, trades: None, lang: str
) -> None:
    checked = 0
    for trade in Trade.objects.all():
        response = client.get(
            f"/{lang}/"
            + ("main-d-oeuvre/metiers/" if lang == "fr" else "workforce/trades/")
            + f"{trade.slug}/"
        )
        assert response.status_code == 200
        html = response.content.decode()
        rows = _rows(html)
        assert len(rows) == trade.indicators.count()
        for row, ind in zip(rows, trade.indicators.order_by("region", "year"), strict=True):
            year = re.search(r'<td class="indicator-year"[^>]*>([^<]+)</td>', row)
            source = re.search(r'<a class="indicator-source" href="([^"]+)"', row)
            assert year and year.group(1).strip() == ind.year
            assert source and source.group(1) == ind.source_url.replace("&", "&amp;")
            checked += 1
    assert checked == LabourIndicator.objects.count() == 43


def test_trade_page_in_french(client: Client, trades: None) -> None:
    html = client.get("/fr/main-d-oeuvre/metiers/welder/").content.decode()
    assert "Welders and related machine operators" in html
    assert "Titre français à confirmer" in html
    assert "Le soudeur ou la soudeuse assemble" in html
    assert "Soudage-montage" in html
    assert "à confirmer" in html  # DEP 5195 is unconfirmed
    assert "<strong>FEER 2</strong>\xa0: habituellement" in html  # French acronym, no-break space


def test_trade_page_with_an_official_french_title(client: Client, trades: None) -> None:
    html = client.get("/fr/main-d-oeuvre/metiers/machinist/").content.decode()
    assert "Machinistes et vérificateurs/vérificatrices d&#x27;usinage et d&#x27;outillage" in html
    assert "Titre français à confirmer" not in html


def test_trade_page_in_english(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/trades/welder/").content.decode()
    assert '<span class="badge badge-warn">French title to confirm' not in html
    assert "Joins metal parts by welding" in html
    assert "Open internships and jobs" in html
    assert "<strong>TEER 2</strong>: usually" in html


def test_unknown_trade_is_404(client: Client, trades: None) -> None:
    assert client.get("/en/workforce/trades/astronaut/").status_code == 404


def test_index_draws_the_chain_with_a_link_per_stage(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/trades/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="\?stage=([a-z]+)#trades">', svg)
    assert links == [
        "primary",
        "casting",
        "extrusion",
        "rolling",
        "machining",
        "welding",
        "finishing",
        "recycling",
    ]


def test_index_chain_links_are_not_hidden_inside_an_image(client: Client, trades: None) -> None:
    """The diagram holds a link per stage: as role="img" its children were presentational,
    links a screen reader could not reach (axe nested-interactive)."""
    html = client.get("/fr/main-d-oeuvre/metiers/").content.decode()
    svg = html[html.index("<svg") : html.index(">", html.index("<svg"))]
    assert 'role="group"' in svg and 'role="img"' not in svg
    assert 'aria-labelledby="chain-title"' in svg


def test_trade_page_indicators_stack_on_phones(client: Client, trades: None) -> None:
    """The labour-market table (five columns) hid its last ones sideways at 390 px."""
    html = client.get("/fr/main-d-oeuvre/metiers/mechanical-engineer/").content.decode()
    assert _rows(html)
    assert stacks_on_phones(html)
    assert '<td data-label="Année" class="indicator-year">' not in html
    assert 'class="indicator-year" data-label="Année">' in html


def test_index_filters_by_stage_and_level(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/trades/?stage=welding").content.decode()
    assert "Welders and related machine operators" in html
    assert "Foundry workers" not in html
    by_level = [t.slug for t in selectors.trade_search(selectors.TradeFilters(level="bac"))]
    assert by_level == ["metallurgical-materials-engineer"]


@pytest.mark.parametrize(
    ("fr", "en"),
    [
        ("soudeur", "welder"),
        ("extrusion", "extrusion"),
        ("maintenance industrielle", "industrial maintenance"),
        ("métallurgie", "metallurgy"),
    ],
)
def test_french_and_english_searches_find_the_same_trades(trades: None, fr: str, en: str) -> None:
    found_fr = {t.slug for t in selectors.trade_search(selectors.TradeFilters(q=fr))}
    found_en = {t.slug for t in selectors.trade_search(selectors.TradeFilters(q=en))}
    assert found_fr == found_en
    assert found_fr


@pytest.mark.parametrize(
    "variant", ["Soudeurs", "SOUDEUSE", "metallurgie", "Métallurgies", "welders"]
)
def test_search_ignores_accents_case_and_plurals(trades: None, variant: str) -> None:
    found = {t.slug for t in selectors.trade_search(selectors.TradeFilters(q=variant))}
    assert "welder" in found or "metallurgical-technologist" in found


def test_search_specific_trades(trades: None) -> None:
    assert "welder" in {t.slug for t in selectors.trade_search(selectors.TradeFilters(q="soudeur"))}
    maintenance = {
        t.slug for t in selectors.trade_search(selectors.TradeFilters(q="maintenance industrielle"))
    }
    assert {"industrial-mechanic-millwright", "industrial-electrician"} <= maintenance
    assert "foundry-worker" not in maintenance


@pytest.mark.parametrize(
    ("base", "q"),
    [
        ("/fr/main-d-oeuvre/metiers/", "soudeur"),
        ("/fr/main-d-oeuvre/metiers/", "welder"),
        ("/en/workforce/trades/", "welder"),
        ("/en/workforce/trades/", "soudeuses"),
    ],
)
def test_search_from_the_page(client: Client, trades: None, base: str, q: str) -> None:
    """Either language's word finds the trade on either language's page."""
    html = client.get(f"{base}?q={q}").content.decode()
    assert f"{base}welder/" in html
    assert f"{base}foundry-worker/" not in html
