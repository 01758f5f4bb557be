"""Factories of the challenge app (editions, applications, teams, jury)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from aluhub.accounts.models import Role
from aluhub.challenge.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Edition,
    JurorAssignment,
    Team,
)
from tests.factories import UserFactory

# The smallest valid PDF header is enough for content sniffing (filetype reads magic bytes).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    year = factory.Sequence(lambda n: 2100 + n)
    theme_fr = "Passerelle d'essai"
    theme_en = "Test footbridge"
    applications_open = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    applications_close = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    grace_minutes = 10
    team_size = 3
    discipline_minimums = factory.LazyFunction(lambda: {"engineering": 1, "architecture": 1})
    max_per_university = 2
    aluminium_threshold_pct = Decimal("50")
    aluminium_basis = "mass"
    excluded_scopes = factory.LazyFunction(lambda: ["foundation"])


class StudentFactory(UserFactory):
    role = Role.STUDENT


class JurorFactory(UserFactory):
    role = Role.JURY


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    edition = factory.SubFactory(EditionFactory)
    student = factory.SubFactory(StudentFactory)
    university = "ETS"
    program = "Génie civil"
    discipline = "engineering"
    cycle = 1
    year_of_study = 2
    languages = "français"
    motivation = "Motivation."
    status = ApplicationStatus.ACCEPTED
    selection_score = 7.0


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    edition = factory.SubFactory(EditionFactory, teams_published=True)
    name = factory.Sequence(lambda n: f"Équipe {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    edition = factory.SubFactory(EditionFactory)
    name_fr = factory.Sequence(lambda n: f"Critère {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")


class JurorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurorAssignment

    edition = factory.SubFactory(EditionFactory)
    juror = factory.SubFactory(JurorFactory)
