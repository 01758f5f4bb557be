from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from aluhub.engines.matching import FOUNDER_AGE_RANGE
from aluhub.funding import services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program, make_support_organization

pytestmark = pytest.mark.django_db


def _heading(body: str) -> str:
    found = re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', body, re.S)
    return found.group(1).strip() if found else ""


def test_finder_lists_published_programs_in_french(client: Client) -> None:
    make_program("a", name_fr="Aide à l'exportation", name_en="Export aid")
    body = client.get("/fr/financement/").content.decode()
    assert "Aide à l&#x27;exportation" in body
    assert _heading(body) == "1 programme"


def test_finder_search_exportation_finds_exporter(client: Client) -> None:
    make_program("a", name_fr="Exporter vos produits", name_en="Export your products")
    make_program("b", name_fr="Automatiser", name_en="Automate")
    body = client.get("/fr/financement/", {"q": "exportation"}).content.decode()
    assert "Exporter vos produits" in body
    assert "Automatiser" not in body


def test_finder_facet_counts_are_shown(client: Client) -> None:
    make_program("a", level="federal")
    make_program("b", level="provincial")
    make_program("c", level="provincial")
    body = client.get("/en/funding/").content.decode()
    assert re.search(r'value="provincial"[^>]*> Provincial <span class="count">2</span>', body)


def test_finder_filters_summary_counts_the_ticked_boxes(client: Client) -> None:
    make_program("a", level="federal")
    make_program("b", level="provincial")

    def summary(lang: str, query: dict[str, str | list[str]]) -> str:
        body = client.get(f"/{lang}/{'financement' if lang == 'fr' else 'funding'}/", query)
        found = re.search(r"<summary>(.*?)</summary>", body.content.decode(), re.S)
        return found.group(1).strip() if found else ""

    assert summary("fr", {}) == "Filtres (0)"
    assert summary("fr", {"q": "aide", "open_now": "on"}) == "Filtres (1)"
    query = {"level": ["federal", "provincial"], "closing_soon": "on"}
    assert summary("en", query) == "Filters (3)"


def test_finder_htmx_request_gets_only_the_results(client: Client) -> None:
    make_program("a")
    response = client.get("/fr/financement/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="finder-results"')
    assert "<html" not in body


def test_finder_paginates(client: Client) -> None:
    for i in range(25):
        make_program(f"p{i:02d}", name_fr=f"Programme {i:02d}", name_en=f"Program {i:02d}")
    body = client.get("/en/funding/", {"sort": "name", "page": 2}).content.decode()
    assert "Page 2 of 2" in body
    assert "Program 24" in body and "Program 00" not in body


def test_detail_shows_source_last_verified_and_unknown_amount(client: Client) -> None:
    make_program("a", max_amount_cad=None, status_note="Paused since May")
    body = client.get("/en/funding/programs/a/").content.decode()
    assert "https://example.org/source" in body
    assert "Last verified" in body
    assert "Paused since May" in body
    assert re.search(r"Maximum amount</dt><dd>unknown</dd>", body)


def test_detail_url_keeps_the_slug_across_languages(client: Client) -> None:
    make_program("a")
    body = client.get("/fr/financement/programmes/a/").content.decode()
    assert 'href="/en/funding/programs/a/"' in body


def test_detail_of_a_draft_is_404_for_visitors(client: Client) -> None:
    make_program("d", publication="draft")
    assert client.get("/fr/financement/programmes/d/").status_code == 404


def test_support_directory_links_each_organization_to_its_own_site(client: Client) -> None:
    article = "https://www.48inter.com/en/2023/02/22/48e-celebrates-its-25th-anniversary/"
    make_support_organization("nord", name="48e Nord International", url=article)
    make_support_organization("sans", name="Export Sans Site", url="")
    body = client.get("/fr/financement/aide-exportation/").content.decode()
    assert '<a href="https://www.48inter.com/" rel="noopener">48inter.com</a>' in body
    assert f'href="{article}"' not in body
    sans = body.split("Export Sans Site")[1].split("</li>")[0]
    assert "Site Web\u00a0: inconnu" in sans


@pytest.mark.parametrize(("role", "shown"), [("member", True), ("student", False), ("jury", False)])
def test_finder_offers_plans_only_to_roles_that_can_make_them(
    client: Client, role: str, shown: bool
) -> None:
    make_program("a")
    client.force_login(UserFactory(role=role))
    body = client.get("/en/funding/").content.decode()
    assert ("Build a financing plan" in body) == shown
    assert "My alerts" in body


def test_support_directory_region_selector(client: Client) -> None:
    make_support_organization("sag", name="Export Saguenay", regions=["02"])
    make_support_organization("mtl", name="Export Montréal", regions=["06"])
    make_support_organization("qc", name="Export Québec", regions=[])
    body = client.get("/en/funding/export-support/", {"region": "02"}).content.decode()
    assert "Export Saguenay" in body and "Export Québec" in body
    assert "Export Montréal" not in body


def test_my_programs_redirects_anonymous_to_login(client: Client) -> None:
    response = client.get("/fr/financement/pour-mon-entreprise/")
    assert response.status_code == 302


def test_my_programs_matches_the_members_organization(client: Client) -> None:
    make_program("auto", phases=["productivity_automation"], eligible_sizes=["small"])
    make_program("large-only", phases=["productivity_automation"], eligible_sizes=["large"])
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=45, region="02"))
    client.force_login(user)
    response = client.post(
        "/en/funding/for-my-company/",
        {"goals": ["productivity_automation"], "cost_cad": "150000", "export_markets": "US"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    eligible = body.index('verdict-eligible">Eligible')
    ineligible = body.index('verdict-ineligible">Ineligible')
    assert eligible < ineligible
    assert "is not admitted; the program targets: large" in body


@pytest.mark.one_database
def test_my_programs_names_each_criteria_table_without_a_wrong_elision(client: Client) -> None:
    """« Critères : Audit industrie 4.0 »: the caption read « Critères de Audit … », « de
    ESSOR … » (French elides « de » before a vowel; a colon needs no elision)."""
    make_program("audit", name_fr="Audit industrie 4.0", phases=["productivity_automation"])
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=45, region="02"))
    client.force_login(user)

    body = client.post(
        "/fr/financement/pour-mon-entreprise/", {"goals": ["productivity_automation"]}
    ).content.decode()

    captions = re.findall(r'<caption class="visually-hidden">([^<]+)</caption>', body)
    assert captions == ["Critères\u00a0: Audit industrie 4.0"]


@pytest.mark.one_database
def test_my_programs_names_the_profile_without_a_wrong_elision(client: Client) -> None:
    """« Profil de l’organisation Aluminerie Alma »: it read « Profil de Aluminerie … »."""
    user = UserFactory(role="member")
    organization = OrganizationFactory(name="Aluminerie Alma", employees=45, region="02")
    MembershipFactory(user=user, organization=organization)
    client.force_login(user)

    body = client.get("/fr/financement/pour-mon-entreprise/").content.decode()

    assert "Profil de l’organisation Aluminerie Alma" in unescape(body)


def test_my_programs_treats_a_founding_year_still_to_come_as_unknown(client: Client) -> None:
    make_program("young", phases=["startup"], years_in_business_max=2)
    user = UserFactory(role="member")
    next_year = timezone.localdate().year + 1
    organization = OrganizationFactory(employees=3, region="02", founded_year=next_year)
    MembershipFactory(user=user, organization=organization)
    client.force_login(user)

    response = client.post("/en/funding/for-my-company/", {"goals": ["startup"]})

    # It answered 500 (the engine refuses a year after this one).
    assert response.status_code == 200
    assert "Founding year not given; required: " in response.content.decode()


def test_my_programs_treats_a_negative_revenue_as_unknown(client: Client) -> None:
    make_program("small-firms", phases=["growth"], revenue_max_cad=5_000_000)
    user = UserFactory(role="member")
    organization = OrganizationFactory(employees=3, region="02", annual_revenue_cad=-5)
    MembershipFactory(user=user, organization=organization)
    client.force_login(user)

    response = client.post("/fr/financement/pour-mon-entreprise/", {"goals": ["growth"]})

    # It answered 500 (the engine refuses a revenue below 0; the profile form takes one).
    assert response.status_code == 200
    assert "Chiffre d’affaires non fourni" in response.content.decode()


def test_my_programs_form_errors_are_shown(client: Client) -> None:
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory())
    client.force_login(user)
    body = client.post("/en/funding/for-my-company/", {"cost_cad": "-5"}).content.decode()
    assert "This field is required." in body


def test_my_programs_refuses_the_founder_age_the_engine_refuses_and_keeps_it(
    client: Client,
) -> None:
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=5, region="02"))
    client.force_login(user)
    low, high = FOUNDER_AGE_RANGE  # the engine's plausible profile: one place
    response = client.post(
        "/fr/financement/pour-mon-entreprise/", {"goals": ["startup"], "founder_age": "500"}
    )
    form = response.context["form"]
    assert form.errors["founder_age"] == [
        f"Assurez-vous que cette valeur est inférieure ou égale à {high}."
    ]
    assert 'value="500"' in response.content.decode()
    field = form.fields["founder_age"]
    assert (field.min_value, field.max_value) == (low, high)


def test_my_programs_asks_for_employees_when_missing(client: Client) -> None:
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=None))
    client.force_login(user)
    body = client.get("/en/funding/for-my-company/").content.decode()
    assert "does not give its number of employees" in body


def test_an_exporting_project_is_pointed_to_its_regions_export_support(client: Client) -> None:
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=35, region="02"))
    client.force_login(user)
    link = '<a href="/fr/financement/aide-exportation/?region=02">'
    exporting = client.post("/fr/financement/pour-mon-entreprise/", {"goals": ["export"]})
    assert link + "Organismes d’aide à l’exportation de votre région</a>" in (
        exporting.content.decode()
    )
    other = client.post("/fr/financement/pour-mon-entreprise/", {"goals": ["growth"]})
    assert link not in other.content.decode()


@pytest.mark.one_database
def test_my_programs_gives_the_size_once_in_the_pages_words(client: Client) -> None:
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=35))
    client.force_login(user)
    fr = client.get("/fr/financement/pour-mon-entreprise/").content.decode()
    en = client.get("/en/funding/for-my-company/").content.decode()
    assert "<dd>35 (petite)</dd>" in fr
    assert "<dd>35 (small)</dd>" in en


def test_the_missing_employees_notice_elides_nothing_before_a_vowel(client: Client) -> None:
    user = UserFactory(role="member")
    org = OrganizationFactory(employees=None, name="Alumax Lac-Saint-Jean")
    MembershipFactory(user=user, organization=org)
    client.force_login(user)
    body = client.get("/fr/financement/pour-mon-entreprise/").content.decode()
    assert "Le profil de l’organisation Alumax Lac-Saint-Jean n’indique pas" in body


def test_a_program_s_blanks_agree_in_french(client: Client) -> None:
    """ "Source : inconnue", "Types d’aide : inconnus", "Phases de développement : inconnues"
    (each read "inconnu")."""
    make_program("s", source_url="", aid_types=[], phases=[])
    body = client.get("/fr/financement/programmes/s/").content.decode()
    assert "<dt>Source</dt><dd>inconnue</dd>" in body
    assert "<dt>Types d’aide</dt><dd>inconnus</dd>" in body
    assert "<dt>Phases de développement</dt><dd>inconnues</dd>" in body


def test_my_programs_profile_blanks_agree_in_french(client: Client) -> None:
    user = UserFactory(role="member")
    organization = OrganizationFactory(employees=45, region="02", founded_year=None, legal_form="")
    MembershipFactory(user=user, organization=organization)
    client.force_login(user)
    body = client.get("/fr/financement/pour-mon-entreprise/").content.decode()
    assert "<dt>Année de fondation</dt><dd>inconnue</dd>" in body
    assert "<dt>Forme juridique</dt><dd>inconnue</dd>" in body


@pytest.mark.one_database
def test_finder_and_support_directory_write_the_last_verified_date_in_the_page_language(
    client: Client,
) -> None:
    make_program("a", name_fr="Aide vérifiée", last_verified=dt.date(2026, 3, 5))
    make_support_organization("sag", name="Export Saguenay", last_verified=dt.date(2026, 3, 5))
    finder = client.get("/fr/financement/").content.decode()
    support = client.get("/fr/financement/aide-exportation/").content.decode()
    english = client.get("/en/funding/").content.decode()
    assert "dernière vérification 5 mars 2026" in finder
    assert "dernière vérification 5 mars 2026" in support
    assert "last verified March 5, 2026" in english
    assert "2026-03-05" not in finder + support + english


def test_finder_drops_an_invalid_value_but_keeps_the_other_filters(client: Client) -> None:
    make_program("a", name_fr="Aide ouverte", status="open", level="federal")
    make_program("b", name_fr="Aide fermée", status="closed", level="federal")
    make_program("c", name_fr="Aide provinciale", status="open", level="provincial")

    # An old shared link: one size code that no longer exists beside valid filters.
    body = client.get(
        "/fr/financement/", {"status": "open", "level": "federal", "size": ["zz", "micro"]}
    ).content.decode()

    assert _heading(body) == "1 programme"
    assert "Aide ouverte" in body


@pytest.mark.one_database
def test_program_page_unknown_cost_share_agrees_with_its_noun_in_french(client: Client) -> None:
    make_program("a", cost_share_pct=None, max_amount_cad=None)
    make_program("b", cost_share_pct=50)

    unknown = client.get("/fr/financement/programmes/a/").content.decode()
    known = client.get("/fr/financement/programmes/b/").content.decode()
    english = client.get("/en/funding/programs/a/").content.decode()

    assert "<dt>Part des coûts</dt><dd>inconnue</dd>" in unknown
    assert "<dt>Montant maximal</dt><dd>inconnu</dd>" in unknown
    assert "<dt>Part des coûts</dt><dd>50\u00a0%</dd>" in known
    assert "<dt>Cost share</dt><dd>unknown</dd>" in english


def test_funder_has_its_english_name_on_english_pages_and_its_one_name_marked_french(
    client: Client,
) -> None:
    make_program("a", organization="Banque de développement du Canada (BDC)")
    make_program("b", organization="Commission des partenaires du marché du travail (CPMT)")
    services.funding_organization_names_set(
        english_names={
            "Banque de développement du Canada (BDC)": "Business Development Bank of Canada (BDC)"
        }
    )
    fr = client.get("/fr/financement/programmes/a/").content.decode()
    en = client.get("/en/funding/programs/a/").content.decode()
    assert "Banque de développement du Canada (BDC) (" in fr
    assert "Business Development Bank of Canada" not in fr
    assert "Business Development Bank of Canada (BDC) (" in en
    assert "Banque de développement" not in en
    # A body with no certain English name keeps its one (French) name, marked French.
    finder = client.get("/en/funding/").content.decode()
    assert '<span lang="fr">Commission des partenaires du marché du travail (CPMT)</span>' in finder
    assert "Business Development Bank of Canada (BDC)" in finder
    french_finder = client.get("/fr/financement/").content.decode()
    assert 'lang="fr">Commission' not in french_finder


def test_support_directory_names_federal_bodies_in_english_and_marks_the_others_french(
    client: Client,
) -> None:
    make_support_organization(
        "edc",
        name="Exportation et développement Canada (EDC)",
        name_en="Export Development Canada (EDC)",
    )
    make_support_organization("gim", name="GÎMXPORT")
    en = client.get("/en/funding/export-support/").content.decode()
    assert "<h3>Export Development Canada (EDC)</h3>" in en
    assert '<h3><span lang="fr">GÎMXPORT</span></h3>' in en
    fr = client.get("/fr/financement/aide-exportation/").content.decode()
    assert "<h3>Exportation et développement Canada (EDC)</h3>" in fr
    assert "<h3>GÎMXPORT</h3>" in fr


def test_a_program_written_in_french_only_is_marked_french_on_english_pages(
    client: Client,
) -> None:
    make_program(
        "fr-seul", name_fr="Aide régionale", name_en="", summary_fr="Une aide.", summary_en=""
    )
    en = client.get("/en/funding/programs/fr-seul/").content.decode()
    assert '<h1 lang="fr">Aide régionale</h1>' in en
    assert '<p class="lead" lang="fr">Une aide.</p>' in en
    finder = client.get("/en/funding/").content.decode()
    assert '/en/funding/programs/fr-seul/" lang="fr">Aide régionale</a>' in finder
    fr = client.get("/fr/financement/programmes/fr-seul/").content.decode()
    assert "<h1>Aide régionale</h1>" in fr


def test_an_intake_window_note_in_one_language_is_marked_on_the_other_languages_page(
    client: Client,
) -> None:
    window = {"opens": "2026-01-05", "closes": "2026-03-31", "source_url": ""}
    make_program(
        "a",
        intake_windows=[
            {**window, "note_fr": "", "note_en": "Stream 1 only."},
            {**window, "opens": "2026-04-01", "note_fr": "Volet 2.", "note_en": "Stream 2."},
        ],
    )
    fr = client.get("/fr/financement/programmes/a/").content.decode()
    assert '. <span lang="en">Stream 1 only.</span>' in fr
    assert ". <span>Volet 2.</span>" in fr
    en = client.get("/en/funding/programs/a/").content.decode()
    assert ". <span>Stream 1 only.</span>" in en
    assert ". <span>Stream 2.</span>" in en


@pytest.mark.one_database
def test_my_programs_asks_no_question_it_ignores(client: Client) -> None:
    """The page asked « Échéancier » (timing), which the matching ignores and nothing keeps;
    the financing plan form, which stores it, still asks it."""
    user = UserFactory(role="member")
    MembershipFactory(user=user, organization=OrganizationFactory(employees=45, region="02"))
    client.force_login(user)
    body = client.get("/fr/financement/pour-mon-entreprise/").content.decode()
    assert 'name="cost_cad"' in body and 'name="timing"' not in body
