"""The workforce reference data: loaded like the others, upsert by id, sources kept."""

from __future__ import annotations

import re

import pytest

from aluhub.common.reference import no_progress
from aluhub.workforce import reference
from aluhub.workforce.models import LabourIndicator, TaxCreditParameter, Trade, TrainingProgram

pytestmark = pytest.mark.django_db


def test_load_creates_then_leaves_rows_unchanged() -> None:
    first = reference.load_reference(no_progress)
    assert [(s.created, s.updated) for s in first] == [(22, 0), (17, 0), (43, 0), (3, 0)]
    second = reference.load_reference(no_progress)
    assert [s.unchanged for s in second] == [22, 17, 43, 3]
    assert all(s.created == s.updated == 0 for s in second)


def test_a_changed_row_is_updated_in_place(trades: None) -> None:
    Trade.objects.filter(slug="welder").update(title_en="Changed")
    [summary, *_] = reference.load_reference(no_progress)
    assert summary.updated == 1
    assert Trade.objects.get(slug="welder").title_en == "Welders and related machine operators"


def test_trades_keep_ids_codes_and_sources(trades: None) -> None:
    welder = Trade.objects.get(slug="welder")
    assert welder.noc_2021 == "72106"
    assert welder.teer == 2
    assert welder.stages == ["welding"]
    assert welder.source_url.startswith("https://")
    assert Trade.objects.filter(source_url="").count() == 0


def test_french_titles_come_only_with_their_source(trades: None) -> None:
    machinist = Trade.objects.get(noc_2021="72100")
    assert (
        machinist.title_fr == "Machinistes et vérificateurs/vérificatrices d'usinage et d'outillage"
    )
    assert machinist.title_fr_source.startswith("https://noc.esdc.gc.ca/LaStructure/")
    # A trade whose French title was not found keeps it blank (never translated by us).
    assert Trade.objects.get(slug="welder").title_fr == ""
    for trade in Trade.objects.exclude(title_fr=""):
        assert trade.title_fr_source, trade.slug


def test_a_french_title_staff_copied_with_its_source_survives_a_reload(trades: None) -> None:
    source = "https://noc.esdc.gc.ca/example-fr"
    Trade.objects.filter(slug="welder").update(
        title_fr="Titre officiel copié", title_fr_source=source
    )
    Trade.objects.filter(slug="foundry-worker").update(title_fr="Sans source")
    reference.load_reference(no_progress)
    welder = Trade.objects.get(slug="welder")
    assert (welder.title_fr, welder.title_fr_source) == ("Titre officiel copié", source)
    # A title with no source is not an official copy: the file's blank wins.
    assert Trade.objects.get(slug="foundry-worker").title_fr == ""


def test_unconfirmed_program_numbers_are_flagged(trades: None) -> None:
    flagged = set(
        TrainingProgram.objects.filter(code_to_confirm=True).values_list("code", flat=True)
    )
    assert flagged == {"DEP 5195", "DEP 5203", "DEP 5260", "DEP 5281"}
    soudage = TrainingProgram.objects.get(slug="dep-soudage-montage")
    assert [t.slug for t in soudage.trades.all()] == ["welder"]
    assert soudage.regions == ["04", "06", "16"]
    assert soudage.institutions[0] == {
        "name": "CFP Qualitech",
        "place": "Trois-Rivières, Mauricie",
        "region": "04",
    }


def test_a_program_is_placed_where_it_is_taught_not_where_it_was_designed(
    trades: None,
) -> None:
    """« Cégep de Victoriaville (Centre-du-Québec); developed by Cégep de La Pocatière
    (Bas-Saint-Laurent) »: the region filter finds it in 17, not in 01."""
    program = TrainingProgram.objects.get(slug="aec-productivite-genie-industriel")
    assert program.regions == ["17"]
    assert reference.parse_institutions("A (Laval); developed by B (Bas-Saint-Laurent)") == [
        {"name": "A", "place": "Laval", "region": "13"},
        {"name": "developed by B", "place": "Bas-Saint-Laurent", "region": ""},
    ]


def test_every_indicator_has_a_year_and_a_source(trades: None) -> None:
    assert LabourIndicator.objects.count() == 43
    for ind in LabourIndicator.objects.all():
        assert ind.year and ind.source_url.startswith("http"), ind


def test_tax_credit_rates_are_dated_and_sourced(trades: None) -> None:
    base = TaxCreditParameter.objects.get(slug="base-rate-corporation")
    assert str(base.rate_percent) == "24.00"
    assert base.starts_on is not None and base.starts_on.isoformat() == "2014-06-05"
    assert "revenuquebec.ca" in base.source_url


def test_trade_profiles_read_with_french_typography(trades: None) -> None:
    # The shared file's French summaries (« l'usine; ») were shown as is on French pages.
    texts = [t.summary_fr for t in Trade.objects.all()]  # type: ignore[attr-defined]
    texts += [t.example_titles_fr for t in Trade.objects.all()]  # type: ignore[attr-defined]
    assert any("’" in s for s in texts)
    assert not [s for s in texts if re.search(r"\w'\w|\w;", s)]
