"""Sessions keep only a keyed hash of their key (aluhub.accounts.sessions, decision 0012):
what the database holds signs nobody in, and login, logout, a password change and
``clearsessions`` work as before."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aluhub.accounts.sessions import SessionStore, stored_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def signed_in(email: str = "member@example.org") -> Client:
    UserFactory(email=email)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def profile_status(cookie: str) -> int:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client.get(reverse("accounts:profile")).status_code


def test_the_database_keeps_a_keyed_hash_of_the_session_key_never_the_key() -> None:
    client = signed_in()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    stored = list(Session.objects.values_list("session_key", flat=True))
    assert stored == [stored_key(cookie)]
    assert cookie not in stored
    assert profile_status(cookie) == 200


def test_no_stored_value_signs_anybody_in() -> None:
    signed_in()
    for row in Session.objects.all():
        for value in (row.session_key, row.session_key.upper(), row.session_data):
            assert profile_status(value) == 302


def test_logout_deletes_the_row_and_the_old_cookie_opens_nothing() -> None:
    client = signed_in()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=stored_key(cookie)).exists()
    assert profile_status(cookie) == 302


def test_a_password_changed_elsewhere_signs_the_session_out_and_deletes_its_row() -> None:
    client = signed_in()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    user = UserFactory._meta.model.objects.get(email="member@example.org")
    user.set_password("another-long-password")
    user.save()
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not Session.objects.filter(session_key=stored_key(cookie)).exists()


def test_clearsessions_deletes_expired_sessions_and_keeps_the_others() -> None:
    old = SessionStore()
    old["note"] = "expired"
    old.set_expiry(timezone.now() - timedelta(days=1))
    old.save()
    live = SessionStore()
    live["note"] = "live"
    live.save()
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        stored_key(live.session_key)
    ]
    assert SessionStore(live.session_key)["note"] == "live"


def test_a_session_made_before_a_key_change_survives_while_the_old_key_is_a_fallback(
    settings: Any,
) -> None:
    client = signed_in()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert client.get(reverse("accounts:profile")).status_code == 200
    # Django gives the session a new key (its password hash was made with the old secret);
    # the row is stored under the new secret's hash.
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(cookie)]
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_session_made_with_a_key_no_longer_kept_is_signed_out(settings: Any) -> None:
    client = signed_in()
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_the_migration_deletes_the_sessions_stored_with_their_key() -> None:
    Session.objects.create(
        session_key="clearkey" * 4,
        session_data="{}",
        expire_date=timezone.now() + timedelta(days=1),
    )
    migration = importlib.import_module("aluhub.accounts.migrations.0007_sessions_keys_hashed")
    migration.delete_sessions_with_clear_keys(apps, None)
    assert not Session.objects.exists()


def test_the_store_moves_a_row_hashed_with_a_fallback_key_to_the_current_key(
    settings: Any,
) -> None:
    store = SessionStore()
    store["note"] = "kept"
    store.save()
    key, old_secret = store.session_key, settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert SessionStore(key)["note"] == "kept"
    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(key)]
