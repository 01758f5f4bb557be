"""Subscribe requests are rate-limited per address and per client (finding: 10 anonymous
posts sent 10 confirmation e-mails to any address)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.common.subscriptions import SUBSCRIBE_LIMIT_PER_EMAIL, SUBSCRIBE_LIMIT_PER_IP

pytestmark = pytest.mark.django_db

NEWS = "/fr/actualites/abonnement/"
ALERTS = "/en/funding/alerts/subscribe/"


def post_news(email: str, ip: str) -> Any:
    data = {"email": email, "categories": ["funding"], "language": "fr", "frequency": "weekly"}
    return Client().post(NEWS, data, REMOTE_ADDR=ip)


def post_alert(email: str, ip: str) -> Any:
    data = {"email": email, "frequency": "weekly", "language": "en", "query": "region=02"}
    return Client().post(ALERTS, data, REMOTE_ADDR=ip)


def _url(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def post_job_alert(email: str, ip: str) -> Any:
    data = {"email": email, "frequency": "weekly", "language": "en", "q": "soudeur"}
    return Client().post(_url("workforce:alert_new"), data, REMOTE_ADDR=ip)


def post_event_alert(email: str, ip: str) -> Any:
    data = {"email": email, "frequency": "weekly", "language": "fr"}
    return Client().post(_url("collab:alert_subscribe"), data, REMOTE_ADDR=ip)


@pytest.mark.parametrize("post", [post_news, post_alert, post_job_alert, post_event_alert])
def test_ten_posts_for_one_address_send_at_most_the_limit_of_e_mails(
    post: Any, django_capture_on_commit_callbacks: Any
) -> None:
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            statuses.append(post("victim@example.org", f"198.51.100.{n}").status_code)
    assert statuses == [200] * SUBSCRIBE_LIMIT_PER_EMAIL + [429] * (10 - SUBSCRIBE_LIMIT_PER_EMAIL)
    assert [m.to for m in mail.outbox] == [["victim@example.org"]] * SUBSCRIBE_LIMIT_PER_EMAIL


@pytest.mark.parametrize("post", [post_news, post_alert, post_job_alert, post_event_alert])
def test_one_client_cannot_subscribe_many_addresses(
    post: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(SUBSCRIBE_LIMIT_PER_IP):
            assert post(f"reader{n}@example.org", "203.0.113.9").status_code == 200
        refused = post("one-more@example.org", "203.0.113.9")
    assert refused.status_code == 429
    assert len(mail.outbox) == SUBSCRIBE_LIMIT_PER_IP
    assert "one-more@example.org" not in [m.to[0] for m in mail.outbox]


def test_rate_limit_page_explains_in_french_and_english() -> None:
    for n in range(SUBSCRIBE_LIMIT_PER_EMAIL):
        post_news("victim@example.org", f"198.51.100.{n}")
    french = post_news("victim@example.org", "198.51.100.99")
    english = post_alert("victim@example.org", "198.51.100.98")
    assert "Trop de demandes d’abonnement" in french.content.decode()
    assert "Too many subscription requests" in english.content.decode()


@pytest.mark.parametrize(
    "name", ["community:subscribe", "workforce:alert_new", "collab:alert_subscribe"]
)
def test_subscribe_pages_answer_get_and_post_only(name: str) -> None:
    assert Client().get(_url(name)).status_code == 200
    assert Client().put(_url(name)).status_code == 405
    assert Client().delete(_url(name)).status_code == 405
