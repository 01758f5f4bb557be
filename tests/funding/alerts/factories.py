"""Factories of the financing tests (programs come from tests/funding/factories.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aluhub.funding.alerts.models import AlertSubscription


def make_alert(
    *, email: str = "alerts@example.org", query: str = "", language: str = "fr", **fields: Any
) -> AlertSubscription:
    values: dict[str, Any] = {
        "kind": "search",
        "frequency": "immediate",
        "confirmed_at": timezone.now(),
    }
    values.update(fields)
    return AlertSubscription.objects.create(email=email, query=query, language=language, **values)
