"""Permission cases of funding alerts: public pages, the company alert needs an account."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.funding.alerts.factories import make_alert
from tests.permissions import Case, World
from tests.secret_links import token_of

SIGNED_IN = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
ALL_SIGNED_IN = {r: 200 for r in SIGNED_IN}


def _alert(w: World) -> Any:
    return w.once(
        "alert", lambda: make_alert(email=w.member.email, user=w.member, query="region=02")
    )


CASES = [
    # Alerts: public pages, the company alert needs an account.
    Case("fin-alert-index", lambda w: reverse("funding:alert_index"), expect={}, default=200),
    Case(
        "fin-alert-subscribe",
        lambda w: reverse("funding:alert_subscribe") + "?region=02",
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-subscribe-bad-email",
        lambda w: reverse("funding:alert_subscribe"),
        method="post",
        data=lambda w: {"email": "nope", "frequency": "weekly", "language": "fr"},
        expect={},
        default=200,
    ),
    Case("fin-alert-feed", lambda w: reverse("funding:alert_feed"), expect={}, default=200),
    Case("fin-alert-calendar", lambda w: reverse("funding:alert_calendar"), expect={}, default=200),
    Case(
        "fin-alert-unsubscribe-page",
        lambda w: reverse("funding:alert_unsubscribe", args=[token_of(_alert(w))]),
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-settings-page",
        lambda w: reverse("funding:alert_manage", args=[token_of(_alert(w))]),
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-settings-unknown",
        lambda w: reverse("funding:alert_manage", args=["unknown"]),
        expect={},
        default=404,
    ),
    Case(
        "fin-alert-confirm-page",
        lambda w: reverse("funding:alert_confirm", args=[token_of(_alert(w))]),
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-confirm-unknown",
        lambda w: reverse("funding:alert_confirm", args=["unknown"]),
        method="post",
        expect={},
        default=404,
    ),
    Case(
        "fin-company-alert",
        lambda w: reverse("funding:company_alert"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-alert-stop-own",
        lambda w: reverse("funding:alert_delete", args=[_alert(w).pk]),
        method="post",
        expect={"anonymous": 302, "staff": 302, "member": 302},
        default=404,
    ),
]
