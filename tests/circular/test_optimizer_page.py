"""The charge optimizer for a melt shop: examples on the first visit, confidence and safety
margin, the out-of-spec risk in words, a bilingual paste box, infeasible charges explained."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aluhub.circular.formatting import blend_refusal, chemistry_notes, risk_text
from aluhub.circular.forms import BlendForm, parse_materials
from aluhub.common.jsonio import JsonInputError
from tests.circular.factories import member_of
from tests.circular.test_views import client_for, url
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

BASE = {"alloy": "6063", "mass_kg": "1000", "primary_price": "3.30", "primary_fe": "0.20",
        "primary_si": "0.10"}  # fmt: skip


@pytest.mark.parametrize(
    ("example", "title"),
    [("", "6063 extrusion billet"), ("A356", "A356 casting"), ("3105", "3105 sheet")],
)
def test_first_visit_shows_a_worked_example_with_a_low_risk(example: str, title: str) -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    html = viewer.get(url("circular:optimizer"), {"example": example} if example else {})
    page = html.content.decode()
    assert "Optimal charge" in page
    assert f"Showing the example “{title}”" in page
    assert "illustrative" in page
    # 95 % confidence and a 5 % safety margin by default: the risk stays under 5 %.
    assert "High out-of-spec risk" not in page
    assert "Estimated out-of-spec risk" in page
    assert "aimed 5% of its range inside" in page


def test_first_visit_in_french_uses_french_keywords_and_decimal_commas() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    page = viewer.get(url("circular:optimizer", lang="fr")).content.decode()
    assert "Charge optimale" in page
    assert "retaille ; 2,70" in page  # the pasted list, as a French user would write it
    # The boxes too: the primary metal's price, iron and silicon ("0.20" before).
    for box, value in (("primary_price", "3,55"), ("primary_fe", "0,20"), ("primary_si", "0,10")):
        assert re.search(rf'name="{box}"[^>]*value="{value}"', page), box
    english = viewer.get(url("circular:optimizer", lang="en")).content.decode()
    assert re.search(r'name="primary_fe"[^>]*value="0.20"', english)


def test_without_confidence_the_risky_charge_is_flagged() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "confidence": "", "materials_text": (
        "old; scrap; 2.0; ; ; Fe=0.34±0.06 Si=0.45 Mg=0.6")}  # fmt: skip
    page = viewer.post(url("circular:optimizer"), data).content.decode()
    assert "High out-of-spec risk" in page
    assert 'class="notice notice-warn"' in page


def test_confidence_and_margin_reach_the_engine() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "confidence": "0.99", "safety_margin_pct": "10",
            "materials_text": "old; scrap; 2.0; ; ; Fe=0.30±0.03 Si=0.45 Mg=0.6\n"
                              "mg; alloying; 5.2; ; ; Mg=99.8"}  # fmt: skip
    page = viewer.post(url("circular:optimizer"), data).content.decode()
    assert "Each limit is aimed 10% of its range inside its bounds." in page
    assert "High out-of-spec risk" not in page


def test_paste_box_reads_french_and_english_alike() -> None:
    french = parse_materials("Lot A ; Retaille ; 2,05 ; 4 000 ; 0,92 ; Fe = 0,32 ± 0,06 Si=0,5")
    english = parse_materials("Lot A; scrap; 2.05; 4000; 0.92; Fe=0.32+/-0.06 Si=0.5")
    assert (
        french
        == english
        == [
            {
                "id": "Lot A",
                "kind": "scrap",
                "price_per_kg": 2.05,
                "available_kg": 4000.0,
                "yield": 0.92,
                "composition": {"Fe": 0.32, "Si": 0.5},
                "composition_sd": {"Fe": 0.06},
            }
        ]
    )
    assert parse_materials("Mg ; alliage ; 5,8 ; illimité ; ; Mg=99,8")[0]["available_kg"] is None


def test_paste_box_names_an_unknown_kind() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "materials_text": "x; copeaux; 2; ; ; Fe=0.3"}
    page = viewer.post(url("circular:optimizer"), data).content.decode()
    assert "Line 1: kind “copeaux” is not one of primary, scrap, alloying" in page


def test_infeasible_charge_explains_the_chemistry() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "primary_price": "", "materials_text": (
        "dirty; scrap; 1.0; ; ; Fe=0.60 Si=0.45 Mg=0.6")}  # fmt: skip
    page = viewer.post(url("circular:optimizer"), data).content.decode()
    assert "No charge meets every limit" in page
    assert "Why: the chemistry" in page
    assert "Fe maximum 0.35%: every material brings more" in page.replace("&nbsp;", " ")


def test_chemistry_note_names_the_only_diluting_material() -> None:
    translation.activate("en")
    violation = {"limit": "Fe max", "bound": 0.35, "value": 0.4, "amount": 0.05}
    result = {"status": "infeasible", "violations": [violation]}
    materials = [
        {"id": "a", "composition": {"Fe": 0.6}},
        {"id": "b", "composition": {"Fe": 0.1}},
    ]
    notes = chemistry_notes(result, materials, {"a": "Old scrap", "b": "P1020"})
    assert notes == [
        "Fe maximum 0.35%: P1020 0.1%, Old scrap 0.6%. Only P1020 can dilute it, and not "
        "enough is available or it would break another limit: add more of it or another "
        "material below the limit."
    ]


@pytest.mark.parametrize(
    ("oos", "words"),
    [
        (None, "not estimated"),
        (0.0, "negligible"),
        (0.004, "fewer than 1 melt in 100"),
        (0.02, "roughly 1 melt in 50"),
        (0.649, "High out-of-spec risk: about 64.9%, roughly 1 melt in 2"),
    ],
)
def test_risk_in_words(oos: float | None, words: str) -> None:
    translation.activate("en")
    assert words in risk_text(oos, 0.95)


def test_french_figures_typed_with_spaces_and_commas_run_the_optimizer() -> None:
    """ "10 000" kg and "3,30" $/kg on the French page (both were refused outside a browser that
    rewrites them); "1,000.5" reads two ways there and comes back as typed with its error."""
    viewer = client_for(member_of(OrganizationFactory()))
    data = {
        "alloy": "6063",
        "primary_price": "3,30",
        "primary_fe": "0,20",
        "primary_si": "0,10",
        "materials_text": "mg; alliage; 5,2; ; ; Mg=99,8\nsi; alliage; 3,0; ; ; Si=99",
    }
    page = viewer.post(url("circular:optimizer", lang="fr"), {**data, "mass_kg": "10\u00a0000"})
    html = page.content.decode()
    assert "Charge optimale" in html
    assert "Saisissez un nombre" not in html
    refused = viewer.post(url("circular:optimizer", lang="fr"), {**data, "mass_kg": "1,000.5"})
    html = refused.content.decode()
    assert 'name="mass_kg" value="1,000.5"' in html
    assert "Saisissez un nombre écrit ainsi\u00a0: 1 234,5." in html
    assert "Charge optimale" not in html


def test_chemistry_note_of_a_thousand_materials_names_the_nearest_six() -> None:
    # It listed all 1,001 materials of the pasted list in one sentence.
    translation.activate("fr")
    violation = {"limit": "Mg min", "bound": 0.45, "value": 0.0, "amount": 0.45}
    result = {"status": "infeasible", "violations": [violation]}
    materials = [{"id": f"m{i}", "composition": {"Mg": i / 10000}} for i in range(1001)]
    [note] = chemistry_notes(result, materials, {})
    assert note == (
        "Mg minimum 0,45\u00a0%\u00a0: aucune matière ne l’atteint (m995 0,0995\u00a0%, "
        "m996 0,0996\u00a0%, m997 0,0997\u00a0%, m998 0,0998\u00a0%, m999 0,0999\u00a0%, "
        "m1000 0,1\u00a0% et 995 autres). "
        "Ajoutez un élément d’alliage riche en Mg."
    )


def test_pasted_thousands_comma_is_refused_as_ambiguous_on_english_pages() -> None:
    # "2,500" kg was read as 2.5 kg on the English page: the lot barely entered the charge.
    translation.activate("en")
    with pytest.raises(ValidationError) as refused:
        parse_materials("lot; scrap; 1.2; 2,500; ; Fe=0.3", "en")
    assert refused.value.messages == [
        "Line 1: is “2,500” 2500 or 2.5? Write it without the comma, or with a decimal point."
    ]
    english = parse_materials("lot; scrap; 1,2; 2,500.5; ; Fe=0,3", "en")[0]
    french = parse_materials("lot; retaille; 1,2; 2,500; ; Fe=0,3", "fr")[0]
    assert (english["price_per_kg"], english["available_kg"], english["composition"]) == (
        1.2,
        2500.5,
        {"Fe": 0.3},
    )
    assert french["available_kg"] == 2.5


def test_optimizer_page_in_english_refuses_a_thousands_comma_in_the_list() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "materials_text": "lot; scrap; 1.2; 2,500; ; Fe=0.3"}
    response = viewer.post(url("circular:optimizer", lang="en"), data)
    assert (response.context["result"], response.context["form"].errors["materials_text"]) == (
        None,
        ["Line 1: is “2,500” 2500 or 2.5? Write it without the comma, or with a decimal point."],
    )


def test_a_pasted_price_beyond_the_command_limit_is_refused_in_french() -> None:
    """2 000 000 $/kg on a pasted line is beyond what the blend command takes (jsonio): the
    French page said « materials[1].price_per_kg: must be between -1e+06 and 1e+06 »."""
    viewer = client_for(member_of(OrganizationFactory()))
    typed = "vieux profilés; retaille; 2000000; ; ; Fe=0,3"
    page = viewer.post(url("circular:optimizer", lang="fr"), {**BASE, "primary_price": "3,30",
        "primary_fe": "0,20", "primary_si": "0,10", "materials_text": typed})  # fmt: skip
    html = unescape(page.content.decode())
    said = (
        "«\u00a0vieux profilés\u00a0»\u00a0: un prix ne peut dépasser 1\u00a0000\u00a0000\u00a0$ "
    )
    assert said + "par kg." in html
    assert "price_per_kg" not in html and "must be" not in html
    assert page.context["form"]["materials_text"].value() == typed


def test_a_refusal_beyond_the_command_limits_names_the_material_in_english() -> None:
    materials = [{"id": "P1020", "price_per_kg": 3.3}, {"id": "big", "available_kg": 2e9}]
    exc = JsonInputError(
        "materials[1].available_kg", "must be between -1e+09 and 1e+09", code="out_of_range",
        params={"low": -1e9, "high": 1e9},
    )  # fmt: skip
    with translation.override("en"):
        assert blend_refusal(exc, materials, {"P1020": "Primary P1020"}) == (
            "“big”: the available mass cannot exceed 1,000,000,000\u00a0kg."
        )


def test_confidence_levels_are_written_the_languages_way() -> None:
    """« 95 % » with a no-break space in French, "95%" in English (both read '95 %', an
    ordinary space in French and a space English does not write)."""
    labels = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            choices = BlendForm(offer_choices=[]).fields["confidence"].choices
            labels[lang] = [str(label) for _value, label in choices][1:]
    assert labels == {"fr": ["90\u00a0%", "95\u00a0%", "99\u00a0%"], "en": ["90%", "95%", "99%"]}


@pytest.mark.parametrize(
    ("lang", "family"), [("fr", "Alliages de fonderie"), ("en", "Cast alloys")]
)
def test_a_lot_without_a_grade_is_labelled_with_its_alloy_family_in_words(
    lang: str, family: str
) -> None:
    """A lot known only by its alloy family reads « Alliages de fonderie » / "Cast alloys" in
    the optimizer's lot list: it showed the stored code ("cast", "wrought_mixed") on both
    pages."""
    from aluhub.circular.views import _offer_choices
    from tests.circular.factories import ListingFactory

    offer = ListingFactory(
        title="Carters", alloy_family="cast", assay={"Si": {"pct": 8.5, "sd": None}}
    )
    with translation.override(lang):
        choices, _lots = _offer_choices(member_of(OrganizationFactory()))
    decimal = "," if lang == "fr" else "."
    whose = "offre de la bourse" if lang == "fr" else "exchange offer"
    assert choices == [(f"offer-{offer.pk}", f"Carters — 20{decimal}0\u00a0t, {family} ({whose})")]


def test_a_lot_closed_since_the_page_was_shown_is_refused_in_words() -> None:
    """A lot ticked on the page and closed by its seller before the charge was submitted:
    the page said « Sélectionnez un choix valide. offer-12 n’en fait pas partie. », naming
    the lot by its internal id."""
    from tests.circular.factories import ListingFactory

    offer = ListingFactory(title="Carters", assay={"Si": {"pct": 8.5, "sd": None}})
    offer.status = "closed"
    offer.save()
    viewer = client_for(member_of(OrganizationFactory()))
    data = {**BASE, "offers": [f"offer-{offer.pk}"], "offer_price": "1"}
    response = viewer.post(url("circular:optimizer", lang="fr"), data)
    assert response.context["form"].errors["offers"] == [
        "Un lot coché n’est plus offert (conclu, réservé ou expiré depuis l’affichage de la "
        "page)\u00a0: cochez de nouveau les lots."
    ]
