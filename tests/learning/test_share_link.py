"""A course pack's share link rests on no secret stored in clear (common/secret_links.py,
decision 0011): the link carries a value signed with SECRET_KEY for this purpose alone; what
the database holds opens nothing; a link given before the change still works until the owner
makes a new one, which revokes every link made before."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from aluhub.accounts.models import Role
from aluhub.collab.models import CalendarFeed
from aluhub.common.secret_links import hash_token
from aluhub.learning import services
from aluhub.learning.models import Collection
from aluhub.learning.selectors import get_collection_by_token
from tests.factories import UserFactory
from tests.learning.factories import make_teacher
from tests.secret_links import stored_texts, token_of

pytestmark = pytest.mark.django_db

#: A former clear share token, as ``secrets.token_urlsafe()`` made them (43 characters).
OLD = "Vx3kP9qL0aZbT7cYw2mN8rHs4dJf6gKe1uQi5oWy0pA"


def _shared(token: str) -> str:
    return reverse("learning:collection_shared", args=[token])


def _pack(**fields: Any) -> Collection:
    pack = services.collection_create(owner=make_teacher(), title="Métallurgie 101")
    if fields:
        Collection.objects.filter(pk=pack.pk).update(**fields)
        pack.refresh_from_db()
    return pack


@pytest.mark.one_database  # a lookup by id and by hash: alike on both engines
def test_no_value_the_database_holds_opens_the_pack() -> None:
    pack = _pack(legacy_token_hash=hash_token(OLD))
    client = Client()
    assert client.get(_shared(token_of(pack))).status_code == 200
    for value in stored_texts(pack):
        assert client.get(_shared(value)).status_code == 404, value


def test_a_tampered_value_or_one_of_another_purpose_opens_no_pack() -> None:
    pack = _pack()
    # A private calendar feed with the same id and version: only the salt differs.
    feed = CalendarFeed.objects.create(
        pk=pack.pk, user=UserFactory(), token_version=pack.token_version
    )
    client = Client()
    assert client.get(_shared(token_of(feed))).status_code == 404
    pk, version, signature = token_of(pack).split(".")
    other = _pack()
    for forged in (
        f"{other.pk}.{version}.{signature}",  # another pack under this signature
        f"{pk}.{version}x.{signature}",
        f"{pk}.{version}.{signature[:-1]}",
        f"{pk}.{version}",
    ):
        assert client.get(_shared(forged)).status_code == 404, forged


def test_a_link_given_before_still_works_until_the_owner_makes_a_new_one() -> None:
    pack = _pack(legacy_token_hash=hash_token(OLD))
    before = token_of(pack)
    anyone = Client()
    assert anyone.get(_shared(OLD)).status_code == 200
    assert anyone.get(_shared(before)).status_code == 200

    owner = Client()
    owner.force_login(pack.owner)
    owner.post(reverse("learning:collection_edit", args=[pack.pk]), {"action": "new_link"})
    page = owner.get(reverse("learning:collection", args=[pack.pk])).content.decode()
    pack.refresh_from_db()
    assert _shared(token_of(pack)) in page  # the owner's page shows the new link
    assert anyone.get(_shared(token_of(pack))).status_code == 200
    assert anyone.get(_shared(before)).status_code == 404
    assert anyone.get(_shared(OLD)).status_code == 404


@pytest.mark.one_database  # reads the admin's page
def test_the_admin_shows_no_secret_of_the_share_link() -> None:
    pack = _pack(legacy_token_hash=hash_token(OLD))
    client = Client()
    client.force_login(UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:learning_collection_change", args=[pack.pk])).content.decode()
    assert "Métallurgie 101" in html
    for secret in (pack.token_version, pack.legacy_token_hash, token_of(pack)):
        assert secret not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_the_hash_of_the_links_already_given() -> None:
    """learning 0006 on packs made before it (workforce 0014 runs the same operation,
    common.migration_ops.links_signed, on the CeiAl evaluation links)."""
    before, signed = (
        ("learning", "0005_download_once_a_day"),
        ("learning", "0006_share_links_signed"),
    )
    owner = make_teacher()
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_model = executor.loader.project_state([before]).apps.get_model("learning", "Collection")
    old_model.objects.create(owner_id=owner.pk, title="A", share_token="old-token-a")
    old_model.objects.create(owner_id=owner.pk, title="B", share_token="old-token-b")

    MigrationExecutor(connection).migrate([signed])

    a, b = Collection.objects.order_by("title")
    assert (a.legacy_token_hash, b.legacy_token_hash) == (
        hash_token("old-token-a"),
        hash_token("old-token-b"),
    )
    assert a.token_version != b.token_version
    assert "old-token-a" not in stored_texts(a)
    assert get_collection_by_token("old-token-a") == a
    assert get_collection_by_token(token_of(b)) == b
