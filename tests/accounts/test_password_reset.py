"""A password chosen from a reset link ends the account's API tokens, as it ends its other
sessions: a token made by whoever knew the old password must not outlive it. Reset e-mails
are limited per address and per client, and written in the account's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aluhub.accounts.services import api_token_authenticate, api_token_create
from aluhub.common.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_password_reset_revokes_the_accounts_api_tokens(client: Client) -> None:
    person, other = UserFactory(), UserFactory()
    issued = api_token_create(user=person, name="script")
    kept = api_token_create(user=other, name="script")
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    form_page = client.get(link)  # Django moves the token into the session, then redirects

    response = client.post(
        form_page["Location"],
        {"new_password1": "Un-nouveau-secret-42", "new_password2": "Un-nouveau-secret-42"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password("Un-nouveau-secret-42")
    assert api_token_authenticate(issued.secret) is None
    assert api_token_authenticate(kept.secret) == other


def test_a_new_password_over_the_length_limit_is_refused_and_keeps_the_tokens(
    client: Client,
) -> None:
    person = UserFactory()
    issued = api_token_create(user=person, name="script")
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    form_page = client.get(link)
    long = "x9-" * 10_000

    response = client.post(form_page["Location"], {"new_password1": long, "new_password2": long})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    assert api_token_authenticate(issued.secret) == person


@pytest.mark.parametrize("address", ["person@example.org", "nobody@example.org"])
def test_a_fourth_reset_request_in_an_hour_sends_nothing_whether_an_account_exists_or_not(
    client: Client, address: str
) -> None:
    # The form e-mailed a reset link for every post: anybody could fill a mailbox with them.
    UserFactory(email="person@example.org")
    with translation.override("fr"):
        url = reverse("accounts:password_reset")

    answers = [client.post(url, {"email": address}).status_code for _ in range(4)]
    page = client.post(url, {"email": address})

    assert answers == [302, 302, 302, 429]
    assert OutgoingEmail.objects.count() == (3 if address == "person@example.org" else 0)
    assert page.status_code == 429
    assert "Trop de demandes de réinitialisation du mot de passe" in page.content.decode()


def test_the_reset_link_starts_with_site_url_whatever_host_the_request_names(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    # The link came from the request's Host header: a forged Host (a host the server
    # answers to, or a proxy that passes it on) sent someone's reset link to another site.
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    person = UserFactory(email="person@example.org")
    with translation.override("fr"):
        url = reverse("accounts:password_reset")

    response = client.post(url, {"email": "person@example.org"}, HTTP_HOST="evil.example")

    assert response.status_code == 302
    (message,) = mail.outbox  # the outbox row keeps no text once sent
    body = message.body
    assert "evil.example" not in body
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": "TOKEN",
        },
    ).removesuffix("TOKEN/")
    assert f"https://aluhub.example.ca{path}" in body


@pytest.mark.parametrize(
    ("page", "account", "subject", "sentence", "prefix"),
    [
        (
            "fr",
            "en",
            "Reset your AluHub password",
            "You asked to reset your AluHub password. Choose a new one here:",
            "https://aluhub.example.ca/en/",
        ),
        (
            "en",
            "fr",
            "Réinitialisez votre mot de passe AluHub",
            "Vous avez demandé à réinitialiser votre mot de passe AluHub.",
            "https://aluhub.example.ca/fr/",
        ),
    ],
    ids=["french-page-english-account", "english-page-french-account"],
)
def test_the_reset_email_is_in_the_accounts_language_whatever_the_pages(
    client: Client,
    settings: pytest.FixtureRequest,
    page: str,
    account: str,
    subject: str,
    sentence: str,
    prefix: str,
) -> None:
    # It came in the page's language: every other account e-mail uses the stored one.
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    UserFactory(email="person@example.org", preferred_language=account)
    with translation.override(page):
        url = reverse("accounts:password_reset")

    response = client.post(url, {"email": "person@example.org"})

    assert response.status_code == 302
    (email,) = mail.outbox  # the outbox row keeps no text once sent
    assert email.subject == subject
    assert sentence in email.body
    link = next(line for line in email.body.splitlines() if line.startswith("https://"))
    assert link.startswith(prefix)


@pytest.mark.parametrize(
    ("lang", "subject", "sentence"),
    [
        (
            "fr",
            "Réinitialisation du mot de passe demandée pour votre compte AluHub fermé",
            "Ce compte a été fermé\u00a0: aucun lien n’a été envoyé.",
        ),
        (
            "en",
            "Password reset asked for your closed AluHub account",
            "This account was closed, so no link was sent.",
        ),
    ],
)
def test_a_reset_asked_for_a_deactivated_account_tells_its_owner_whom_to_ask(
    client: Client, settings: Any, lang: str, subject: str, sentence: str
) -> None:
    # Django sends nothing to an inactive account: its owner could not learn why.
    settings.CONTACT_EMAIL = "info@grappe.example"
    UserFactory(email="gone@example.org", is_active=False, preferred_language=lang)
    with translation.override("fr"):
        url = reverse("accounts:password_reset")

    closed = client.post(url, {"email": "Gone@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})

    assert (closed.status_code, closed["Location"]) == (unknown.status_code, unknown["Location"])
    (notice,) = mail.outbox
    assert (notice.to, notice.subject, notice.reply_to) == (
        ["gone@example.org"],
        subject,
        ["info@grappe.example"],
    )
    assert sentence in notice.body
    assert "info@grappe.example\nhttp://127.0.0.1:8000/" in notice.body
    assert "/reinitialiser/" not in notice.body and "/reset/" not in notice.body
