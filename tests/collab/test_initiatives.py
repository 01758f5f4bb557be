from __future__ import annotations

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.collab import selectors_initiatives as selectors
from aluhub.collab import services_initiatives as services
from aluhub.collab.models import ExpressionOfInterest, Initiative
from tests.circular.factories import ListingFactory, closed_deal
from tests.collab.factories import WorkingGroupFactory, make_initiative
from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def _lead_user():  # type: ignore[no-untyped-def]
    membership = MembershipFactory()
    return membership.user, membership.organization


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_update_sets_progress_from_the_latest_dated_update_and_status() -> None:
    user, org = _lead_user()
    initiative = make_initiative(lead=org)
    today = timezone.localdate()
    services.initiative_update_add(
        initiative=initiative, by=user, on=today, text="Essais", progress_pct=40, status="active"
    )
    services.initiative_update_add(
        initiative=initiative,
        by=user,
        on=today - timedelta(days=30),
        text="Lancement",
        progress_pct=10,
    )
    services.initiative_update_add(initiative=initiative, by=user, on=today, text="Sans chiffre")
    initiative.refresh_from_db()
    assert initiative.progress_pct == 40
    timeline = [u.text for u in selectors.initiative_timeline(initiative)]
    assert timeline == ["Sans chiffre", "Essais", "Lancement"]


def test_update_refused_to_a_non_lead_member_and_out_of_range_progress() -> None:
    _user, org = _lead_user()
    initiative = make_initiative(lead=org)
    partner_user = MembershipFactory().user
    services.initiative_partner_set(
        initiative=initiative,
        organization=partner_user.memberships.get().organization,
        role="partner",
    )
    with pytest.raises(PermissionDenied):
        services.initiative_update_add(
            initiative=initiative, by=partner_user, on=timezone.localdate(), text="x"
        )
    for lang, message in [
        ("en", "Give a progress between 0 and 100%."),
        ("fr", "Indiquez un avancement entre 0 et 100\u00a0%."),
    ]:
        with translation.override(lang), pytest.raises(ValidationError) as exc:
            services.initiative_update_add(
                initiative=initiative, by=_user, on=timezone.localdate(), text="x", progress_pct=120
            )
        assert exc.value.message_dict == {"progress_pct": [message]}


def test_live_indicators_follow_the_exchange_and_entered_ones_show_latest_value() -> None:
    user, org = _lead_user()
    initiative = make_initiative(lead=org)
    services.indicator_add(
        initiative=initiative, name_fr="Tonnes offertes", live_source="scrap_listed_t"
    )
    services.indicator_add(
        initiative=initiative, name_fr="Tonnes échangées", live_source="scrap_exchanged_t"
    )
    entered = services.indicator_add(initiative=initiative, name_fr="Entreprises jointes")
    ListingFactory(quantity_t=Decimal("12.5"))
    closed_deal(quantity_t=Decimal("7.5"))
    ListingFactory(quantity_t=Decimal("5"), status="closed", closed_at=timezone.now())  # no deal
    ListingFactory(quantity_t=Decimal("99"), status="draft", published_at=None)
    services.indicator_value_add(
        indicator=entered, by=user, value=Decimal(3), measured_on=date(2026, 1, 10), source="CA"
    )
    services.indicator_value_add(
        indicator=entered, by=user, value=Decimal(5), measured_on=date(2026, 6, 1), source="AG 2026"
    )
    readings = {r.indicator.name: r for r in selectors.initiative_indicators(initiative)}
    assert readings["Tonnes offertes"].value == Decimal("25")  # every published offer
    assert readings["Tonnes échangées"].value == Decimal("7.5")
    latest = readings["Entreprises jointes"]
    assert (latest.value, latest.measured_on, latest.source) == (
        Decimal(5),
        date(2026, 6, 1),
        "AG 2026",
    )
    ListingFactory(quantity_t=Decimal("1"))
    again = {r.indicator.name: r for r in selectors.initiative_indicators(initiative)}
    assert again["Tonnes offertes"].value == Decimal("26")


def test_indicator_value_needs_a_source_and_is_refused_on_a_live_indicator() -> None:
    user, org = _lead_user()
    initiative = make_initiative(lead=org)
    live = services.indicator_add(
        initiative=initiative, name_fr="Tonnes", live_source="scrap_listed_t"
    )
    entered = services.indicator_add(initiative=initiative, name_fr="Emplois")
    with pytest.raises(ValidationError):
        services.indicator_value_add(
            indicator=live, by=user, value=Decimal(1), measured_on=date(2026, 1, 1), source="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            indicator=entered, by=user, value=Decimal(1), measured_on=date(2026, 1, 1), source=" "
        )
    assert list(exc.value.message_dict) == ["source"]
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            indicator=entered, by=user, value=Decimal(1), measured_on=date(202, 1, 1), source="CA"
        )
    assert exc.value.message_dict == {
        "measured_on": ["Une valeur ne peut pas être datée avant le 1er janvier 2000."]
    }


def test_call_for_partners_answer_reaches_the_lead_once_per_organization() -> None:
    lead_user, org = _lead_user()
    initiative = make_initiative(lead=org)
    services.initiative_call_set(
        initiative=initiative,
        by=lead_user,
        is_open=True,
        text_fr="Recherchons un recycleur",
        text_en="Looking for a recycler",
    )
    member = MembershipFactory().user
    other_org = member.memberships.get().organization
    mail.outbox.clear()
    services.interest_express(
        initiative=initiative, user=member, organization=other_org, message="Nous refondons."
    )
    assert [m.to for m in mail.outbox] == [[lead_user.email]]
    assert [i.organization for i in selectors.initiative_interests(initiative)] == [other_org]
    with pytest.raises(ValidationError):
        services.interest_express(
            initiative=initiative, user=member, organization=other_org, message="Encore"
        )
    with pytest.raises(PermissionDenied):
        services.interest_express(
            initiative=initiative, user=member, organization=org, message="Pas la mienne"
        )


def test_closed_call_refuses_answers() -> None:
    lead_user, org = _lead_user()
    initiative = make_initiative(lead=org)
    member = MembershipFactory().user
    with pytest.raises(ValidationError):
        services.interest_express(
            initiative=initiative,
            user=member,
            organization=member.memberships.get().organization,
            message="x",
        )
    services.initiative_call_set(
        initiative=initiative,
        by=lead_user,
        is_open=True,
        text_fr="Appel",
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        call_closes_on=timezone.localdate() - timedelta(days=1)
    )
    initiative.refresh_from_db()
    assert initiative.call_is_open() is False


def test_initiative_page_in_both_languages_with_programs_group_and_partners(
    client: Client,
) -> None:
    _user, org = _lead_user()
    group = WorkingGroupFactory(name_fr="Groupe recyclage", name_en="Recycling group")
    program = make_program("programme-essai")
    make_initiative(lead=org, working_group=group, program_ids=[program.pk])
    fr = client.get(_url("collab:initiative_detail", "fr", "initiative-test")).content.decode()
    en = client.get(_url("collab:initiative_detail", "en", "initiative-test")).content.decode()
    assert "Valorisation des brasques" in fr and "Groupe recyclage" in fr
    assert "Spent pot lining recovery" in en and "Recycling group" in en
    assert org.name in fr and "Responsable" in fr and "Lead" in en
    assert "Programme d&#x27;essai" in fr and "Test program" in en
    assert "Avancement" in fr and "inconnu" in fr
    listed = client.get(_url("collab:initiative_list", "en") + "?q=pot+lining").content.decode()
    assert "Spent pot lining recovery" in listed
    listed_fr = client.get(_url("collab:initiative_list", "fr") + "?q=brasques").content.decode()
    assert "Valorisation des brasques" in listed_fr


def test_initiative_list_refused_filter_drops_out_alone(client: Client) -> None:
    make_initiative(slug="brasques")
    make_initiative(slug="autre", title_fr="Autre chose", title_en="Something else")
    body = client.get(
        _url("collab:initiative_list", "en") + "?q=pot+lining&status=zz"
    ).content.decode()
    assert "Spent pot lining recovery" in body and "Something else" not in body


def test_unpublished_initiative_seen_by_its_lead_only(client: Client) -> None:
    lead_user, org = _lead_user()
    make_initiative(lead=org, published=False)
    url = _url("collab:initiative_detail", "fr", "initiative-test")
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(lead_user)
    assert client.get(url).status_code == 200


def test_lead_posts_update_through_the_page_and_sees_field_errors(client: Client) -> None:
    lead_user, org = _lead_user()
    make_initiative(lead=org)
    client.force_login(lead_user)
    url = _url("collab:initiative_update_new", "fr", "initiative-test")
    bad = client.post(url, {"on": "2026-01-05", "text": "Essais", "progress_pct": "150"})
    assert bad.status_code == 400
    assert "Assurez-vous que cette valeur est inférieure ou égale à 100" in bad.content.decode()
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    bad = client.post(url, {"on": future, "text": "Essais", "progress_pct": "50"})
    assert "Une mise à jour ne peut pas être datée dans le futur." in bad.content.decode()
    bad = client.post(url, {"on": "0001-01-05", "text": "Essais", "progress_pct": "50"})
    assert bad.status_code == 400
    assert "Une mise à jour ne peut pas être datée avant le 1er janvier 2000." in html.unescape(
        bad.content.decode()
    )
    assert 'value="0001-01-05"' in bad.content.decode()
    ok = client.post(url, {"on": "2026-01-05", "text": "Essais", "progress_pct": "50"})
    assert ok.status_code == 302
    page = client.get(_url("collab:initiative_detail", "fr", "initiative-test")).content.decode()
    assert "50" in page and "Essais" in page


def test_member_answers_call_through_the_page_and_lead_sees_it(client: Client) -> None:
    lead_user, org = _lead_user()
    initiative = make_initiative(lead=org)
    services.initiative_call_set(initiative=initiative, by=lead_user, is_open=True, text_fr="Appel")
    member = MembershipFactory().user
    their_org = member.memberships.get().organization
    client.force_login(member)
    url = _url("collab:initiative_interest_new", "en", "initiative-test")
    empty = client.post(url, {"organization": their_org.pk, "role": "partner", "message": ""})
    assert empty.status_code == 400
    done = client.post(
        url, {"organization": their_org.pk, "role": "funder", "message": "We can fund trials."}
    )
    assert done.status_code == 302
    assert ExpressionOfInterest.objects.get().role == "funder"
    page = client.get(_url("collab:initiative_detail", "en", "initiative-test")).content.decode()
    assert "We can fund trials." not in page
    assert f"{their_org.name} answered this call" in page
    assert client.get(url).status_code == 403
    client.force_login(lead_user)
    lead_page = client.get(_url("collab:initiative_detail", "fr", "initiative-test"))
    assert "We can fund trials." in lead_page.content.decode()


def test_initiatives_api_lists_searches_and_details(client: Client) -> None:
    _user, org = _lead_user()
    initiative = make_initiative(lead=org)
    services.indicator_add(initiative=initiative, name_fr="Tonnes", live_source="scrap_listed_t")
    make_initiative(slug="autre", title_fr="Autre chose", title_en="Something else")
    make_initiative(slug="brouillon", title_fr="Brouillon", published=False)
    data = client.get("/api/v1/community/initiatives?q=lining").json()
    assert [i["slug"] for i in data["items"]] == ["initiative-test"]
    assert client.get("/api/v1/community/initiatives").json()["count"] == 2
    detail = client.get("/api/v1/community/initiatives/initiative-test").json()
    assert detail["partners"] == [{"organization": org.name, "role": "lead"}]
    assert detail["indicators"][0]["live"] is True
    assert detail["indicators"][0]["value"] == "0"
    missing = client.get("/api/v1/community/initiatives/brouillon")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})


def test_openapi_documents_the_initiative_indicator_schema_under_its_own_name(
    client: Client,
) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert list(schemas["InitiativeIndicatorOut"]["properties"]) == [
        "name",
        "unit",
        "live",
        "value",
        "measured_on",
        "source",
    ]
