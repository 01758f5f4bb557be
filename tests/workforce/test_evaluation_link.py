"""A CeiAl participant's evaluation link rests on no secret stored in clear
(common/secret_links.py, decision 0011): the link of the certificate e-mail carries a value
signed with SECRET_KEY for this purpose alone; what the database holds opens nothing; a link
sent before the change still works; a new version revokes the links made before. The migration
(workforce 0014) runs the operation tests/learning/test_share_link.py checks on course packs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aluhub.accounts.models import Role
from aluhub.common.secret_links import hash_token
from aluhub.learning.models import Collection
from aluhub.workforce import services
from aluhub.workforce.models import Course, CourseSession, Evaluation, Registration
from tests.factories import OrganizationFactory, UserFactory
from tests.learning.factories import make_teacher
from tests.secret_links import stored_texts, token_of
from tests.workforce.conftest import url

pytestmark = pytest.mark.django_db

#: A former clear evaluation token, as subscriptions.new_token made them.
OLD = "k2mR0bV8Qm1xY3pNd2VvTWlUcFlqYVhs"


def _session() -> CourseSession:
    course = services.course_save(
        course=Course(
            slug="soudage-alu-intro",
            title_fr="Initiation au soudage de l'aluminium",
            title_en="Introduction to aluminium welding",
            level="intro",
            language="fr",
            duration_hours=Decimal("14"),
        )
    )
    today = timezone.localdate()
    return CourseSession.objects.create(
        course=course, starts_on=today - timedelta(days=1), ends_on=today, capacity=10
    )


def _registration(**fields: Any) -> Registration:
    if "session" not in fields:
        fields["session"] = _session()
    values = {
        "organization": OrganizationFactory(),
        "participant_name": "Alice",
        "participant_email": "alice@profiles.example.org",
        "status": "confirmed",
        "attended": True,
    }
    return Registration.objects.create(**{**values, **fields})


def _evaluation(token: str) -> str:
    return url("workforce:evaluation", "fr", token)


@pytest.mark.one_database  # a lookup by id and by hash: alike on both engines
def test_no_value_the_database_holds_opens_the_evaluation() -> None:
    reg = _registration(legacy_token_hash=hash_token(OLD))
    client = Client()
    assert client.get(_evaluation(token_of(reg))).status_code == 200
    for value in stored_texts(reg):
        assert client.get(_evaluation(value)).status_code == 404, value
        assert client.post(_evaluation(value), {"rating": "1"}).status_code == 404, value
    assert not Evaluation.objects.exists()


def test_a_tampered_value_or_one_of_another_purpose_opens_no_evaluation() -> None:
    reg = _registration()
    # A course pack with the same id and version: only the salt differs.
    pack = Collection.objects.create(
        pk=reg.pk, owner=make_teacher(), title="Pack", token_version=reg.token_version
    )
    client = Client()
    assert client.get(_evaluation(token_of(pack))).status_code == 404
    shared = reverse("learning:collection_shared", args=[token_of(reg)])
    assert client.get(shared).status_code == 404
    pk, version, signature = token_of(reg).split(".")
    other = _registration(session=reg.session, participant_email="bruno@profiles.example.org")
    for forged in (
        f"{other.pk}.{version}.{signature}",  # another participant under this signature
        f"{pk}.{version}x.{signature}",
        f"{pk}.{version}.{signature[:-1]}",
        f"{pk}.{version}",
    ):
        assert client.get(_evaluation(forged)).status_code == 404, forged
        assert client.post(_evaluation(forged), {"rating": "1"}).status_code == 404, forged
    assert not Evaluation.objects.exists()


def test_a_link_sent_before_the_links_were_signed_still_records_the_evaluation() -> None:
    reg = _registration(legacy_token_hash=hash_token(OLD))
    assert stored_texts(reg).count(OLD) == 0
    response = Client().post(_evaluation(OLD), {"rating": "4", "useful": "yes"})
    assert (response.status_code, response["Location"]) == (302, _evaluation(OLD))
    assert list(Evaluation.objects.values_list("registration", "rating")) == [(reg.pk, 4)]


def test_a_new_version_revokes_the_evaluation_links_made_before() -> None:
    reg = _registration(legacy_token_hash=hash_token(OLD))
    before = token_of(reg)
    Registration.objects.filter(pk=reg.pk).update(token_version="fresh", legacy_token_hash=None)
    reg.refresh_from_db()
    client = Client()
    assert client.get(_evaluation(before)).status_code == 404
    assert client.get(_evaluation(OLD)).status_code == 404
    assert client.get(_evaluation(token_of(reg))).status_code == 200


@pytest.mark.one_database  # reads the admin's page
def test_the_admin_shows_no_secret_of_the_evaluation_link() -> None:
    reg = _registration(legacy_token_hash=hash_token(OLD))
    client = Client()
    client.force_login(UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:workforce_registration_change", args=[reg.pk])).content
    page = html.decode()
    assert "alice@profiles.example.org" in page
    for secret in (reg.token_version, reg.legacy_token_hash, token_of(reg)):
        assert secret not in page
