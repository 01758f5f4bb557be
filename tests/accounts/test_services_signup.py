"""Sign-up and e-mail verification (aluhub/accounts/services_signup.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from aluhub.accounts import services_signup
from aluhub.accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_signup_sends_verification_in_users_language(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = services_signup.user_signup(
            email="Nouvelle@Example.org",
            password="un-mot-de-passe-long",
            first_name="Anne",
            last_name="Roy",
            preferred_language="fr",
        )
    assert user.email == "nouvelle@example.org"
    assert user.email_verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Confirmez votre adresse courriel AluHub"
    assert "/fr/compte/verification/" in mail.outbox[0].body


def test_user_signup_in_english_sends_english_email(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services_signup.user_signup(
            email="en@example.org", password="a-long-password-1", preferred_language="en"
        )
    assert mail.outbox[0].subject == "Confirm your AluHub email address"
    assert "/en/account/verify/" in mail.outbox[0].body


def test_user_signup_with_an_address_that_has_an_account_emails_its_owner(
    django_capture_on_commit_callbacks,
) -> None:
    UserFactory(email="dup@example.org", preferred_language="fr", first_name="Léa")
    with django_capture_on_commit_callbacks(execute=True):
        created = services_signup.user_signup(email="DUP@example.org", password="a-long-password-1")
    assert created is None
    assert User.objects.filter(email__iexact="dup@example.org").count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dup@example.org"], "Quelqu’un a tenté de créer un compte AluHub avec votre adresse")
    ]
    assert "Bonjour Léa," in mail.outbox[0].body


@pytest.mark.parametrize(
    ("lang", "subject", "sentences"),
    [
        (
            "fr",
            "Quelqu’un a tenté de créer un compte AluHub avec votre adresse",
            [
                "Bonjour Léa,",
                "appartient à un compte qui a été fermé",
                "écrivez au personnel de la grappe\u00a0:\ninfo@grappe.example\n"
                "http://127.0.0.1:8000/fr/contact/",
            ],
        ),
        (
            "en",
            "Someone tried to create an AluHub account with your address",
            [
                "Hello Léa,",
                "belongs to an account that was closed",
                "write to the cluster staff:\ninfo@grappe.example\n"
                "http://127.0.0.1:8000/en/contact/",
            ],
        ),
    ],
)
def test_user_signup_with_the_address_of_a_deactivated_account_tells_its_owner_whom_to_ask(
    django_capture_on_commit_callbacks, settings, lang: str, subject: str, sentences: list[str]
) -> None:
    settings.CONTACT_EMAIL = "info@grappe.example"
    UserFactory(
        email="gone@example.org", is_active=False, preferred_language=lang, first_name="Léa"
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = services_signup.user_signup(email="Gone@example.org", password="a-long-pass-1")
    assert created is None
    assert User.objects.filter(email__iexact="gone@example.org").count() == 1
    assert User.objects.get(email="gone@example.org").is_active is False
    (notice,) = mail.outbox
    assert (notice.to, notice.subject, notice.reply_to) == (
        ["gone@example.org"],
        subject,
        ["info@grappe.example"],
    )
    for sentence in sentences:
        assert sentence in notice.body
    assert "/login/" not in notice.body and "/connexion/" not in notice.body


def test_the_closed_account_notice_without_a_contact_address_gives_the_contact_page(
    django_capture_on_commit_callbacks, settings
) -> None:
    settings.CONTACT_EMAIL = ""
    UserFactory(email="gone@example.org", is_active=False, preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services_signup.user_signup(email="gone@example.org", password="a-long-pass-1")
    (notice,) = mail.outbox
    assert notice.reply_to == []
    assert "écrivez au personnel de la grappe\u00a0:\nhttp://127.0.0.1:8000/fr/contact/\n" in (
        notice.body
    )


def test_user_signup_refuses_staff_role() -> None:
    with pytest.raises(ValidationError):
        services_signup.user_signup(
            email="x@example.org", password="a-long-password-1", role=Role.STAFF
        )
    assert not User.objects.filter(email="x@example.org").exists()
