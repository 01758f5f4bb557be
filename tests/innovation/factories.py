"""Factories of the innovation app (the shared ones live in tests/factories.py)."""

from __future__ import annotations

from typing import Any

import factory

from aluhub.accounts.models import Organization, Role, User
from aluhub.innovation.models import Category, Expert, TechnicalRequest
from aluhub.innovation.questionnaire import load_questionnaire
from aluhub.innovation.services import assessment_create
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    user = factory.SubFactory(UserFactory, role=Role.EXPERT)
    tags = factory.LazyFunction(lambda: [Category.JOINING_WELDING.value])
    languages = factory.LazyFunction(lambda: ["fr", "en"])


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalRequest

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Porosité des soudures {n}")
    category = Category.JOINING_WELDING
    description = "Porosité en début de cordon."


def member_of(org: Organization, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, organization=org)
    return user


def uniform_answers(level: int) -> dict[str, int]:
    return {q.code: level for q in load_questionnaire().questions}


def make_assessment(
    org: Organization,
    user: User | None = None,
    level: int = 2,
    targets: dict[str, int | None] | None = None,
) -> Any:
    user = user or member_of(org)
    return assessment_create(
        organization=org, user=user, answers=uniform_answers(level), targets=targets or {}
    )
