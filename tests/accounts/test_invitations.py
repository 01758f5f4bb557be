"""Organization invitations and member management: services, pages, the whole flow."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.accounts import services, services_signup
from aluhub.accounts.models import (
    INVITATIONS_PENDING_MAX,
    Invitation,
    Membership,
    MembershipRole,
)
from aluhub.common.secret_links import hash_token
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


#: The sign-up form of the invited newcomer (their invitation added per test).
NEWCOMER = {
    "email": "new@example.org",
    "first_name": "Noé",
    "last_name": "Nouveau",
    "role": "member",
    "preferred_language": "fr",
    "password1": "aluminium-recycle-42",
    "password2": "aluminium-recycle-42",
}


@pytest.fixture
def owned(db):  # type: ignore[no-untyped-def]
    """An organization and its owner."""
    owner = UserFactory(first_name="Olivia", last_name="Owner", email="owner@example.org")
    org = OrganizationFactory(name="Profilés Alma inc.", slug="profiles-alma")
    MembershipFactory(user=owner, organization=org, role=MembershipRole.OWNER)
    return org, owner


def _invite(org, owner, email="new@example.org", role="member", lang="fr", capture=None):  # type: ignore[no-untyped-def]
    return services.invitation_create(
        organization=org, actor=owner, email=email, role=role, lang=lang
    )


def _link_path(body: str) -> str:
    link = re.search(r"http://\S+/(?:invitation)/\S+/", body)
    assert link is not None, body
    return "/" + link.group(0).split("/", 3)[3]


# --- services ---------------------------------------------------------------------------------


def test_invitation_create_stores_only_a_hash_and_mails_the_link(
    owned, django_capture_on_commit_callbacks
) -> None:
    org, owner = owned
    with django_capture_on_commit_callbacks(execute=True):
        issued = _invite(org, owner, email=" New@Example.org ")
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org"
    assert invitation.token_hash == hash_token(issued.secret)
    assert issued.secret not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at >= timedelta(days=14) - timedelta(
        seconds=5
    )
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert mail.outbox[0].subject == "Invitation à rejoindre Profilés Alma inc. sur AluHub"
    assert f"/fr/compte/invitation/{issued.secret}/" in mail.outbox[0].body


def test_invitation_mail_is_in_the_invitees_language_when_they_have_an_account(
    owned, django_capture_on_commit_callbacks
) -> None:
    org, owner = owned
    UserFactory(email="emma@example.org", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(org, owner, email="emma@example.org", lang="fr")
    assert mail.outbox[0].subject == "Invitation to join Profilés Alma inc. on AluHub"
    assert "/en/account/invitation/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("lang", "email", "message"),
    [
        (
            "fr",
            "pas-une-adresse",
            "Saisissez une adresse courriel valide, comme nom@entreprise.ca.",
        ),
        ("en", "owner@example.org", "This person is already a member."),
        ("fr", "owner@example.org", "Cette personne est déjà membre."),
    ],
)
def test_invitation_create_refuses_bad_addresses_under_the_email_field(
    owned, lang: str, email: str, message: str
) -> None:
    org, owner = owned
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        _invite(org, owner, email=email)
    assert exc.value.message_dict == {"email": [message]}
    assert not Invitation.objects.exists()


def test_a_second_invitation_to_a_pending_address_is_refused_and_resend_offered(owned) -> None:
    org, owner = owned
    _invite(org, owner, email="new@example.org")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _invite(org, owner, email="NEW@example.org")
    assert "resend it" in exc.value.message_dict["email"][0]
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_is_replaced_by_a_new_one(owned) -> None:
    org, owner = owned
    old = _invite(org, owner).invitation
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    new = _invite(org, owner).invitation
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.pk != old.pk and new.is_pending


def test_invitation_create_refuses_more_than_the_pending_limit(owned) -> None:
    org, owner = owned
    for i in range(INVITATIONS_PENDING_MAX):
        _invite(org, owner, email=f"p{i}@example.org")
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        _invite(org, owner, email="one-more@example.org")
    assert exc.value.message_dict["email"] == [
        "20 invitations attendent déjà une réponse\u00a0: révoquez-en avant d’inviter "
        "d’autres personnes."
    ]


def test_only_owners_and_staff_invite(owned) -> None:
    org, _owner = owned
    plain = UserFactory()
    MembershipFactory(user=plain, organization=org, role=MembershipRole.MEMBER)
    with pytest.raises(PermissionDenied):
        _invite(org, plain)
    _invite(org, UserFactory(role="staff"), email="by-staff@example.org")
    assert Invitation.objects.count() == 1


def test_accept_creates_the_membership_once_with_the_invited_role(owned) -> None:
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org", role="owner")
    newcomer = UserFactory(email="new@example.org")
    first = services.invitation_accept(secret=issued.secret, user=newcomer)
    again = services.invitation_accept(secret=issued.secret, user=newcomer)  # double POST
    assert first.pk == again.pk
    assert (first.role, first.organization) == ("owner", org)
    assert Membership.objects.filter(organization=org).count() == 2
    issued.invitation.refresh_from_db()
    assert issued.invitation.accepted_at is not None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "revoked"),
    ],
)
def test_accept_refuses_expired_and_revoked_links(owned, change, code) -> None:  # type: ignore[no-untyped-def]
    org, owner = owned
    issued = _invite(org, owner)
    Invitation.objects.filter(pk=issued.invitation.pk).update(**change)
    with pytest.raises(services.InvitationRefused) as exc:
        services.invitation_accept(secret=issued.secret, user=UserFactory(email="new@example.org"))
    assert exc.value.code == code
    assert Membership.objects.filter(organization=org).count() == 1


def test_accept_by_another_account_is_refused(owned) -> None:
    org, owner = owned
    issued = _invite(org, owner)
    with pytest.raises(services.InvitationRefused) as exc:
        services.invitation_accept(secret=issued.secret, user=UserFactory(email="x@example.org"))
    assert exc.value.code == "wrong_account"
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("change", "code", "title"),
    [
        ({"accepted_at": timezone.now()}, "used", "Invitation already used"),
        ({"revoked_at": timezone.now()}, "revoked", "Invitation revoked"),
    ],
)
def test_a_dead_link_says_so_to_another_account_too(owned, change, code, title) -> None:  # type: ignore[no-untyped-def]
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    Invitation.objects.filter(pk=issued.invitation.pk).update(**change)
    other = UserFactory(email="x@example.org")
    with pytest.raises(services.InvitationRefused) as exc:
        services.invitation_accept(secret=issued.secret, user=other)
    assert exc.value.code == code
    client = Client()
    client.force_login(other)
    response = client.post(f"/en/account/invitation/{issued.secret}/")
    html = response.content.decode()
    assert (response.status_code, f"<h1>{title}</h1>" in html) == (410, True)
    assert "n…@example.org" not in html and "new@example.org" not in html
    assert Membership.objects.filter(organization=org).count() == 1


def test_resend_kills_the_old_link(owned) -> None:
    org, owner = owned
    first = _invite(org, owner)
    second = services.invitation_resend(invitation=first.invitation, actor=owner, lang="fr")
    newcomer = UserFactory(email="new@example.org")
    with pytest.raises(services.InvitationRefused) as exc:
        services.invitation_accept(secret=first.secret, user=newcomer)
    assert exc.value.code == "unknown"
    assert services.invitation_accept(secret=second.secret, user=newcomer).organization == org


def test_the_last_owner_cannot_leave_be_removed_or_demoted(owned) -> None:
    org, owner = owned
    mine = Membership.objects.get(user=owner)
    staff = UserFactory(role="staff")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.membership_remove(membership=mine, actor=owner)
    assert exc.value.messages == [
        "An organization keeps at least one owner: make another member owner first."
    ]
    with pytest.raises(ValidationError):
        services.membership_remove(membership=mine, actor=staff)
    with pytest.raises(ValidationError):
        services.membership_role_change(membership=mine, actor=owner, role="member")
    mine.refresh_from_db()
    assert mine.role == "owner"
    # With a second owner, the first may step down, then leave.
    other = MembershipFactory(organization=org, role=MembershipRole.OWNER)
    services.membership_role_change(membership=mine, actor=owner, role="member")
    services.membership_remove(membership=mine, actor=owner)
    assert list(Membership.objects.filter(organization=org)) == [other]


def test_a_member_may_leave_but_not_remove_others(owned) -> None:
    org, owner = owned
    plain = MembershipFactory(organization=org, role=MembershipRole.MEMBER)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=Membership.objects.get(user=owner), actor=plain.user)
    services.membership_remove(membership=plain, actor=plain.user)
    assert not Membership.objects.filter(pk=plain.pk).exists()


# --- pages ------------------------------------------------------------------------------------

FLOW = {
    "fr": {
        "page": "/fr/compte/organisations/profiles-alma/",
        "subject": "Invitation à rejoindre Profilés Alma inc. sur AluHub",
        "shown": ["Rejoindre Profilés Alma inc.", "Rôle dans l’organisation", "Membre"],
        "welcome": "Bienvenue chez Profilés Alma inc.",
    },
    "en": {
        "page": "/en/account/organizations/profiles-alma/",
        "subject": "Invitation to join Profilés Alma inc. on AluHub",
        "shown": ["Join Profilés Alma inc.", "Role in the organization", "Member"],
        "welcome": "Welcome to Profilés Alma inc.",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_invite_mail_accept_by_post_whole_flow(
    owned, lang: str, django_capture_on_commit_callbacks
) -> None:
    org, owner = owned
    words = FLOW[lang]
    inviter = Client()
    inviter.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = inviter.post(
            words["page"] + ("invitations/"),
            {"email": "new@example.org", "role": "member"},
        )
    assert response.status_code == 302
    page = inviter.get(words["page"]).content.decode()
    assert "new@example.org" in page and stacks_on_phones(page)
    assert mail.outbox[-1].subject == words["subject"]
    path = _link_path(mail.outbox[-1].body)
    assert path.startswith(f"/{lang}/")

    newcomer = UserFactory(email="new@example.org", preferred_language=lang)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(newcomer)
    shown = browser.get(path)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert all(word in html for word in words["shown"])
    assert not Membership.objects.filter(user=newcomer).exists()  # GET changes nothing
    assert browser.post(path).status_code == 403  # no CSRF token: refused
    assert not Membership.objects.filter(user=newcomer).exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    accepted = browser.post(path, {"csrfmiddlewaretoken": token.group(1)}, follow=True)
    assert words["welcome"] in accepted.content.decode()
    assert Membership.objects.get(user=newcomer).organization == org
    # A double POST lands on the organization again, with one membership.
    again = browser.post(path, {"csrfmiddlewaretoken": token.group(1)})
    assert again.status_code == 302
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_a_signed_out_invitee_signs_in_and_comes_back_to_the_confirmation(owned) -> None:
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    UserFactory(email="new@example.org")
    client = Client()
    path = f"/fr/compte/invitation/{issued.secret}/"
    page = client.get(path).content.decode()
    assert "Connectez-vous avec l’adresse invitée" in page
    assert "n…@example.org" in page and "new@example.org</dd>" not in page
    assert "?email=new%40example.org" in page
    login = client.get("/fr/compte/connexion/?email=new%40example.org")
    assert 'value="new@example.org"' in login.content.decode()
    response = client.post(
        "/fr/compte/connexion/",
        {"username": "new@example.org", "password": "correct-horse-battery"},
    )
    assert (response.status_code, response["Location"]) == (302, path)
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_signing_up_from_an_invitation_comes_back_to_it_from_another_browser(
    owned, django_capture_on_commit_callbacks
) -> None:
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    path = f"/fr/compte/invitation/{issued.secret}/"
    first = Client()
    page = first.get(path).content.decode()
    signup = re.search(r'href="(/fr/compte/inscription/\?[^"]+)"', page)
    assert signup is not None
    signup_path = signup.group(1).replace("&amp;", "&")
    form = first.get(signup_path).content.decode()
    assert f'name="invitation" value="{issued.secret}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        first.post(
            signup_path,
            {**NEWCOMER, "invitation": issued.secret},
        )
    verify = re.search(r"http://\S+/verification/\S+", mail.outbox[-1].body)
    assert verify is not None
    # Another browser: no session from the sign-up; the e-mail's link leads back.
    other = Client()
    confirmed = other.get("/" + verify.group(0).split("/", 3)[3])
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith("/fr/compte/connexion/?")
    login_page = other.get(confirmed["Location"]).content.decode()
    assert 'value="new@example.org"' in login_page
    response = other.post(
        confirmed["Location"],
        {"username": "new@example.org", "password": "aluminium-recycle-42"},
    )
    assert (response.status_code, response["Location"]) == (302, path)
    # The link still joins on POST only.
    assert not Membership.objects.filter(user__email="new@example.org").exists()
    assert other.post(path).status_code == 302
    assert Membership.objects.get(user__email="new@example.org").organization == org


def test_creating_an_account_from_an_invitation_with_an_address_that_has_one_leads_back(
    owned, django_capture_on_commit_callbacks
) -> None:
    """The sign-up answers "check your inbox" as for a new address; the notice's sign-in
    link brings the owner of the account back to the invitation."""
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    UserFactory(email="new@example.org", preferred_language="fr")
    mail.outbox.clear()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/compte/inscription/?email=new%40example.org&invitation={issued.secret}",
            {**NEWCOMER, "invitation": issued.secret},
        )
    assert "Consultez vos courriels" in response.content.decode()
    login = re.search(r"http://\S+/connexion/\?\S+", mail.outbox[-1].body)
    assert login is not None
    other = Client()
    path = f"/fr/compte/invitation/{issued.secret}/"
    response = other.post(
        "/" + login.group(0).split("/", 3)[3],
        {"username": "new@example.org", "password": "correct-horse-battery"},
    )
    assert (response.status_code, response["Location"]) == (302, path)
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_a_sign_up_with_another_address_does_not_carry_the_invitation(
    owned, django_capture_on_commit_callbacks
) -> None:
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services_signup.user_signup(
            email="someone@example.org", password="aluminium-recycle-42", invitation=issued.secret
        )
    assert issued.secret not in mail.outbox[-1].body


def test_signed_in_with_another_address_gets_a_clear_refusal(owned) -> None:
    org, owner = owned
    issued = _invite(org, owner, email="new@example.org")
    client = Client()
    client.force_login(UserFactory(email="someone@example.org"))
    response = client.get(f"/en/account/invitation/{issued.secret}/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "This invitation was sent to n…@example.org, and you are signed in as" in html
    assert client.post(f"/en/account/invitation/{issued.secret}/").status_code == 403
    assert Membership.objects.filter(organization=org).count() == 1


@pytest.mark.parametrize(
    ("lang", "change", "title"),
    [
        ("fr", {"expires_at": timezone.now() - timedelta(days=1)}, "Invitation expirée"),
        ("en", {"revoked_at": timezone.now()}, "Invitation revoked"),
        ("fr", {"accepted_at": timezone.now()}, "Invitation déjà utilisée"),
    ],
)
def test_dead_links_show_a_clear_page(owned, lang: str, change, title: str) -> None:  # type: ignore[no-untyped-def]
    org, owner = owned
    issued = _invite(org, owner)
    Invitation.objects.filter(pk=issued.invitation.pk).update(**change)
    client = Client()
    client.force_login(UserFactory(email="new@example.org"))
    prefix = "/fr/compte" if lang == "fr" else "/en/account"
    for response in (
        client.get(f"{prefix}/invitation/{issued.secret}/"),
        client.post(f"{prefix}/invitation/{issued.secret}/"),
    ):
        assert response.status_code == 410
        assert f"<h1>{title}</h1>" in response.content.decode()
    assert client.get(f"{prefix}/invitation/not-a-token/").status_code == 404


def test_invite_form_keeps_what_was_typed_under_its_field_error(owned) -> None:
    org, owner = owned
    client = Client()
    client.force_login(owner)
    response = client.post(
        reverse("accounts:invitation_create", args=[org.slug]),
        {"email": "owner@example.org", "role": "owner"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cette personne est déjà membre." in html
    assert 'value="owner@example.org"' in html
    assert '<option value="owner" selected>' in html


def test_owner_revokes_resends_and_meets_the_last_owner_rule_on_the_page(owned) -> None:
    org, owner = owned
    issued = _invite(org, owner)
    client = Client()
    client.force_login(owner)
    client.post(reverse("accounts:invitation_resend", args=[org.slug, issued.invitation.pk]))
    assert Invitation.objects.get().token_hash != hash_token(issued.secret)
    client.post(reverse("accounts:invitation_revoke", args=[org.slug, issued.invitation.pk]))
    assert Invitation.objects.get().revoked_at is not None
    mine = Membership.objects.get(user=owner)
    response = client.post(
        reverse("accounts:membership_role", args=[org.slug, mine.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "Une organisation garde au moins un responsable" in response.content.decode()
    assert Membership.objects.get(pk=mine.pk).role == "owner"


def test_a_plain_member_sees_people_and_may_leave_but_not_manage(owned) -> None:
    org, _owner = owned
    plain = MembershipFactory(organization=org, role=MembershipRole.MEMBER)
    issued = _invite(org, _owner)
    client = Client()
    client.force_login(plain.user)
    page = client.get(reverse("accounts:organization_detail", args=[org.slug])).content.decode()
    assert "Quitter l’organisation" in page and "Invitations en attente" not in page
    assert "owner@example.org" not in page
    assert (
        client.post(reverse("accounts:invitation_revoke", args=[org.slug, issued.invitation.pk]))
    ).status_code == 403
    assert (
        client.post(
            reverse("accounts:invitation_create", args=[org.slug]), {"email": "x@example.org"}
        )
    ).status_code == 403
    left = client.post(reverse("accounts:membership_remove", args=[org.slug, plain.pk]))
    assert left["Location"] == reverse("accounts:organization_list")
    assert not Membership.objects.filter(pk=plain.pk).exists()


@pytest.mark.parametrize(
    ("lang", "role", "message"),
    [
        ("fr", "member", "Une organisation garde au moins un responsable"),
        ("en", "chief", "Select a valid choice."),
    ],
)
def test_a_refused_role_change_shows_the_page_with_its_error(
    owned, lang: str, role: str, message: str
) -> None:
    org, owner = owned
    mine = Membership.objects.get(user=owner)
    client = Client()
    client.force_login(owner)
    prefix = "/fr/compte/organisations" if lang == "fr" else "/en/account/organizations"
    response = client.post(
        f"{prefix}/{org.slug}/{'membres' if lang == 'fr' else 'members'}/{mine.pk}/role/",
        {"role": role},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="role-{mine.pk}" aria-invalid="true"' in response.content.decode()
    assert Membership.objects.get(pk=mine.pk).role == "owner"


def test_the_role_select_is_labelled_without_a_missing_elision(owned) -> None:
    org, owner = owned
    MembershipFactory(
        organization=org, user=UserFactory(first_name="Emma", last_name="Walsh"), role="member"
    )
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("accounts:organization_detail", args=[org.slug])).content.decode()
    assert "Emma Walsh\u00a0: rôle dans l’organisation</label>" in page  # not « Rôle de Emma »


@pytest.mark.parametrize(
    ("lang", "explained"),
    [
        (
            "fr",
            "Vous êtes l’unique responsable\u00a0: nommez un autre membre responsable avant de "
            "partir.",
        ),
        ("en", "You are the only owner: make another member owner before leaving."),
    ],
)
def test_the_only_owner_is_told_why_instead_of_offered_a_refused_leave_button(
    owned, lang: str, explained: str
) -> None:
    org, owner = owned
    client = Client()
    client.force_login(owner)
    mine = Membership.objects.get(user=owner)
    with translation.override(lang):
        url = reverse("accounts:organization_detail", args=[org.slug])
        leave = reverse("accounts:membership_remove", args=[org.slug, mine.pk])
        page = client.get(url).content.decode()
    assert explained in page and f'action="{leave}"' not in page
    # A second owner: each may leave, so the button is back.
    MembershipFactory(organization=org, role=MembershipRole.OWNER)
    with translation.override(lang):
        page = client.get(url).content.decode()
    assert explained not in page and f'action="{leave}"' in page
