from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.engines import text
from aluhub.learning import services
from aluhub.learning.models import Collection, ErrorReport, Rating, Resource, TeacherProfile
from tests.factories import UserFactory
from tests.learning.factories import PDF_BYTES, make_resource, make_teacher
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def test_index_filters_by_query_without_javascript() -> None:
    make_resource("a", title_fr="Le soudage de l'aluminium", title_en="Welding")
    make_resource("b", title_fr="Laminage", title_en="Rolling")
    response = _client().get(reverse("learning:index"), {"q": "soudage"})
    assert (response.status_code, [r.slug for r in response.context["page"]]) == (200, ["a"])


def test_each_facet_says_all_in_its_own_gender_in_french() -> None:
    """ "Discipline" and "Langue" are feminine ("Toutes"); "Type", "Niveau" and "Thème" are
    masculine ("Tous"); English says "All" everywhere."""
    make_resource("a")

    def all_labels(lang: str) -> dict[str, str]:
        with translation.override(lang):
            page = _client().get(reverse("learning:index"))
        return {f.name: f.all_label for f in page.context["facets"]}

    assert all_labels("fr") == {
        "type": "Tous",
        "level": "Tous",
        "discipline": "Toutes",
        "topic": "Tous",
        "language": "Toutes",
    }
    assert set(all_labels("en").values()) == {"All"}
    with translation.override("fr"):
        html = _client().get(reverse("learning:index")).content.decode()
    assert 'name="language" value="" id="facet-language-all" checked> Toutes</label>' in html


def test_index_htmx_returns_the_results_partial_with_facets_out_of_band() -> None:
    make_resource("a")
    response = _client().get(reverse("learning:index"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert (html.count('id="results"'), 'hx-swap-oob="true"' in html, "<html" in html) == (
        1,
        True,
        False,
    )


def test_facet_choices_keep_an_id_through_the_live_update() -> None:
    """The live update replaces the facets (out of band): a radio chosen with the keyboard
    was replaced by one without an id, so focus fell back to the page's start; HTMX gives focus
    back to the new element with the same id."""
    make_resource("a")
    response = _client().get(
        reverse("learning:index"), {"type": "document"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    facets = html[html.index('<div id="facets"') :]
    radios = re.findall(r'<input type="radio"[^>]*>', facets)
    ids = [re.search(r' id="([^"]+)"', radio) for radio in radios]
    assert radios and all(ids)
    assert len({m.group(1) for m in ids if m}) == len(radios)
    assert 'value="document" id="facet-type-document" checked>' in facets


def test_download_open_file_counts_and_sends_attachment() -> None:
    resource = make_resource("open", file=PDF_BYTES)
    response = _client().get(reverse("learning:download", args=["open"]))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert (response.status_code, body) == (200, PDF_BYTES)
    assert response["Content-Disposition"].startswith("attachment")
    resource.refresh_from_db()
    assert resource.download_count == 1


def test_reloading_a_download_counts_it_once_per_reader() -> None:
    resource = make_resource("open", file=PDF_BYTES)
    url = reverse("learning:download", args=["open"])
    anonymous, other_anonymous, teacher = _client(), _client(), _client()
    teacher.force_login(make_teacher())
    for client in (anonymous, anonymous, anonymous, other_anonymous, teacher, teacher):
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    resource.refresh_from_db()
    assert resource.download_count == 3  # two anonymous sessions and one teacher


def test_download_restricted_file_redirects_anonymous_to_login() -> None:
    make_resource("restricted", access="teachers", file=PDF_BYTES)
    response = _client().get(reverse("learning:download", args=["restricted"]))
    assert (
        response.status_code,
        "/connexion/" in response["Location"] or "login" in response["Location"],
    ) == (302, True)
    assert Resource.objects.get(slug="restricted").download_count == 0


def test_download_restricted_file_is_forbidden_to_unverified_teacher() -> None:
    make_resource("restricted", access="teachers", file=PDF_BYTES)
    response = _client(make_teacher(verified=False)).get(
        reverse("learning:download", args=["restricted"])
    )
    assert response.status_code == 403


def test_download_restricted_file_for_verified_teacher() -> None:
    make_resource("restricted", access="teachers", file=PDF_BYTES)
    response = _client(make_teacher()).get(reverse("learning:download", args=["restricted"]))
    assert response.status_code == 200


def test_teacher_apply_page_creates_a_pending_profile() -> None:
    user = UserFactory(role="teacher")
    response = _client(user).post(
        reverse("learning:teacher_apply"), {"institution": "Cégep de Trois-Rivières"}
    )
    assert response.status_code == 302
    assert TeacherProfile.objects.get(user=user).status == "pending"


def test_staff_verifies_a_teacher_from_the_staff_page() -> None:
    teacher = make_teacher(verified=False)
    profile = TeacherProfile.objects.get(user=teacher)
    staff = UserFactory(role="staff")
    _client(staff).post(
        reverse("learning:staff_teacher_decide", args=[profile.pk]), {"decision": "verify"}
    )
    profile.refresh_from_db()
    assert (profile.status, profile.verified_by) == ("verified", staff)


def _pack_of_two() -> tuple[Client, Collection]:
    """A verified teacher's client and its course pack holding resources "one" then "two"."""
    teacher = make_teacher()
    client = _client(teacher)
    client.post(reverse("learning:collections"), {"title": "Métallurgie 101"})
    pack = Collection.objects.get(owner=teacher)
    for slug in ("one", "two"):
        make_resource(slug)
        client.post(reverse("learning:add_to_collection", args=[slug]), {"collection": pack.pk})
    return client, pack


def test_teacher_builds_orders_and_shares_a_course_pack() -> None:
    client, pack = _pack_of_two()
    second = pack.items.get(resource__slug="two")
    client.post(
        reverse("learning:collection_edit", args=[pack.pk]), {"action": "up", "item": second.pk}
    )
    shared = _client().get(reverse("learning:collection_shared", args=[token_of(pack)]))
    titles = [i.resource.slug for i in shared.context["items"]]
    assert (shared.status_code, titles) == (200, ["two", "one"])


def test_a_course_packs_share_link_starts_with_site_url_whatever_host_the_request_names(
    settings: pytest.FixtureRequest,
) -> None:
    # Sent to students and colleagues: it came from the request's Host.
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    teacher = make_teacher()
    pack = services.collection_create(owner=teacher, title="Métallurgie 101")
    html = (
        _client(teacher)
        .get(reverse("learning:collection", args=[pack.pk]), HTTP_HOST="evil.example")
        .content.decode()
    )
    shared = reverse("learning:collection_shared", args=[token_of(pack)])
    assert f'value="https://aluhub.example.ca{shared}"' in html
    assert "evil.example" not in html


@pytest.mark.parametrize("item", ["abc", "1.5", "", "-3", "\u0663x"])
def test_a_tampered_course_pack_item_changes_nothing(item: str) -> None:
    """A move or removal naming no item of the pack (not a number, blank, another's) is
    answered by the pack's page again, never an error page, and nothing moves."""
    client, pack = _pack_of_two()
    edit = reverse("learning:collection_edit", args=[pack.pk])
    for action in ("up", "down", "remove"):
        response = client.post(edit, {"action": action, "item": item})
        assert response.status_code == 302, action
    order = list(pack.items.order_by("position").values_list("resource__slug", flat=True))
    assert order == ["one", "two"]


def test_error_report_and_resolution() -> None:
    make_resource("r")
    _client(UserFactory(role="student")).post(
        reverse("learning:report", args=["r"]), {"message": "Coquille page 2"}
    )
    report = ErrorReport.objects.get()
    staff = UserFactory(role="staff")
    page = _client(staff).get(reverse("learning:staff_reports"))
    assert "Coquille page 2" in page.content.decode()
    _client(staff).post(reverse("learning:staff_report_resolve", args=[report.pk]), {"note": "ok"})
    report.refresh_from_db()
    assert report.status == "resolved"


def test_staff_upload_validates_the_file_type() -> None:
    staff = UserFactory(role="staff")
    data = {
        "slug": "new-deck",
        "title_fr": "Extrusion",
        "summary_fr": "Résumé",
        "type": "slides",
        "level": "college",
        "language": "fr",
        "access": "open",
        "license": "CC BY 4.0",
    }
    bad = SimpleUploadedFile("deck.pdf", b"not really a pdf", content_type="application/pdf")
    response = _client(staff).post(reverse("learning:upload"), {**data, "file": bad})
    assert (response.status_code, Resource.objects.filter(slug="new-deck").exists()) == (
        200,
        False,
    )
    assert response.context["form"].errors["file"]
    good = SimpleUploadedFile("deck.pdf", PDF_BYTES, content_type="application/pdf")
    response = _client(staff).post(reverse("learning:upload"), {**data, "file": good})
    resource = Resource.objects.get(slug="new-deck")
    assert (response.status_code, resource.status, resource.versions.count()) == (302, "draft", 1)


def test_staff_replaces_a_file_as_new_version() -> None:
    make_resource("r", file=PDF_BYTES)
    upload = SimpleUploadedFile("r2.pdf", PDF_BYTES + b"%2")
    _client(UserFactory(role="staff")).post(
        reverse("learning:new_version", args=["r"]), {"file": upload, "note": "Typo fixed"}
    )
    assert list(Resource.objects.get(slug="r").versions.values_list("number", "note")) == [
        (2, "Typo fixed"),
        (1, "v1"),
    ]


def test_feed_lists_published_resources_only() -> None:
    make_resource("pub", title_fr="Publié")
    make_resource("draft", title_fr="Brouillon", status="draft")
    # The French feed: an earlier /en/ request on the same worker leaves English active.
    with translation.override("fr"):
        body = _client().get(reverse("learning:feed")).content.decode()
    assert ("Publié" in body, "Brouillon" in body) == (True, False)


def test_index_shows_new_since_last_visit() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from aluhub.learning.models import LastVisit

    user = UserFactory()
    LastVisit.objects.create(user=user, seen_at=timezone.now() - timedelta(days=7))
    make_resource("fresh", title_fr="Nouveauté")
    response = _client(user).get(reverse("learning:index"))
    assert [r.slug for r in response.context["new_resources"]] == ["fresh"]


def test_a_refused_report_or_rating_is_shown_again_with_its_error_and_what_was_typed() -> None:
    # Both forms once redirected to the resource with a message, losing the typed text.
    make_resource("r")
    student = _client(UserFactory(role="student"))
    for lang, required in (("fr", "Ce champ est obligatoire."), ("en", "This field is required.")):
        with translation.override(lang):
            url = reverse("learning:report", args=["r"])
        response = student.post(url, {"message": ""})
        assert response.status_code == 400
        assert required in response.content.decode()
    typed = "Coquille page 2 <b>"
    response = student.post(
        reverse("learning:report", args=["r"]), {"message": typed + "\x00" + "x" * 4000}
    )
    assert response.status_code == 400
    assert 'id="id_message_error"' in response.content.decode()
    assert "Coquille page 2 &lt;b&gt;" in response.content.decode()
    teacher = _client(make_teacher())
    response = teacher.post(
        reverse("learning:rate", args=["r"]), {"stars": "9", "comment": "Très clair"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert ('id="id_stars_error"' in page, "Très clair" in page) == (True, True)
    assert (ErrorReport.objects.count(), Rating.objects.count()) == (0, 0)


def test_a_blank_duration_or_author_reads_unknown_in_both_languages() -> None:
    """A blank is not a fact: the page says "unknown" (in the word's French gender and
    number), never a bare dash."""
    make_resource("r", duration_minutes=None, authors="")
    with translation.override("fr"):
        fr = _client().get(reverse("learning:resource", args=["r"])).content.decode()
    with translation.override("en"):
        en = _client().get(reverse("learning:resource", args=["r"])).content.decode()
    for label, shown in (("Durée", "inconnue"), ("Auteurs", "inconnus")):
        assert f"<dt>{label}</dt><dd>{shown}</dd>" in fr
    for label in ("Duration", "Authors"):
        assert f"<dt>{label}</dt><dd>unknown</dd>" in en


def test_a_refused_status_change_names_both_statuses() -> None:
    """A second click on "Publish" (the resource is published already) says why nothing
    changed, with the statuses' names, not the message's placeholders."""
    resource = make_resource("deck", status="draft")
    staff = UserFactory(role="staff")
    status_url = reverse("learning:status", args=[resource.slug])
    _client(staff).post(status_url, {"status": "published"})

    response = _client(staff).post(status_url, {"status": "published"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Une ressource ne peut pas passer de l’état «\u00a0Publiée\u00a0» à l’état "
        "«\u00a0Publiée\u00a0»."
    ]


def test_comments_and_resolved_reports_are_dated_in_words_in_french() -> None:
    """Dates in running text read "5 décembre 2026", not "2026-12-05"."""
    resource = make_resource("deck")
    teacher, staff = make_teacher(first_name="Marie"), UserFactory(role="staff", first_name="Luc")
    services.rating_set(resource=resource, user=teacher, stars=4, comment="Très clair.")
    report = services.error_report_create(resource=resource, reporter=teacher, message="Coquille")
    services.error_report_resolve(report=report, staff=staff, note="Corrigée.")
    today = timezone.localdate()
    in_words = text.format_date(today, "fr")

    with translation.override("fr"):
        page = _client().get(reverse("learning:resource", args=["deck"])).content.decode()
        reports = _client(staff).get(reverse("learning:staff_reports"), {"status": "resolved"})
    html = reports.content.decode()

    assert "(Marie, " + in_words + ")" in page
    assert f"Résolu par Luc le {in_words}." in html
    assert today.isoformat() not in page + html


def test_the_versions_table_stacks_on_a_phone() -> None:
    """One card per version on a phone (390 px), each cell with its label; the table
    hid the change notes sideways."""
    make_resource("deck", file=PDF_BYTES)
    html = _client().get(reverse("learning:resource", args=["deck"])).content.decode()
    [table] = re.findall(r"<table[^>]*>.*?</table>", html, flags=re.S)
    cells = re.findall(r"<td[^>]*>", table)
    assert ("table-stack" in table.split(">", 1)[0], len(cells)) == (True, 3)
    assert [c for c in cells if "data-label" not in c] == []


def test_nothing_new_since_the_first_of_the_month_says_1er() -> None:
    """ "Rien de nouveau depuis le 1er novembre 2026.", not "le 1 novembre"."""
    from aluhub.learning.models import LastVisit

    user = UserFactory()
    here = timezone.get_current_timezone()
    first = timezone.datetime(2026, 11, 1, 10, 0, tzinfo=here)
    LastVisit.objects.create(user=user, seen_at=first)  # a visit long ago: this one is new

    html = _client(user).get(reverse("learning:index")).content.decode()

    assert "Rien de nouveau depuis le 1er novembre 2026." in html


def test_a_resource_written_in_one_language_says_so_on_the_other_languages_pages(
    client: Client,
) -> None:
    make_resource(
        "en-only",
        title_fr="",
        title_en="Anodizing basics",
        summary_fr="",
        summary_en="How anodizing works.",
    )
    with translation.override("fr"):
        fr = client.get(reverse("learning:resource", args=["en-only"])).content.decode()
        listing = client.get(reverse("learning:index")).content.decode()
    assert '<h1 lang="en">Anodizing basics</h1>' in fr
    assert '<p class="lead" lang="en">How anodizing works.</p>' in fr
    assert re.search(r'<a href="[^"]*en-only/" lang="en">Anodizing basics</a>', listing)
    with translation.override("en"):
        en = client.get(reverse("learning:resource", args=["en-only"])).content.decode()
    assert "<h1>Anodizing basics</h1>" in en


def test_upload_pages_write_the_size_limits_in_the_page_language() -> None:
    """The limits are written as the site writes quantities: « 50 Mo » held by a no-break
    space in French (not "50 MB" typed into a French sentence), "50 MB" in English; the new
    version page states them too."""
    staff = _client(UserFactory(role="staff"))
    make_resource("r", file=PDF_BYTES)
    with translation.override("fr"):
        upload_fr = staff.get(reverse("learning:upload")).content.decode()
        version_fr = staff.get(reverse("learning:new_version", args=["r"])).content.decode()
    with translation.override("en"):
        upload_en = staff.get(reverse("learning:upload")).content.decode()
    assert "PDF (50\xa0Mo au plus), PPTX (200\xa0Mo), ZIP (200\xa0Mo) ou MP4 (1\xa0024\xa0Mo)" in (
        upload_fr
    )
    assert "50 MB" not in upload_fr
    assert "PDF (50\xa0Mo au plus)" in version_fr
    assert "PDF (50\xa0MB at most), PPTX (200\xa0MB), ZIP (200\xa0MB) or MP4 (1,024\xa0MB)" in (
        upload_en
    )


@pytest.mark.one_database
def test_download_counts_are_written_in_the_page_language() -> None:
    """1234 downloads read « 1234 téléchargements » on the French pages: the count is
    grouped as the site writes numbers (« 1 234 », "1,234")."""
    make_resource("r", file=PDF_BYTES)
    Resource.objects.filter(slug="r").update(download_count=1234)
    with translation.override("fr"):
        index_fr = _client().get(reverse("learning:index")).content.decode()
        page_fr = _client().get(reverse("learning:resource", args=["r"])).content.decode()
    with translation.override("en"):
        index_en = _client().get(reverse("learning:index")).content.decode()
    assert "1\xa0234 téléchargements" in index_fr
    assert "<dd>1\xa0234</dd>" in page_fr
    assert "1,234 downloads" in index_en


@pytest.mark.one_database
def test_teacher_states_agree_with_the_profile_in_french() -> None:
    """Staff's table read « Vérifié » for one teacher and « Refusée » for another: both
    describe the profile (« Refusé »)."""
    make_teacher()
    rejected = make_teacher(verified=False)
    TeacherProfile.objects.filter(user=rejected).update(status="rejected")
    with translation.override("fr"):
        page = _client(UserFactory(role="staff")).get(reverse("learning:staff_teachers"))
    html = page.content.decode()
    assert (html.count(">Vérifié<"), html.count(">Refusé<"), "Refusée" in html) == (1, 1, False)


def test_the_rating_form_shows_the_teachers_own_rating() -> None:
    """The form always offered 5 stars and an empty comment: a teacher who had given 2 stars
    and came back to add a comment replaced them with 5 without seeing it."""
    resource = make_resource("r")
    teacher = make_teacher()
    services.rating_set(resource=resource, user=teacher, stars=2, comment="Trop court.")
    form = _client(teacher).get(reverse("learning:resource", args=["r"])).context["rating_form"]
    other = _client(make_teacher()).get(reverse("learning:resource", args=["r"]))
    assert (form["stars"].value(), form["comment"].value()) == (2, "Trop court.")
    assert other.context["rating_form"]["comment"].value() is None


def test_staff_refuses_a_teacher_with_a_reason_the_teacher_receives(mailoutbox: Any) -> None:
    teacher = make_teacher(verified=False, preferred_language="en")
    profile = TeacherProfile.objects.get(user=teacher)
    _client(UserFactory(role="staff")).post(
        reverse("learning:staff_teacher_decide", args=[profile.pk]),
        {"decision": "reject", "reason": "No teaching position found."},
    )
    [email] = mailoutbox
    assert (email.to, "No teaching position found." in email.body) == ([teacher.email], True)


def test_teacher_apply_page_warns_that_a_new_institutional_email_asks_again() -> None:
    teacher = make_teacher(preferred_language="fr")
    client = _client(teacher)
    with translation.override("fr"):
        url = reverse("learning:teacher_apply")
    page = client.get(url).content.decode()
    assert "renvoie votre profil à l’équipe" in page
    response = client.post(
        url,
        {"institution": "Cégep de Chicoutimi", "institution_email": "nouvelle@cegep.example"},
        follow=True,
    )
    assert TeacherProfile.objects.get(user=teacher).status == "pending"
    assert "de nouveau « en attente »" in response.content.decode().replace("\u00a0", " ")


@pytest.mark.one_database
def test_public_learning_pages_never_show_a_nameless_teachers_email() -> None:
    """A teacher without a name is « Enseignant » on the comments and « un enseignant » on the
    shared pack, not their e-mail address (get_full_name and get_short_name fall back to it)."""
    teacher = make_teacher(first_name="", last_name="", email="prof.secret@cegep.example")
    resource = make_resource("deck")
    services.rating_set(resource=resource, user=teacher, stars=4, comment="Très clair.")
    pack = services.collection_create(owner=teacher, title="Métallurgie 101")
    with translation.override("fr"):
        comments = _client().get(reverse("learning:resource", args=["deck"])).content.decode()
        shared = _client().get(reverse("learning:collection_shared", args=[token_of(pack)]))
    html = comments + shared.content.decode()
    assert "prof.secret" not in html
    assert "(Enseignant, " in comments
    assert "Trousse de cours d’un enseignant" in shared.content.decode()
