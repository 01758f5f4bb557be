"""Pages of the innovation pillar: the questionnaire, the result, requests, the dashboard."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.innovation.forms import question_field, target_field
from aluhub.innovation.models import Assessment, Status, TechnicalRequest
from aluhub.innovation.questionnaire import load_questionnaire
from tests.factories import OrganizationFactory, UserFactory
from tests.innovation.factories import (
    PDF_BYTES,
    ExpertFactory,
    RequestFactory,
    make_assessment,
    member_of,
)
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _full_post(level: int = 3, target: int | None = 4) -> dict[str, str]:
    q = load_questionnaire()
    data = {question_field(x.code): str(level) for x in q.questions}
    for code in q.dimension_codes:
        data[target_field(code)] = "" if target is None else str(target)
    return data


def test_index_shows_the_three_offers() -> None:
    response = Client().get(reverse("innovation:index"))
    assert response.status_code == 200
    assert reverse("community:index") in response.content.decode()


def test_questionnaire_page_lists_all_21_questions_with_6_levels() -> None:
    user = member_of(OrganizationFactory())
    response = _client(user).get(reverse("innovation:assessment_new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'type="radio"', html)) == 21 * 6
    assert html.count("<fieldset") == 21


def test_questionnaire_page_in_english_shows_english_levels() -> None:
    user = member_of(OrganizationFactory())
    q = load_questionnaire().questions[0]
    response = _client(user).get("/en/innovation/self-assessment/")
    assert q.levels[0].en in response.content.decode()


def test_questionnaire_missing_answer_keeps_the_others() -> None:
    user = member_of(OrganizationFactory())
    data = _full_post(level=4)
    missing = load_questionnaire().questions[5].code
    del data[question_field(missing)]
    response = _client(user).post(reverse("innovation:assessment_new"), data)
    assert response.status_code == 400
    assert Assessment.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == [question_field(missing)]
    other = load_questionnaire().questions[0].code
    html = response.content.decode()
    assert re.search(rf'name="{question_field(other)}" value="4"[^>]*checked', html)
    assert not re.search(rf'name="{question_field(missing)}" value="\d"[^>]*checked', html)


def test_questionnaire_submit_saves_and_shows_the_radar() -> None:
    org = OrganizationFactory(employees=45, region="02")
    user = member_of(org)
    client = _client(user)
    response = client.post(reverse("innovation:assessment_new"), _full_post(level=3, target=4))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("innovation:assessment_detail", args=[assessment.pk])
    assert assessment.organization == org
    assert assessment.size_class == "small"
    assert set(assessment.levels.values()) == {3}
    page = client.get(response["Location"]).content.decode()
    assert 'role="img"' in page
    assert "Profil de maturité numérique" in page
    # Fewer than 5 peers: hidden.
    assert "Comparaison avec les pairs masquée" in page


def test_questionnaire_sent_twice_stores_one_assessment_and_shows_it() -> None:
    """A double click or a resubmitted page: the second POST carries the same one-time
    token and lands on the first result; a fresh page gets a new token."""
    user = member_of(OrganizationFactory())
    client = _client(user)
    page = client.get(reverse("innovation:assessment_new")).content.decode()
    [token] = re.findall(r'name="form_token" value="([^"]+)"', page)
    data = {**_full_post(level=3), "form_token": token}
    first = client.post(reverse("innovation:assessment_new"), data)
    second = client.post(reverse("innovation:assessment_new"), data)
    assessment = Assessment.objects.get()
    assert first["Location"] == second["Location"]
    assert second["Location"] == reverse("innovation:assessment_detail", args=[assessment.pk])
    again = client.get(reverse("innovation:assessment_new")).content.decode()
    assert re.findall(r'name="form_token" value="([^"]+)"', again) != [token]


def test_questionnaire_with_errors_keeps_its_one_time_token() -> None:
    user = member_of(OrganizationFactory())
    data = {**_full_post(level=4), "form_token": "t" * 43}
    del data[question_field(load_questionnaire().questions[0].code)]
    html = _client(user).post(reverse("innovation:assessment_new"), data).content.decode()
    assert 'name="form_token" value="' + "t" * 43 + '"' in html


def test_result_shows_peer_median_with_five_peers_of_the_same_size() -> None:
    for level in [1, 2, 3, 4, 5]:
        make_assessment(OrganizationFactory(employees=45), level=level)
    make_assessment(OrganizationFactory(employees=300), level=0)  # other size class
    org = OrganizationFactory(employees=50)
    own = make_assessment(org, level=2, targets={})
    client = _client(own.user)
    response = client.get(reverse("innovation:assessment_detail", args=[own.pk]))
    data = response.context["data"]
    assert data["peers"]["shown"] is True
    assert data["dimensions"][0]["peers"]["median"] == 3
    assert "Médiane des pairs" in response.content.decode()


def test_result_peers_use_only_the_latest_assessment_per_organization() -> None:
    orgs = [OrganizationFactory(employees=45) for _ in range(4)]
    for org in orgs:
        make_assessment(org, level=1)
    make_assessment(orgs[0], level=5)  # same org again: still 4 peers
    own = make_assessment(OrganizationFactory(employees=45), level=2)
    response = _client(own.user).get(reverse("innovation:assessment_detail", args=[own.pk]))
    assert response.context["data"]["peers"]["shown"] is False


def test_result_programs_exist_in_the_catalogue() -> None:
    from aluhub.funding.catalogue import load_reference_programs

    own = make_assessment(OrganizationFactory(employees=45, region="02"), level=1)
    response = _client(own.user).get(reverse("innovation:assessment_detail", args=[own.pk]))
    slugs = {p.slug for p in response.context["programs"]}
    assert slugs
    assert slugs <= {p.slug for p in load_reference_programs()}


def test_result_invisible_to_another_organization() -> None:
    own = make_assessment(OrganizationFactory())
    other = member_of(OrganizationFactory())
    response = _client(other).get(reverse("innovation:assessment_detail", args=[own.pk]))
    assert response.status_code == 404


def test_history_draws_progress_after_two_assessments() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    make_assessment(org, user, level=1)
    make_assessment(org, user, level=3)
    response = _client(user).get(reverse("innovation:assessment_history"))
    assert response.status_code == 200
    assert "Évolution de la maturité numérique" in response.content.decode()


def test_pdf_report_is_a_pdf() -> None:
    own = make_assessment(OrganizationFactory(), targets={"cybersecurity": 4})
    response = _client(own.user).get(reverse("innovation:assessment_pdf", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_request_new_with_a_pdf_attachment() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    upload = SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf")
    response = _client(user).post(
        reverse("innovation:request_new"),
        {
            "organization": org.pk,
            "title": "Porosité",
            "category": "joining_welding",
            "description": "Des pores.",
            "keywords": "MIG, 6061",
            "confidential": "on",
            "attachments": [upload],
        },
    )
    tech = TechnicalRequest.objects.get()
    assert response.status_code == 302
    assert (tech.confidential, tech.keywords, tech.status) == (True, ["mig", "6061"], "new")
    attachment = tech.attachments.get()
    download = _client(user).get(
        reverse("innovation:request_attachment", args=[tech.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_request_records_the_language_it_is_written_in_not_the_requesters() -> None:
    """A French-speaking member writes in English (for an English-speaking expert): the request
    is English, its page marks the title and text as English, and the form's default is the
    page's language."""
    org = OrganizationFactory()
    user = member_of(org, preferred_language="fr")
    client = _client(user)
    with translation.override("fr"):
        url = reverse("innovation:request_new")
    form = client.get(url).context["form"]
    assert form["language"].value() == "fr"
    response = client.post(
        url,
        {
            "organization": org.pk,
            "title": "Porosity in 6061 welds",
            "category": "joining_welding",
            "description": "Pores after MIG.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    tech = TechnicalRequest.objects.get()
    assert tech.language == "en"
    page = client.get(response["Location"]).content.decode()
    assert '<h1 lang="en">Porosity in 6061 welds</h1>' in page
    assert '<div class="request-description" lang="en">' in page
    assert "English" in page  # the "Language of the request" fact
    with translation.override("en"):
        english = client.get(reverse("innovation:request_detail", args=[tech.pk]))
    assert "<h1>Porosity in 6061 welds</h1>" in english.content.decode()
    # A post without the field (a script) takes the page's language.
    with translation.override("en"):
        client.post(
            reverse("innovation:request_new"),
            {"organization": org.pk, "title": "Second", "category": "other", "description": "D"},
        )
    assert TechnicalRequest.objects.get(title="Second").language == "en"


def test_request_new_refuses_an_unknown_language() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    response = _client(user).post(
        reverse("innovation:request_new"),
        {
            "organization": org.pk,
            "title": "T",
            "category": "other",
            "description": "D",
            "language": "de",
        },
    )
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "T"
    assert TechnicalRequest.objects.count() == 0


def test_request_image_attachment_is_stored_without_gps_or_author() -> None:
    from PIL import Image

    from tests.images import jpeg_with_gps_and_artist

    org = OrganizationFactory()
    user = member_of(org)
    original = jpeg_with_gps_and_artist(orientation=6, size=(40, 20))
    assert b"Jeanne Vendeuse" in original
    upload = SimpleUploadedFile("IMG_0002.jpg", original, content_type="image/jpeg")
    response = _client(user).post(
        reverse("innovation:request_new"),
        {
            "organization": org.pk,
            "title": "Fissure",
            "category": "other",
            "description": "Photo de la pièce.",
            "attachments": [upload],
        },
    )
    assert response.status_code == 302
    tech = TechnicalRequest.objects.get()
    attachment = tech.attachments.get()
    download = _client(user).get(
        reverse("innovation:request_attachment", args=[tech.pk, attachment.pk])
    )
    data = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert b"Jeanne Vendeuse" not in data and b"Phone 12" not in data
    image = Image.open(io.BytesIO(data))
    assert (image.format, dict(image.getexif()), image.size) == ("JPEG", {}, (20, 40))
    assert attachment.size == len(data)


def test_request_new_rejects_a_renamed_executable() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = _client(user).post(
        reverse("innovation:request_new"),
        {
            "organization": org.pk,
            "title": "T",
            "category": "other",
            "description": "D",
            "attachments": [upload],
        },
    )
    assert response.status_code == 400
    assert TechnicalRequest.objects.count() == 0
    assert "attachments" in response.context["form"].errors


def test_attachment_invisible_to_another_member() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    _client(user).post(
        reverse("innovation:request_new"),
        {
            "organization": org.pk,
            "title": "T",
            "category": "other",
            "description": "D",
            "attachments": [upload],
        },
    )
    tech = TechnicalRequest.objects.get()
    other = member_of(OrganizationFactory())
    response = _client(other).get(
        reverse("innovation:request_attachment", args=[tech.pk, tech.attachments.get().pk])
    )
    assert response.status_code == 404


def test_request_full_lifecycle_through_pages(
    django_capture_on_commit_callbacks: Any,
) -> None:
    org = OrganizationFactory()
    member = member_of(org)
    staff = UserFactory(role="staff")
    expert = ExpertFactory(user__preferred_language="en")
    tech = RequestFactory(organization=org, requester=member)
    staff_client, expert_client, member_client = (
        _client(staff),
        _client(expert.user),
        _client(member),
    )

    detail = staff_client.get(reverse("innovation:request_detail", args=[tech.pk]))
    assert [e.pk for e, _s in detail.context["suggestions"]] == [expert.pk]
    staff_client.post(
        reverse("innovation:request_triage", args=[tech.pk]), {"category": "joining_welding"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("innovation:request_assign", args=[tech.pk]), {"expert": expert.pk}
        )
    tech.refresh_from_db()
    assert (tech.status, tech.expert) == (Status.ASSIGNED, expert)
    assert [m.to for m in mail.outbox] == [[expert.user.email]]
    assert mail.outbox[0].subject == "A technical request was assigned to you"

    expert_client.post(
        reverse("innovation:request_message", args=[tech.pk]), {"body": "Vérifiez le gaz."}
    )
    expert_client.post(reverse("innovation:request_status", args=[tech.pk]), {"action": "answer"})
    tech.refresh_from_db()
    assert tech.status == Status.ANSWERED
    assert tech.first_response_at is not None

    member_client.post(
        reverse("innovation:request_rate", args=[tech.pk]), {"rating": "5", "comment": "Merci"}
    )
    member_client.post(reverse("innovation:request_status", args=[tech.pk]), {"action": "close"})
    tech.refresh_from_db()
    assert (tech.rating, tech.status) == (5, Status.CLOSED)


def test_request_list_shows_only_visible_requests() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    mine = RequestFactory(organization=org, title="Mine")
    RequestFactory(title="Someone else's", confidential=True)
    response = _client(member).get(reverse("innovation:request_list"))
    assert [r.pk for r in response.context["page"].object_list] == [mine.pk]


@pytest.mark.one_database
def test_request_list_writes_the_filing_day_iso_in_both_languages() -> None:
    """Filed 2027-02-03 on the French and the English list (decision 0009); the short form
    read 03/02/2027 in French and 02/03/2027 in English. Noon in Québec is 17:00 UTC."""
    org = OrganizationFactory()
    tech = RequestFactory(organization=org)
    TechnicalRequest.objects.filter(pk=tech.pk).update(
        created_at=dt.datetime(2027, 2, 3, 17, tzinfo=dt.UTC)
    )
    client = _client(member_of(org))

    pages = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages.append(client.get(reverse("innovation:request_list")).content.decode())

    assert [">2027-02-03</td>" in page for page in pages] == [True, True]


def test_dashboard_charts_and_csv_leave_confidential_out() -> None:
    staff = UserFactory(role="staff")
    RequestFactory(category="casting")
    RequestFactory(category="recycling", confidential=True)
    client = _client(staff)
    page = client.get(reverse("innovation:dashboard"))
    assert page.status_code == 200
    assert page.content.decode().count('role="img"') == 4
    # French: ";" between fields and a BOM, so Excel in French opens it in columns.
    csv_text = client.get(reverse("innovation:dashboard_csv")).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0] == (
        "month;category;status;size_class;region;first_response_business_days;rating"
    )
    assert [line.split(";")[1] for line in lines[1:]] == ["casting"]


def test_dashboard_status_table_shows_translated_labels() -> None:
    # Regression: the table printed the raw code ("new") on the French page.
    RequestFactory(status=Status.NEW)
    client = _client(UserFactory(role="staff"))
    with translation.override("fr"):
        html = client.get(reverse("innovation:dashboard")).content.decode()
    assert re.findall(r'<th scope="row">([^<]*)</th>', html) == ["Nouvelle"]


def test_request_list_htmx_returns_only_the_results() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    RequestFactory(organization=org, title="Retassures", status=Status.NEW)
    RequestFactory(organization=org, title="Anodisation", status=Status.CLOSED)
    response = _client(member).get(
        reverse("innovation:request_list"), {"status": "closed"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "Anodisation" in html
    assert "Retassures" not in html


def test_request_list_swapped_by_a_filter_says_how_many_requests_it_shows() -> None:
    """The status filter swaps the results in place (HTMX): a screen reader heard nothing. The
    count (or the empty state) is what aluhub.js reads out through the page's live region."""
    org = OrganizationFactory()
    client = _client(member_of(org))
    RequestFactory(organization=org, status=Status.CLOSED)
    htmx = {"HX-Request": "true"}
    with translation.override("fr"):
        closed = client.get(reverse("innovation:request_list"), {"status": "closed"}, headers=htmx)
        new = client.get(reverse("innovation:request_list"), {"status": "new"}, headers=htmx)
    assert "<caption data-announce>1 demande</caption>" in closed.content.decode()
    assert "<p data-announce>Aucune demande à afficher.</p>" in new.content.decode()


def test_pdf_report_with_targets_and_peers_draws_every_series() -> None:
    for level in [1, 2, 3, 4, 5]:
        make_assessment(OrganizationFactory(employees=45), level=level)
    targets: dict[str, int | None] = {c: 4 for c in load_questionnaire().dimension_codes}
    own = make_assessment(OrganizationFactory(employees=45), targets=targets)
    response = _client(own.user).get(reverse("innovation:assessment_pdf", args=[own.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_request_list_next_page_link_keeps_the_filter_in_one_query_string() -> None:
    """The shared pagination links are ``?status=new&page=2`` (the list wrote ``??...``)."""
    org = OrganizationFactory()
    member = member_of(org)
    RequestFactory.create_batch(21, organization=org, status=Status.NEW)
    client = _client(member)
    html = client.get(reverse("innovation:request_list"), {"status": "new"}).content.decode()
    hrefs = re.findall(r'href="([^"]*page=2[^"]*)"', html)
    assert hrefs == ["?status=new&amp;page=2"]
    second = client.get(reverse("innovation:request_list") + "?status=new&page=2")
    assert second.context["page"].number == 2
    assert "Page 1 sur 2" in html


def test_adding_files_without_choosing_one_says_so_in_french_and_english() -> None:
    # An empty "Add files" form once redirected as if files had been added.
    org = OrganizationFactory()
    member = member_of(org)
    tech = RequestFactory(organization=org, requester=member)
    client = _client(member)
    for lang, required in (("fr", "Ce champ est obligatoire."), ("en", "This field is required.")):
        with translation.override(lang):
            url = reverse("innovation:request_files", args=[tech.pk])
        response = client.post(url, {})
        assert response.status_code == 400
        assert required in response.content.decode()
    assert tech.attachments.count() == 0


def test_french_request_pages_say_expert_and_affecter() -> None:
    """Staff read "Expert" over the assigned expert (the role list's "Expert·e" answered) and
    the button "Affecter", the word the challenge's jury page uses."""
    tech = RequestFactory()
    ExpertFactory()
    staff = _client(UserFactory(role="staff"))
    with translation.override("fr"):
        listing = staff.get(reverse("innovation:request_list")).content.decode()
        detail = staff.get(reverse("innovation:request_detail", args=[tech.pk])).content.decode()
    assert '<th scope="col">Expert</th>' in listing
    assert "Expert·e" not in listing
    assert ">Affecter</button>" in detail


@pytest.mark.one_database
def test_request_list_experts_and_suggestions_stack_on_phones() -> None:
    org = OrganizationFactory()
    ExpertFactory()
    tech = RequestFactory(organization=org)
    staff = _client(UserFactory(role="staff"))
    pages = {
        "requests (member)": _client(member_of(org)).get(reverse("innovation:request_list")),
        "requests (staff)": staff.get(reverse("innovation:request_list")),
        "experts": staff.get(reverse("innovation:expert_list")),
        "request": staff.get(reverse("innovation:request_detail", args=[tech.pk])),
    }
    assert {
        name: stacks_on_phones(r.content.decode()) for name, r in pages.items()
    } == dict.fromkeys(pages, True)


def test_result_names_the_experts_fields_in_french() -> None:
    org = OrganizationFactory()
    ExpertFactory(tags=["digital_4_0", "iiot"])
    assessment = make_assessment(org, level=1)
    with translation.override("fr"):
        response = _client(member_of(org)).get(
            reverse("innovation:assessment_detail", args=[assessment.pk])
        )
    html = response.content.decode()
    # The tags read as their codes ("digital_4_0, iiot") on the French page.
    assert "— Numérique et 4.0, Internet industriel des objets (IIoT)</li>" in html


def test_adding_files_to_a_closed_request_is_refused() -> None:
    # The page hides the upload form of a closed request; a page loaded before it was closed
    # (or a script) still added the file.
    org = OrganizationFactory()
    member = member_of(org)
    tech = RequestFactory(organization=org, requester=member, status=Status.CLOSED)
    upload = SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf")
    with translation.override("fr"):
        url = reverse("innovation:request_files", args=[tech.pk])
    response = _client(member).post(url, {"attachments": upload}, follow=True)
    assert "Cette demande est fermée." in response.content.decode()
    assert tech.attachments.count() == 0


def test_request_form_sent_twice_files_one_request_and_tells_staff_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # A double click on "Soumettre" filed two requests and e-mailed every staff user twice.
    staff = UserFactory(role="staff")
    org = OrganizationFactory()
    client = _client(member_of(org))
    page = client.get(reverse("innovation:request_new")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token is not None
    data = {
        "form_token": token.group(1),
        "organization": org.pk,
        "title": "Porosité",
        "category": "joining_welding",
        "description": "Des pores.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("innovation:request_new"), data)
        second = client.post(reverse("innovation:request_new"), data)
    tech = TechnicalRequest.objects.get()
    detail = reverse("innovation:request_detail", args=[tech.pk])
    assert (first.status_code, first["Location"]) == (302, detail)
    assert (second.status_code, second["Location"]) == (302, detail)
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_request_closed_without_a_response_is_not_said_to_be_waiting() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    tech = RequestFactory(
        organization=org,
        requester=member,
        created_at=dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC),
        status=Status.CLOSED,
        closed_at=dt.datetime(2025, 6, 4, 16, tzinfo=dt.UTC),
    )
    client = _client(member)
    with translation.override("fr"):
        french = client.get(reverse("innovation:request_detail", args=[tech.pk]))
    with translation.override("en"):
        english = client.get(reverse("innovation:request_detail", args=[tech.pk]))
    assert "aucune\u00a0: fermée après 2 jours ouvrables" in french.content.decode()
    assert "en attente" not in french.content.decode()
    assert "none: closed after 2 business days" in english.content.decode()


def test_pdf_report_file_is_named_after_the_local_day_of_the_assessment() -> None:
    # Taken at 21:30 in Québec on 5 December, 02:30 UTC on the 6th: the file said 20261206.
    org = OrganizationFactory(slug="fonderie-nord")
    assessment = make_assessment(org)
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=dt.datetime(2026, 12, 6, 2, 30, tzinfo=dt.UTC)
    )
    user = member_of(org)
    with translation.override("fr"):
        response = _client(user).get(reverse("innovation:assessment_pdf", args=[assessment.pk]))
    assert response.status_code == 200
    assert "20261205" in response["Content-Disposition"]


def test_closed_request_page_shows_no_empty_actions_section() -> None:
    # The expert and staff of a closed request read an "Actions" heading over no button.
    expert = ExpertFactory()
    tech = RequestFactory(expert=expert, status=Status.CLOSED)
    staff = UserFactory(role="staff")
    for user in (expert.user, staff):
        page = _client(user).get(reverse("innovation:request_detail", args=[tech.pk]))
        assert 'id="actions-heading"' not in page.content.decode()
    tech.status = Status.ANSWERED
    tech.save()
    page = _client(expert.user).get(reverse("innovation:request_detail", args=[tech.pk]))
    assert 'id="actions-heading"' in page.content.decode()


def test_staff_without_an_organization_choose_whose_history_to_see() -> None:
    # The page told staff to add "?organization=" to the address, its <slug> swallowed as a tag.
    assessed = OrganizationFactory(name="Fonderie Nord")
    make_assessment(assessed)
    OrganizationFactory(name="Atelier Sans Autodiagnostic")
    staff = _client(UserFactory(role="staff"))
    with translation.override("fr"):
        url = reverse("innovation:assessment_history")
    page = staff.get(url).content.decode()
    assert f'href="{url}?organization={assessed.slug}"' in page
    assert "Fonderie Nord" in page
    assert "Atelier Sans Autodiagnostic" not in page
    assert "?organization=<" not in page


def test_message_form_sent_twice_posts_one_message_and_tells_the_other_side_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # A double click on « Envoyer » posted the message twice and e-mailed the requester twice.
    org = OrganizationFactory()
    requester = member_of(org)
    expert = ExpertFactory()
    tech = RequestFactory(
        organization=org, requester=requester, expert=expert, status=Status.ASSIGNED
    )
    client = _client(expert.user)
    page = client.get(reverse("innovation:request_detail", args=[tech.pk])).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token is not None
    data = {"form_token": token.group(1), "body": "Quelle est la température de coulée ?"}
    url = reverse("innovation:request_message", args=[tech.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
    assert list(tech.messages.values_list("body", flat=True)) == [data["body"]]
    assert [m.to for m in mail.outbox] == [[requester.email]]


@pytest.mark.one_database
def test_pdf_report_writes_a_gap_of_zero_as_the_page_does() -> None:
    """A target reached is a gap of « 0 » on the page and in the PDF (the PDF said « +0 »)."""
    from pypdf import PdfReader

    codes = load_questionnaire().dimension_codes
    targets: dict[str, int | None] = {c: 2 for c in codes}
    targets[codes[0]] = 4
    own = make_assessment(OrganizationFactory(employees=45), level=2, targets=targets)
    client = _client(own.user)
    page = client.get(reverse("innovation:assessment_detail", args=[own.pk])).content.decode()
    assert '<span class="badge badge-ok">0</span>' in page and ">+2</span>" in page
    data = client.get(reverse("innovation:assessment_pdf", args=[own.pk])).content
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "+2" in text and "+0" not in text


@pytest.mark.one_database
def test_pdf_report_dates_the_assessment_in_the_reports_language() -> None:
    """« Fonderie, 5 décembre 2026 », not « 2026-12-05 » (the page's date, in words)."""
    from django.utils import timezone
    from pypdf import PdfReader

    from aluhub.engines.text import format_date

    own = make_assessment(OrganizationFactory(name="Fonderie Nord"))
    data = _client(own.user).get(reverse("innovation:assessment_pdf", args=[own.pk])).content
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    day = timezone.localdate(own.created_at)
    assert f"Fonderie Nord, {format_date(day, 'fr')}" in text
    assert day.isoformat() not in text


@pytest.mark.one_database
def test_staff_without_an_organization_are_sent_to_the_staff_dashboard() -> None:
    """Not told to ask their organization's account owner to add them: they have none."""
    page = _client(UserFactory(role="staff")).get(reverse("innovation:index")).content.decode()
    assert "demandez au responsable du compte" not in page
    dashboard = reverse("innovation:dashboard")
    assert f'membres à partir du <a href="{dashboard}">tableau de bord du personnel</a>' in page
