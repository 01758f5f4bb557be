"""Permission cases for the dashboard: every signed-in role has one, visitors log in first."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import Case

CASES = [
    Case("dashboard", lambda w: reverse("dashboard:index"), expect={"anonymous": 302}, default=200),
]
