"""Login lockout behind the reverse proxy, and logins that ignore letter case."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

from aluhub.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/account/login/"
PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = (ipaddress.ip_network(PROXY),)


def post_login(client: Client, username: str, password: str, client_address: str) -> Any:
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_attacker_behind_proxy_cannot_lock_out_the_victim(behind_proxy: None) -> None:
    UserFactory(email="victim@example.org")
    attacker = Client()
    for _ in range(6):
        post_login(attacker, "victim@example.org", "wrong-password", "203.0.113.9")
    assert post_login(attacker, "victim@example.org", "wrong", "203.0.113.9").status_code == 429
    victim = post_login(Client(), "victim@example.org", "correct-horse-battery", "198.51.100.7")
    assert victim.status_code == 302


def test_lockout_ignores_forwarded_header_from_untrusted_peer(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = ()
    UserFactory(email="target@example.org")
    client = Client()
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "target@example.org", "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",  # a new "address" each time: ignored
        )
    response = client.post(
        LOGIN,
        {"username": "target@example.org", "password": "correct-horse-battery"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429


def test_lockout_counts_failures_whatever_the_letter_case(settings: Any) -> None:
    settings.AXES_ENABLED = True
    UserFactory(email="target@example.org")
    client = Client()
    for username in ["Target@example.org", "TARGET@example.org", "target@Example.org"] * 2:
        client.post(LOGIN, {"username": username, "password": "wrong-password"})
    response = client.post(
        LOGIN, {"username": "target@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429


def test_login_email_ignores_letter_case(client: Client) -> None:
    UserFactory(email="member@example.org")
    response = client.post(
        LOGIN, {"username": "  Member@Example.ORG", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_a_closed_account_with_the_right_password_is_told_whom_to_ask(settings: Any) -> None:
    """ModelBackend refuses an inactive user before the form's check: the person read "wrong
    address or password"; the failure still counts for axes."""
    settings.AXES_ENABLED = True
    settings.CONTACT_EMAIL = "contact@aluhub.example"
    UserFactory(email="closed@example.org", is_active=False)
    response = Client().post(
        "/fr/compte/connexion/",
        {"username": "closed@example.org", "password": "correct-horse-battery"},
    )
    page = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "Ce compte a été fermé." in page
    assert 'href="mailto:contact@aluhub.example"' in page
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_closed_account_with_a_wrong_password_answers_as_any_wrong_login(
    settings: Any,
) -> None:
    settings.AXES_ENABLED = True
    settings.CONTACT_EMAIL = "contact@aluhub.example"
    UserFactory(email="closed@example.org", is_active=False)
    closed = Client().post(LOGIN, {"username": "closed@example.org", "password": "wrong-one"})
    unknown = Client().post(LOGIN, {"username": "nobody@example.org", "password": "wrong-one"})
    errors = [r.context["form"].non_field_errors() for r in (closed, unknown)]
    assert (
        errors[0]
        == errors[1]
        == ["Enter a correct email address and password. The password is case-sensitive."]
    )
    assert "mailto:" not in closed.content.decode()
