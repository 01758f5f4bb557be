from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from aluhub.accounts.models import Organization, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "camille@example.org",
    "first_name": "Camille",
    "last_name": "Roy",
    "role": "member",
    "preferred_language": "fr",
    "password1": "aluminium-recycle-42",
    "password2": "aluminium-recycle-42",
}


def test_signup_verify_login_flow(client: Client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/compte/inscription/", SIGNUP)
    assert response.status_code == 200
    assert "Consultez vos courriels" in response.content.decode()
    link = re.search(r"http://\S+/verification/\S+/", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(0).replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    assert User.objects.get(email="camille@example.org").email_verified is True
    response = client.post(
        "/fr/compte/connexion/",
        {"username": "camille@example.org", "password": "aluminium-recycle-42"},
    )
    assert (response.status_code, response["Location"]) == (302, "/fr/tableau-de-bord/")


def _signup_answer(client: Client, path: str, data: dict[str, str]) -> tuple[int, str, str]:
    """Status, templates and main text of a sign-up answer, the address left out."""
    response = client.post(path, data)
    main = re.search(r"<main.*</main>", response.content.decode(), re.S)
    assert main is not None
    text = main.group(0).replace(data["email"].lower(), "ADDRESS")
    # The page's own template (the shared header is rendered once, then kept in memory).
    return response.status_code, response.templates[0].name or "", text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_signup_answers_the_same_for_an_address_with_an_account(
    client: Client, django_capture_on_commit_callbacks, lang: str
) -> None:
    owner = UserFactory(email="camille@example.org", preferred_language="en", first_name="Cam")
    path = "/fr/compte/inscription/" if lang == "fr" else "/en/account/signup/"
    with django_capture_on_commit_callbacks(execute=True):
        known = _signup_answer(client, path, {**SIGNUP, "email": "CAMILLE@example.org"})
        unknown = _signup_answer(client, path, {**SIGNUP, "email": "nouvelle@example.org"})
    assert known == unknown
    assert known[:2] == (200, "accounts/signup_done.html")
    assert User.objects.filter(email__iexact="camille@example.org").count() == 1
    owner.refresh_from_db()
    assert (owner.first_name, owner.check_password(SIGNUP["password1"])) == ("Cam", False)
    # The owner is told, in the language of their account (not the page's).
    notice = next(m for m in mail.outbox if m.to == ["camille@example.org"])
    assert notice.subject == "Someone tried to create an AluHub account with your address"
    assert "Hello Cam," in notice.body
    assert "http://127.0.0.1:8000/en/account/login/?email=camille%40example.org" in notice.body
    assert "http://127.0.0.1:8000/en/account/password/reset/" in notice.body
    assert "If it was not you, there is nothing to do" in notice.body


def test_signup_answers_the_same_for_the_address_of_a_deactivated_account(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="camille@example.org", is_active=False)
    path = "/fr/compte/inscription/"
    with django_capture_on_commit_callbacks(execute=True):
        closed = _signup_answer(client, path, {**SIGNUP, "email": "camille@example.org"})
        unknown = _signup_answer(client, path, {**SIGNUP, "email": "nouvelle@example.org"})
    assert closed == unknown
    assert sorted(m.to[0] for m in mail.outbox) == ["camille@example.org", "nouvelle@example.org"]


def test_signup_notice_to_a_french_account_is_in_french(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="camille@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/account/signup/", SIGNUP)
    assert [m.subject for m in mail.outbox] == [
        "Quelqu’un a tenté de créer un compte AluHub avec votre adresse"
    ]
    assert "/fr/compte/mot-de-passe/reinitialiser/" in mail.outbox[0].body


def test_a_fourth_signup_in_an_hour_sends_nothing_whether_an_account_exists_or_not(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="camille@example.org")
    answers = {}
    for email in ("camille@example.org", "nouvelle@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            statuses = [
                client.post("/en/account/signup/", {**SIGNUP, "email": email}).status_code
                for _ in range(4)
            ]
        answers[email] = statuses
    assert answers["camille@example.org"] == answers["nouvelle@example.org"] == [200] * 3 + [429]
    # Three notices to the owner, one confirmation to the newcomer (then its address has
    # an account: two notices).
    assert (
        sorted(m.to[0] for m in mail.outbox)
        == ["camille@example.org"] * 3 + ["nouvelle@example.org"] * 3
    )
    page = client.post("/en/account/signup/", {**SIGNUP, "email": "camille@example.org"})
    assert "Too many sign-up attempts" in page.content.decode()


def test_a_whole_class_signs_up_from_its_schools_one_address(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The subscribe limit (10 per client an hour) stopped the eleventh student of a class.
    from aluhub.accounts import views

    monkeypatch.setattr(views, "SIGNUP_LIMIT_PER_CLIENT", 14)
    statuses = [
        client.post(
            "/fr/compte/inscription/", {**SIGNUP, "email": f"eleve{n}@example.org"}
        ).status_code
        for n in range(15)
    ]
    assert statuses == [200] * 14 + [429]
    assert User.objects.filter(email__startswith="eleve").count() == 14


def test_a_refused_signup_form_does_not_count_against_the_limit(client: Client) -> None:
    for _ in range(4):
        client.post("/en/account/signup/", {**SIGNUP, "password2": "different-password-9"})
    assert client.post("/en/account/signup/", SIGNUP).status_code == 200
    assert User.objects.filter(email="camille@example.org").exists()


def test_a_tampered_signup_keeps_what_was_typed_with_the_field_errors(client: Client) -> None:
    UserFactory(email="camille@example.org")
    response = client.post("/fr/compte/inscription/", {**SIGNUP, "role": "staff"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in html
    assert 'value="camille@example.org"' in html and 'value="Camille"' in html
    assert not mail.outbox


def test_signup_password_mismatch_shows_error_in_english(client: Client) -> None:
    response = client.post("/en/account/signup/", {**SIGNUP, "password2": "different-password-9"})
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.filter(email="camille@example.org").exists()


def test_verify_with_bad_token_is_400(client: Client) -> None:
    user = UserFactory(email_verified_at=None)
    response = client.get(f"/en/account/verify/{user.pk}/bad-token/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified is False


def test_profile_edit_saves_names_and_language(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/fr/compte/profil/",
        {"first_name": "Zoé", "last_name": "Gagné", "preferred_language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.preferred_language) == ("Zoé", "Gagné", "en")


def test_organization_create_form_shows_neq_and_naics_errors_in_french(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post(
        "/fr/compte/organisations/nouvelle/",
        {"name": "Test", "kind": "business", "neq": "123", "naics_codes": "33131", "region": "02"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Entrez un NEQ valide" in body
    assert "Entrez un code SCIAN valide" in body
    assert Organization.objects.count() == 0


def test_organization_create_form_rejects_unknown_region_in_english(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post(
        "/en/account/organizations/new/", {"name": "Test", "kind": "business", "region": "99"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert Organization.objects.count() == 0


def test_organization_create_form_success_redirects_to_detail(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/account/organizations/new/",
        {
            "name": "Laminage Bécancour",
            "kind": "business",
            "neq": "1145678901",
            "naics_codes": "331318, 332321",
            "region": "17",
            "employees": "230",
        },
    )
    org = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/account/organizations/{org.slug}/"
    assert org.naics_codes == ["331318", "332321"]
    assert org.memberships.get().user == user


def test_organization_duplicate_neq_is_a_field_error(client: Client) -> None:
    OrganizationFactory(neq="1145678901")
    client.force_login(UserFactory())
    response = client.post(
        "/en/account/organizations/new/",
        {"name": "Copy", "kind": "business", "neq": "1145678901", "region": "02"},
    )
    assert "An organization with this NEQ is already registered." in response.content.decode()


def test_member_of_other_org_cannot_edit(client: Client) -> None:
    membership = MembershipFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/en/account/organizations/{membership.organization.slug}/edit/", {"name": "Hijack"}
    )
    assert response.status_code == 404
    membership.organization.refresh_from_db()
    assert membership.organization.name != "Hijack"


def test_plain_member_of_org_sees_but_cannot_edit(client: Client) -> None:
    membership = MembershipFactory(role="member")
    client.force_login(membership.user)
    slug = membership.organization.slug
    assert client.get(f"/en/account/organizations/{slug}/").status_code == 200
    assert client.get(f"/en/account/organizations/{slug}/edit/").status_code == 403


def test_token_page_shows_secret_once(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post("/en/account/tokens/", {"name": "ERP"})
    secret = re.search(r"alu_[\w-]+", response.content.decode())
    assert secret is not None
    again = client.get("/en/account/tokens/").content.decode()
    assert secret.group(0) not in again
    assert "ERP" in again


def test_token_list_stacks_on_phones(client: Client) -> None:
    """Five columns hid the last one (revoke) sideways at 390 px, in a box a keyboard could not
    scroll (axe scrollable-region-focusable)."""
    client.force_login(UserFactory())
    client.post("/fr/compte/jetons/", {"name": "ERP"})
    page = client.get("/fr/compte/jetons/").content.decode()
    assert stacks_on_phones(page)
    assert '<th scope="row" data-label="Nom">ERP</th>' in page


def test_login_is_throttled_after_repeated_failures(client: Client, settings) -> None:
    settings.AXES_ENABLED = True
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(
            "/en/account/login/", {"username": "target@example.org", "password": "wrong-password"}
        )
    response = client.post(
        "/en/account/login/",
        {"username": "target@example.org", "password": "correct-horse-battery"},
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_password_reset_sends_link_and_sets_new_password(client: Client) -> None:
    UserFactory(email="forgot@example.org", preferred_language="fr")
    response = client.post(
        "/fr/compte/mot-de-passe/reinitialiser/", {"email": "forgot@example.org"}
    )
    assert response.status_code == 302
    link = re.search(r"/fr/compte/mot-de-passe/reinitialiser/[^/\s]+/[^/\s]+/", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(0), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nouveau-mot-de-passe-77", "new_password2": "nouveau-mot-de-passe-77"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="forgot@example.org").check_password("nouveau-mot-de-passe-77")


def test_password_reset_for_unknown_email_does_not_reveal_it(client: Client) -> None:
    response = client.post("/en/account/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def _post_organization_edit(client: Client, lang: str, **figures: str):
    membership = MembershipFactory()
    org = membership.organization
    client.force_login(membership.user)
    path = {
        "fr": "/fr/compte/organisations/{}/modifier/",
        "en": "/en/account/organizations/{}/edit/",
    }
    data = {"name": org.name, "kind": org.kind, "region": org.region, **figures}
    return org, client.post(path[lang].format(org.slug), data)


@pytest.mark.parametrize(
    ("lang", "field", "typed", "message"),
    [
        ("fr", "annual_revenue_cad", "-5000", "supérieure ou égale à 0"),
        ("en", "annual_revenue_cad", "-5000", "greater than or equal to 0"),
        ("fr", "founded_year", "1599", "supérieure ou égale à 1600"),
        ("en", "founded_year", "1599", "greater than or equal to 1600"),
        ("fr", "founded_year", "NEXT", "ne peut pas être postérieure à l’année en cours"),
        ("en", "founded_year", "NEXT", "cannot be later than the current year"),
        # The limit written the page's way (Django wrote 10000000 in both languages).
        ("fr", "employees", "20000000", "inférieure ou égale à 10\u00a0000\u00a0000."),
        ("en", "employees", "20000000", "less than or equal to 10,000,000."),
    ],
)
def test_organization_edit_refuses_impossible_figures_under_their_field(
    client: Client, lang: str, field: str, typed: str, message: str
) -> None:
    from django.utils import timezone

    if typed == "NEXT":
        typed = str(timezone.localdate().year + 1)
    org, response = _post_organization_edit(client, lang, **{field: typed})
    before = getattr(org, field)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert message in body
    assert f'value="{typed}"' in body
    org.refresh_from_db()
    assert getattr(org, field) == before


def test_organization_edit_accepts_the_current_year_and_the_engine_minimum(client: Client) -> None:
    from django.utils import timezone

    this_year = timezone.localdate().year
    org, response = _post_organization_edit(client, "en", founded_year=str(this_year))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.founded_year == this_year
    org, response = _post_organization_edit(client, "en", founded_year="1600")
    assert response.status_code == 302


@pytest.mark.parametrize(("lang", "shown"), [("fr", "45 (petite)"), ("en", "45 (small)")])
def test_organization_page_writes_the_size_class_in_the_page_language(
    client: Client, lang: str, shown: str
) -> None:
    owner = MembershipFactory(organization=OrganizationFactory(employees=45))
    client.force_login(owner.user)
    prefix = "/fr/compte/organisations" if lang == "fr" else "/en/account/organizations"
    page = client.get(f"{prefix}/{owner.organization.slug}/").content.decode()
    assert f"<dd>{shown}</dd>" in page


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/fr/compte/connexion/",
            "Saisissez une adresse courriel et un mot de passe valides. Le mot de passe "
            "tient compte des majuscules et des minuscules.",
        ),
        (
            "/en/account/login/",
            "Enter a correct email address and password. The password is case-sensitive.",
        ),
    ],
)
def test_a_wrong_password_is_refused_in_a_correct_sentence(
    client: Client, path: str, message: str
) -> None:
    UserFactory(email="camille@example.org")
    response = client.post(path, {"username": "camille@example.org", "password": "not-it-at-all"})
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [message]
