from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django import DjangoDbBlocker

from aluhub.accounts.models import Organization, User
from aluhub.common.reference import no_progress
from aluhub.workforce import reference, services
from aluhub.workforce.models import JobPosting, Trade
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.module_rows import module_rows


def next_day(month: int, day: int) -> date:
    """The next ``month``/``day`` after today: a closing date within the year allowed."""
    today = timezone.localdate()
    candidate = date(today.year, month, day)
    return candidate if candidate > today else date(today.year + 1, month, day)


def url(name: str, lang: str = "fr", *args: Any) -> str:
    """The page's address in ``lang``."""
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture(scope="module")
def trades_once(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The reference data of ``trades`` loaded once for a whole module (tests/module_rows.py).
    A module whose tests (nearly) all use it says ``pytest.mark.usefixtures("trades_once")``
    in its ``pytestmark``: every test of it then sees the reference rows, and what a test
    writes is still rolled back after it."""
    with module_rows(django_db_blocker, load=lambda: reference.load_reference(no_progress)):
        yield


@pytest.fixture
def trades(request: pytest.FixtureRequest, db: Any) -> None:
    """The reference trades, programs, indicators and tax-credit rates, as loaded in production
    (for this test, or once for the module when it uses ``trades_once``)."""
    if "trades_once" not in request.fixturenames:
        reference.load_reference(no_progress)


@pytest.fixture
def member_org(db: Any) -> Organization:
    return OrganizationFactory(name="Profilés Saguenay inc.", slug="profiles-saguenay")


@pytest.fixture
def member(member_org: Organization) -> User:
    user = UserFactory(email="rh@profiles.example.org", role="member")
    MembershipFactory(user=user, organization=member_org)
    return user


def post_job(member: User, organization: Organization, **overrides: Any) -> JobPosting:
    fields: dict[str, Any] = {
        "actor": member,
        "organization": organization,
        "title": "Stagiaire en soudage d'aluminium",
        "description": "Stage de 12 semaines à l'atelier de soudage MIG et TIG.",
        "trade": Trade.objects.get(noc_2021="72106"),
        "kind": "internship",
        "region": "02",
        "city": "Saguenay",
        "level": "dep",
        "how_to_apply": "Écrire à rh@profiles.example.org",
        "closing_date": date.today() + timedelta(days=30),
    }
    fields.update(overrides)
    return services.job_post(**fields)


def post_board(
    member: User, organization: Organization, postings: list[tuple[str, str, str, str, str]]
) -> list[JobPosting]:
    """Post each (title, description, trade's NOC code, kind, region) through the service,
    closing in 10, 11 or 12 days (in turn)."""
    return [
        post_job(
            member,
            organization,
            title=title,
            description=description,
            trade=Trade.objects.get(noc_2021=noc),
            kind=kind,
            region=region,
            closing_date=date.today() + timedelta(days=10 + i % 3),
        )
        for i, (title, description, noc, kind, region) in enumerate(postings)
    ]
