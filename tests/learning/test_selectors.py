from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.learning import selectors
from aluhub.learning.models import Rating
from tests.factories import UserFactory
from tests.learning.factories import make_resource, make_teacher
from tests.queries import queries_of_get

pytestmark = pytest.mark.django_db


def _slugs(user: object, **params: str) -> list[str]:
    filters = selectors.Filters.from_params(params)
    return sorted(r.slug for r in selectors.resource_search(user, filters))  # type: ignore[arg-type]


def test_filters_ignore_unknown_values() -> None:
    assert selectors.Filters.from_params({"level": "kindergarten", "sort": "x"}) == (
        selectors.Filters()
    )


def test_filters_drop_surrounding_spaces_like_the_other_lists() -> None:
    # common.query_params' reading, as the job board, programs and listings: a padded order
    # from a shared link still sorts, and the words are clipped at the search's limit.
    params = {"q": "  alliage  ", "sort": " title ", "level": " college "}
    assert selectors.Filters.from_params(params) == selectors.Filters(
        q="alliage", sort="title", level="college"
    )
    assert selectors.Filters.from_params({"q": "x" * 300}).q == "x" * 200


def test_language_filter_includes_bilingual_resources() -> None:
    make_resource("fr-only", language="fr")
    make_resource("en-only", language="en")
    make_resource("both", language="fr-en")
    assert _slugs(AnonymousUser(), language="en") == ["both", "en-only"]


def test_drafts_are_visible_to_staff_only() -> None:
    make_resource("draft", status="draft")
    staff = UserFactory(role="staff")
    assert (_slugs(AnonymousUser()), _slugs(staff)) == ([], ["draft"])
    with pytest.raises(Http404):
        selectors.get_resource_for_user(make_teacher(), "draft")


@pytest.mark.parametrize(
    ("who", "open_file", "restricted_file"),
    [
        ("anonymous", True, False),
        ("student", True, False),
        ("unverified_teacher", True, False),
        ("verified_teacher", True, True),
        ("staff", True, True),
    ],
)
def test_resource_can_download(who: str, open_file: bool, restricted_file: bool) -> None:
    users = {
        "anonymous": lambda: AnonymousUser(),
        "student": lambda: UserFactory(role="student"),
        "unverified_teacher": lambda: make_teacher(verified=False),
        "verified_teacher": lambda: make_teacher(),
        "staff": lambda: UserFactory(role="staff"),
    }
    user = users[who]()
    opened = make_resource("open", access="open")
    restricted = make_resource("restricted", access="teachers")
    assert (
        selectors.resource_can_download(user, opened),
        selectors.resource_can_download(user, restricted),
    ) == (open_file, restricted_file)


def test_get_resource_for_user_for_download_raises_permission_denied() -> None:
    make_resource("restricted", access="teachers")
    with pytest.raises(PermissionDenied):
        selectors.get_resource_for_user(AnonymousUser(), "restricted", for_download=True)


def test_collection_of_another_teacher_is_not_found() -> None:
    from aluhub.learning import services

    pack = services.collection_create(owner=make_teacher(), title="Mine")
    with pytest.raises(Http404):
        selectors.get_collection_for_user(make_teacher(), pack.pk)


# --- Reads of the resource page -----------------------------------------------------------


def test_resource_comments_version_and_file(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    resource = make_resource("avec-fichier", file=b"%PDF-1.4\n%%EOF\n")
    empty = make_resource("sans-fichier")
    Rating.objects.create(resource=resource, user=make_teacher(), stars=4, comment="Clair.")
    Rating.objects.create(resource=resource, user=make_teacher(), stars=2, comment="")
    assert [r.comment for r in selectors.resource_comments(resource)] == ["Clair."]
    assert (selectors.resource_has_file(resource), selectors.resource_has_file(empty)) == (
        True,
        False,
    )
    first = selectors.resource_version(resource)
    assert first is not None and first.number == 1
    assert selectors.resource_version(resource, 1) == first
    assert selectors.resource_version(resource, 7) is None
    assert selectors.resource_version(empty) is None


def test_resource_page_queries_do_not_grow_with_comments(
    django_assert_max_num_queries,
) -> None:
    resource = make_resource("commentee")
    Rating.objects.create(resource=resource, user=make_teacher(), stars=5, comment="Commentaire 0")
    client = Client()
    with translation.override("en"):
        url = reverse("learning:resource", args=["commentee"])
    with_one = queries_of_get(client, url)
    for n in range(1, 5):
        Rating.objects.create(
            resource=resource, user=make_teacher(), stars=3, comment=f"Commentaire {n}"
        )
    with django_assert_max_num_queries(with_one):
        body = client.get(url).content.decode()
    assert [f"Commentaire {n}" in body for n in range(5)] == [True] * 5


def test_resources_api_list_queries_do_not_grow_with_resources(
    django_assert_max_num_queries,
) -> None:
    # The API schema reads each resource's disciplines and topics with .all(): the
    # selector's prefetch must serve them, whatever the number of resources.
    def resource(n: int) -> None:
        make_resource(f"api-{n}", topics=["extrusion", "casting"], disciplines=["civil"])

    resource(0)
    client = Client()
    url = "/api/v1/learning/resources"
    with_one = queries_of_get(client, url)
    for n in range(1, 5):
        resource(n)
    with django_assert_max_num_queries(with_one):
        items = client.get(url).json()["items"]
    assert len(items) == 5
    assert {tuple(sorted(i["topics"])) for i in items} == {("casting", "extrusion")}


def test_language_facet_counts_what_choosing_each_language_gives() -> None:
    """Choosing "French" also lists the bilingual resources: its count says so (it said 1
    here while the list showed 2)."""
    make_resource("fr-only", language="fr")
    make_resource("en-only", language="en")
    make_resource("both", language="fr-en")
    facets = selectors.resource_facets(AnonymousUser(), selectors.Filters())
    counts = {v.value: v.count for v in next(f for f in facets if f.name == "language").values}
    assert counts == {"fr": 2, "en": 2, "fr-en": 1}
    for language, count in counts.items():
        assert len(_slugs(AnonymousUser(), language=language)) == count


def test_title_order_reads_accents_and_capitals_as_a_reader_does() -> None:
    """« Étude » comes between « Dossier » and « Vidéo » in French (the database put it last);
    in English the English titles are ordered, a missing one by the French title shown."""
    make_resource("video", title_fr="Vidéo de cours", title_en="Lecture video")
    make_resource("etude", title_fr="Étude de cas", title_en="Case study")
    make_resource("dossier", title_fr="dossier technique", title_en="")
    filters = selectors.Filters(sort="title")
    with translation.override("fr"):
        fr = [r.slug for r in selectors.resource_search(AnonymousUser(), filters)]
    with translation.override("en"):
        en = [r.slug for r in selectors.resource_search(AnonymousUser(), filters)]
    assert fr == ["dossier", "etude", "video"]
    assert en == ["etude", "dossier", "video"]
