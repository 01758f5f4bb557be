"""Every generated download is named in the page's language (issue #11): the permission
matrices' GET cases are requested on /fr/ and /en/ by a role that may see them, and each
``Content-Disposition: attachment`` must carry the French or the English stem of its export.

A new export that names its file without :func:`aluhub.common.documents.export_filename`
fails here until it is added to ``STEMS``; files people uploaded keep their own names."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import translate_url
from django.utils import translation

from tests.french_text import french_problems
from tests.permissions import ROLES, Case, World, build_world
from tests.test_permission_matrix import CASES

# File names, PDF languages and French number formats are made in Python from the rows
# whatever engine returned them; the permission matrix requests the same downloads on both
# databases: this crawl runs in the SQLite stage only (docs/decisions/0006).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

#: matrix case -> (French stem, English stem) of the file it downloads.
STEMS: dict[str, tuple[str, str]] = {
    "challenge-certificate": ("attestation-", "certificate-"),
    "collab-group-private-ics": ("groupe-", "group-"),
    "collab-events-ics": ("aluhub-evenements.", "aluhub-events."),
    "collab-event-ics": ("evenement-", "event-"),
    "collab-event-ics-en": ("evenement-", "event-"),
    "collab-event-draft-ics": ("evenement-", "event-"),
    "collab-meeting-ics": ("reunion-", "meeting-"),
    "collab-meeting-ics-en": ("reunion-", "meeting-"),
    "collab-event-checkin": ("presences-", "checkin-"),
    "collab-event-checkin-csv": ("presences-", "checkin-"),
    "collab-calendar-feed-ics": ("aluhub-mon-calendrier.", "aluhub-my-calendar."),
    "directory-export-csv": ("aluhub-repertoire.", "aluhub-directory."),
    "directory-export-xlsx": ("aluhub-repertoire.", "aluhub-directory."),
    "funding-export-csv": ("programmes-financement-", "funding-programs-"),
    "funding-export-xlsx": ("programmes-financement-", "funding-programs-"),
    "funding-export-pdf": ("programmes-financement-", "funding-programs-"),
    "funding-support-guide-pdf": (
        "organismes-soutien-exportation-",
        "export-support-organizations-",
    ),
    "fin-alert-calendar": ("aluhub-echeances.", "aluhub-deadlines."),
    "fin-plan-export-pdf-own": ("montage-financier-", "financing-plan-"),
    "fin-plan-export-xlsx-own": ("montage-financier-", "financing-plan-"),
    "fin-dashboard-export": ("demandes-de-financement-", "funding-applications-"),
    "innovation-assessment-pdf": ("maturite-", "maturity-"),
    "innovation-dashboard-csv": ("aluhub-demandes-techniques-", "aluhub-technical-requests-"),
    "trace-site-report": ("bilan-massique-", "mass-balance-"),
    "trace-site-report-pdf": ("bilan-massique-", "mass-balance-"),
    "trace-site-report-granted-to-staff": ("bilan-massique-", "mass-balance-"),
    "trace-site-cbam": ("macf-", "cbam-"),
    "trace-site-cbam-xlsx": ("macf-", "cbam-"),
    "trace-site-cbam-pdf": ("macf-", "cbam-"),
    "trace-declaration-pdf": ("declaration-expedition-", "shipment-declaration-"),
    "workforce-certificate-pdf": ("attestation-ceial-", "ceial-certificate-"),
    "workforce-training-record-csv": ("ceial-registre-formation-", "ceial-training-record-"),
    "workforce-training-record-xlsx": ("ceial-registre-formation-", "ceial-training-record-"),
}

#: PDFs bilingual by design (French then English): checked for decimal points, not for
#: English words or months (the English half writes "December 31, 2026").
BILINGUAL = {"trace-declaration-pdf", "workforce-certificate-pdf"}

#: Downloads of a file someone uploaded: it keeps the name it was uploaded with.
UPLOADED = {
    "challenge-application-cv",
    "challenge-submission-file",
    "collab-document-group-download",
    "collab-document-members-download",
    "collab-document-public-download",
    "innovation-request-attachment",
    "learning-download-open",
    "learning-download-restricted",
    "learning-download-restricted-verified-teacher",
    "learning-download-draft",
}

#: The other formats of a matrix case's export: new case name -> (case, old, new) where
#: ``old`` in the case's URL becomes ``new``.
FORMATS = {
    "funding-export-xlsx": ("funding-export-csv", "/csv/", "/xlsx/"),
    "funding-export-pdf": ("funding-export-csv", "/csv/", "/pdf/"),
    "trace-site-report-pdf": ("trace-site-report", ".csv", ".pdf"),
    "trace-site-cbam-xlsx": ("trace-site-cbam", ".csv", ".xlsx"),
    "trace-site-cbam-pdf": ("trace-site-cbam", ".csv", ".pdf"),
    "collab-event-checkin-csv": ("collab-event-checkin", ".xlsx", ".csv"),
    "workforce-training-record-csv": ("workforce-training-record", "?", "?format=csv"),
    "workforce-training-record-xlsx": ("workforce-training-record", "?", "?format=xlsx"),
}


def _cases() -> list[Case]:
    by_name = {c.name: c for c in CASES}
    cases = list(CASES)
    for name, (source, old, new) in FORMATS.items():
        case = by_name[source]

        def url(w: World, case: Case = case, old: str = old, new: str = new) -> str:
            address = case.url(w)
            if old == "?":
                return address.split("?")[0] + new
            assert old in address, (case.name, address)
            return address.replace(old, new)

        cases.append(replace(case, name=name, url=url))
    return cases


_NAME = re.compile(r"filename\*?=(?:utf-8'')?\"?([^\";]+)\"?")


def _downloads(world: World, lang: str) -> dict[str, tuple[str, bytes]]:
    """case -> the downloaded file's name and bytes, for every GET case that downloads."""
    names: dict[str, tuple[str, bytes]] = {}
    for case in _cases():
        if case.method != "get" or case.data is not None:
            continue
        role = next((r for r in ROLES if case.expected(r) == 200), None)
        if role is None:
            continue
        caches["shared"].clear()
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        # Some cases spell their /en/ address: ask for the same page in ``lang``.
        address = case.url(world)
        with translation.override(address.split("/")[1] if address[3:4] == "/" else lang):
            url = translate_url(address, lang)
        response = client.get(url, headers=case.headers)
        disposition = response.headers.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.startswith("attachment"):
            match = _NAME.search(disposition)
            assert match, (case.name, disposition)
            data = (
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
                if response.streaming
                else response.content
            )
            names[case.name] = (match.group(1), data)
    return names


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def test_every_listed_download_is_a_matrix_case() -> None:
    """The lists above name real cases only: an entry left behind by a renamed or removed
    download fails here (and the run below fails when a listed case downloads nothing)."""
    names = {case.name for case in _cases()}
    listed = set(STEMS) | UPLOADED | BILINGUAL | set(FORMATS)
    assert sorted(listed - names) == []
    assert BILINGUAL <= set(STEMS)
    assert len(names) == len(_cases())


def _pdf_language(data: bytes) -> str:
    from pypdf import PdfReader

    return str(PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang", ""))


@pytest.mark.slow
def test_every_export_is_named_in_the_pages_language() -> None:
    """French then English on one world (it holds a row of every kind for every role)."""
    world = build_world()
    for lang, index in (("fr", 0), ("en", 1)):
        _check_downloads(_downloads(world, lang), lang, index)


def _check_downloads(downloads: dict[str, tuple[str, bytes]], lang: str, index: int) -> None:
    generated = {case: name for case, (name, _data) in downloads.items() if case not in UPLOADED}
    wrong = {
        case: name
        for case, name in generated.items()
        if not name.startswith(STEMS.get(case, ("?", "?"))[index])
    }
    assert (lang, wrong) == (lang, {})
    # Every export listed was downloaded (a stale entry would hide a missing one).
    assert (lang, sorted(generated)) == (lang, sorted(STEMS))
    assert sorted(case for case in downloads if case in UPLOADED) == sorted(UPLOADED)
    # Every generated PDF declares the page's language (read by screen readers).
    languages = {
        case: _pdf_language(data)
        for case, (name, data) in downloads.items()
        if case in generated and name.endswith(".pdf")
    }
    assert {"trace-site-report-pdf", "trace-site-cbam-pdf", "trace-declaration-pdf"} <= set(
        languages
    )
    assert (lang, languages) == (lang, {case: lang for case in languages})
    if lang == "fr":
        # Every PDF made in French: decimal commas, French months, no English words.
        problems = {
            case: [
                found
                for found in french_problems(" ".join(_pdf_text(data).split()))
                if case not in BILINGUAL or not found.startswith(("English word", "English month"))
            ]
            for case, (name, data) in downloads.items()
            if case in generated and name.endswith(".pdf")
        }
        assert len(problems) >= 8
        assert {case: found for case, found in problems.items() if found} == {}
