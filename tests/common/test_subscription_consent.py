"""Consent on every channel of the subscriptions core (news, funding alerts, job alerts,
event alerts), with CSRF checks enforced as in production:

- the confirmation link in the e-mail only shows a button (a mail scanner's GET confirms
  nothing), a POST without the page's CSRF token is refused, the button confirms;
- the unsubscribe URL of the ``List-Unsubscribe`` header takes a mail client's one-click
  POST (RFC 8058: no cookie, no CSRF token), while a GET only shows a button.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from aluhub.common import subscriptions
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db

CHANNELS = ["news", "funding_alerts", "jobs", "events"]
BUTTON = {"fr": "Confirmer l’abonnement", "en": "Confirm the subscription"}


def _pending(key: str, lang: str, capture: Any) -> Any:
    """A new subscription of ``key``: pending, its confirmation e-mail sent."""
    with capture(execute=True):
        outcome = subscriptions.subscribe(
            channel=subscriptions.get_channel(key),
            email=f"{key}-{lang}@example.org",
            language=lang,
            frequency="weekly",
        )
    assert outcome.status == "pending"
    return outcome.subscription


def _confirm_link(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+/)", body)
    assert found is not None, body
    return found.group(1)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("key", CHANNELS)
def test_confirmation_needs_the_button_and_its_csrf_token(
    key: str, lang: str, django_capture_on_commit_callbacks: Any
) -> None:
    sub = _pending(key, lang, django_capture_on_commit_callbacks)
    link = _confirm_link(mail.outbox[-1].body)
    assert token_of(sub) in link
    assert link.startswith(f"/{lang}/")

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)  # what a mail scanner does too
    sub.refresh_from_db()
    assert page.status_code == 200
    assert BUTTON[lang] in page.content.decode()
    assert sub.confirmed_at is None

    forged = Client(enforce_csrf_checks=True).post(link)
    sub.refresh_from_db()
    assert forged.status_code == 403
    assert sub.confirmed_at is None

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    confirmed = browser.post(link, {"csrfmiddlewaretoken": token.group(1)})
    sub.refresh_from_db()
    assert confirmed.status_code == 200
    assert sub.is_active is True


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("key", CHANNELS)
def test_one_click_unsubscribe_post_without_csrf_token(
    key: str, lang: str, django_capture_on_commit_callbacks: Any
) -> None:
    channel = subscriptions.get_channel(key)
    sub = _pending(key, lang, django_capture_on_commit_callbacks)
    subscriptions.confirm(channel=channel, token=token_of(sub))
    # The URL the delivered e-mails carry in List-Unsubscribe (deliver() builds it in the
    # subscriber's language).
    with translation.override(lang):
        url = re.sub(r"^https?://[^/]+", "", subscriptions.link(channel, "unsubscribe", sub))
    assert url.startswith(f"/{lang}/")

    mail_client = Client(enforce_csrf_checks=True)
    shown = mail_client.get(url)
    sub.refresh_from_db()
    assert shown.status_code == 200
    assert sub.unsubscribed_at is None

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    sub.refresh_from_db()
    assert response.status_code == 200
    assert sub.unsubscribed_at is not None
    assert sub.is_active is False
