"""Plan and tracking pages: a saved plan reads in the viewer's language (page and exports),
deletions ask first, demo applications carry no bilingual note."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.funding_plans import services
from aluhub.funding_plans.demo import seed_demo
from aluhub.funding_plans.models import Application, FinancingPlan
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program
from tests.funding_plans.factories import computed_plan, make_application
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db

# The engine's own sentences (aluhub/engines/funding_plan.py), the start of each.
CAP_FR = "Cumul des aides publiques fixé par défaut"
CAP_EN = "Public-aid cap set by default"
NOTICE_EN = "The catalogue changed since this plan was computed: re-run it."


def _member() -> tuple[Any, Any]:
    user = UserFactory(preferred_language="fr")
    organization = OrganizationFactory(
        region="02", employees=45, naics_codes=["331318"], founded_year=2004
    )
    MembershipFactory(user=user, organization=organization)
    return user, organization


def _french_plan(organization: Any, user: Any) -> FinancingPlan:
    # No public-aid cap given: the engine warns that it used its default cap.
    return computed_plan(organization, user=user)


def _url(lang: str, name: str, *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_a_new_plan_sent_twice_is_stored_once_and_shown(client: Client) -> None:
    """A double click or a resubmitted page: the second POST carries the same one-time token
    and lands on the first plan instead of storing an identical second one."""
    user, _organization = _member()
    client.force_login(user)
    page = client.get(_url("fr", "funding_plans:plan_create")).content.decode()
    [token] = re.findall(r'name="form_token" value="([^"]+)"', page)
    fields = {
        "title": "Cellule",
        "cost_cad": "500000",
        "eligible_costs_cad": "400000",
        "goals": ["innovation_rd"],
        "form_token": token,
    }
    first = client.post(_url("fr", "funding_plans:plan_create"), fields)
    second = client.post(_url("fr", "funding_plans:plan_create"), fields)
    plan = FinancingPlan.objects.get()
    assert first["Location"] == second["Location"]
    assert second["Location"] == _url("fr", "funding_plans:plan_detail", plan.pk)


# --- plan language
def test_plan_page_follows_the_viewer_language(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    english = client.get(_url("en", "funding_plans:plan_detail", plan.pk)).content.decode()
    french = client.get(_url("fr", "funding_plans:plan_detail", plan.pk)).content.decode()

    assert CAP_EN in english and CAP_FR not in english
    assert CAP_FR in french and CAP_EN not in french
    # Each line's reason is "Pourquoi" (the role requests' "Motif" answered without a context).
    assert '<th scope="col">Pourquoi</th>' in french and "Motif" not in french
    assert NOTICE_EN not in english
    assert "All eligibility criteria are met." in english or "Relevant to:" in english


def test_plan_shows_stored_lines_and_notice_when_the_catalogue_changed(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    stored = dict(plan.result)
    # A program in the database replaces the reference catalogue the plan was computed on.
    make_program("only-program", phases=["productivity_automation"], max_amount_cad=10)
    client.force_login(user)

    shown = services.plan_result_for(plan, "en")
    page = client.get(_url("en", "funding_plans:plan_detail", plan.pk)).content.decode()

    assert (shown.result, shown.catalogue_changed) == (stored, True)
    assert NOTICE_EN.replace(":", "") in page.replace(":", "")
    plan.refresh_from_db()
    assert plan.result == stored  # display never rewrites the record


def test_plan_xlsx_follows_the_viewer_language(client: Client) -> None:
    from openpyxl import load_workbook

    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    def cells(lang: str) -> str:
        body = client.get(_url(lang, "funding_plans:plan_export", plan.pk, "xlsx")).content
        sheet = load_workbook(io.BytesIO(body)).active
        assert sheet is not None
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)

    english, french = cells("en"), cells("fr")

    assert CAP_EN in english and CAP_FR not in english
    assert CAP_FR in french and CAP_EN not in french


def test_plan_pdf_follows_the_viewer_language(client: Client, monkeypatch: Any) -> None:
    from reportlab import rl_config

    # Uncompressed pages so the text can be searched in the bytes.
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    english = client.get(_url("en", "funding_plans:plan_export", plan.pk, "pdf")).content
    french = client.get(_url("fr", "funding_plans:plan_export", plan.pk, "pdf")).content

    assert english.startswith(b"%PDF") and french.startswith(b"%PDF")
    assert CAP_EN.encode() in english and b"Cumul des aides" not in english
    assert b"Cumul des aides" in french and CAP_EN.encode() not in french


def test_plan_xlsx_carries_the_notice_when_the_catalogue_changed(client: Client) -> None:
    from openpyxl import load_workbook

    user, organization = _member()
    plan = _french_plan(organization, user)
    make_program("only-program", phases=["productivity_automation"], max_amount_cad=10)
    client.force_login(user)

    body = client.get(_url("en", "funding_plans:plan_export", plan.pk, "xlsx")).content
    sheet = load_workbook(io.BytesIO(body)).active

    assert sheet is not None
    assert sheet["A3"].value == NOTICE_EN
    amounts = [r[3] for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]]
    assert amounts == [x["amount_cad"] for x in plan.result["lines"]]


# --- delete confirmation


def test_plan_delete_get_asks_first(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    response = client.get(_url("en", "funding_plans:plan_delete", plan.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete the plan “Cellule robotisée”?" in html
    assert 'method="post"' in html and 'name="confirmed" value="1"' in html
    assert FinancingPlan.objects.filter(pk=plan.pk).exists()


def test_plan_delete_post_without_confirmation_shows_the_question(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    response = client.post(_url("fr", "funding_plans:plan_delete", plan.pk))

    assert response.status_code == 200
    assert (
        "Supprimer le montage «\u00a0Cellule robotisée\u00a0»\u202f?" in response.content.decode()
    )
    assert FinancingPlan.objects.filter(pk=plan.pk).exists()


def test_plan_delete_confirmed_deletes(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    response = client.post(_url("en", "funding_plans:plan_delete", plan.pk), {"confirmed": "1"})

    assert response.status_code == 302
    assert not FinancingPlan.objects.filter(pk=plan.pk).exists()


def test_plan_page_delete_button_has_data_confirm(client: Client) -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    client.force_login(user)

    html = client.get(_url("en", "funding_plans:plan_detail", plan.pk)).content.decode()

    assert 'data-confirm="Delete the plan “Cellule robotisée”?"' in html
    assert "funding_plans/confirm.js" in html


def test_application_delete_asks_then_deletes(client: Client) -> None:
    user, organization = _member()
    application = make_application(organization, make_program("p1", name_en="Robot fund"))
    client.force_login(user)

    edit = client.get(_url("en", "funding_plans:application_edit", application.pk)).content.decode()
    ask = client.get(_url("en", "funding_plans:application_delete", application.pk))
    unconfirmed = client.post(_url("en", "funding_plans:application_delete", application.pk))
    assert Application.objects.filter(pk=application.pk).exists()
    done = client.post(
        _url("en", "funding_plans:application_delete", application.pk), {"confirmed": "1"}
    )

    assert 'data-confirm="Stop tracking “Robot fund”?"' in edit
    assert "Stop tracking “Robot fund”?" in ask.content.decode()
    assert unconfirmed.status_code == 200
    assert done.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()


# --- demo label


def test_demo_tracking_page_shows_only_the_page_language(client: Client) -> None:
    seed_accounts()
    make_program("a", phases=["productivity_automation"])
    seed_demo()
    application = Application.objects.order_by("pk").first()
    assert application is not None
    # Seeds of earlier versions wrote a bilingual note: a new seed clears it.
    Application.objects.update(notes="Démo / demo")
    seed_demo()
    staff = UserFactory(role="staff")
    client.force_login(staff)

    english = client.get(_url("en", "funding_plans:application_edit", application.pk))
    french = client.get(_url("fr", "funding_plans:application_edit", application.pk))

    assert english.status_code == 200
    # (The demo organization's own name, "... (démo)", belongs to the accounts app.)
    assert "Démo / demo" not in english.content.decode()
    assert '<span class="badge badge-warn">demo</span>' in english.content.decode()
    assert '<span class="badge badge-warn">démo</span>' in french.content.decode()
    assert set(Application.objects.values_list("notes", flat=True)) == {""}


def test_demo_badge_shows_to_staff_only(client: Client) -> None:
    seed_accounts()
    make_program("a", phases=["productivity_automation"])
    seed_demo()
    member = Application.objects.order_by("pk").first().organization.memberships.get().user  # type: ignore[union-attr]
    client.force_login(member)
    page = client.get(_url("fr", "funding_plans:application_list")).content.decode()
    assert "Démo : cellule" not in page  # (the plan is not on this page)
    assert '<span class="badge badge-warn">démo</span>' not in page
    client.force_login(UserFactory(role="staff"))
    page = client.get(_url("fr", "funding_plans:application_list")).content.decode()
    assert '<span class="badge badge-warn">démo</span>' in page


@pytest.mark.one_database
def test_application_list_writes_the_next_deadline_iso_in_both_languages(
    client: Client,
) -> None:
    """The next deadline reads 2027-02-03 on the French and the English list (decision
    0009); the short form read 03/02/2027 in French and 02/03/2027 in English."""
    user, organization = _member()
    year = dt.date.today().year + 1
    make_application(organization, make_program("a"), deadline=dt.date(year, 2, 3))
    client.force_login(user)

    pages = [
        client.get(_url(lang, "funding_plans:application_list")).content.decode()
        for lang in ("fr", "en")
    ]

    assert [f"{year}-02-03</td>" in page for page in pages] == [True, True]


@pytest.mark.one_database
def test_plan_page_writes_the_share_of_eligible_costs_in_the_page_language(
    client: Client,
) -> None:
    user, organization = _member()
    plan = computed_plan(organization, user=user, lang="en", title="P")
    client.force_login(user)
    share = plan.result["public_aid_pct"]
    assert share == 35.0  # the figure the assertions below write

    french = client.get(reverse_lang("fr", plan.pk)).content.decode()
    english = client.get(reverse_lang("en", plan.pk)).content.decode()

    # They were "35,0 % (plafond 50 %)" and "35.0 % (cap 50 %)".
    assert "<dd>35\u00a0% (plafond 50\u00a0%)</dd>" in french
    assert "<dd>35% (cap 50%)</dd>" in english


def reverse_lang(lang: str, pk: int) -> str:
    with translation.override(lang):
        return reverse("funding_plans:plan_detail", args=[pk])


@pytest.mark.one_database
def test_plan_form_writes_the_default_cap_the_languages_way(client: Client) -> None:
    """'… default cap of 50% …' in English, « 50 % » with a no-break space in French; the
    English read '50 %'."""
    user, _organization = _member()
    client.force_login(user)

    pages = {
        lang: client.get(_url(lang, "funding_plans:plan_create")).content.decode()
        for lang in ("fr", "en")
    }

    assert "Vide\u00a0: le plafond par défaut de 50\u00a0% des dépenses admissibles." in pages["fr"]
    assert "Blank: the default cap of 50% of eligible costs." in pages["en"]


@pytest.mark.one_database
def test_plan_list_stacks_on_phones(client: Client) -> None:
    """One card per plan at 390 px; the table hid its amounts and date sideways."""
    user, organization = _member()
    _french_plan(organization, user)
    client.force_login(user)

    page = client.get(_url("fr", "funding_plans:plan_list")).content.decode()

    assert stacks_on_phones(page)
