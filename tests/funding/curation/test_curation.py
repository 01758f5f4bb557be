"""Curation: proposals with duplicate warnings and staff review, link checks against a
local server, the staleness report and the CSV import with its review queue."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from collections.abc import Iterator
from decimal import Decimal
from html import unescape
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.common import outbound
from aluhub.funding.curation import services
from aluhub.funding.curation.models import (
    ImportBatch,
    ImportRow,
    LinkCheck,
    ProgramProposal,
)
from aluhub.funding.models import Program, ProgramChange
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _partner(client: Client | None = None) -> object:
    user = UserFactory(role="partner")
    MembershipFactory(user=user, organization=OrganizationFactory(kind="funder"))
    if client is not None:
        client.force_login(user)
    return user


def test_duplicate_by_url_ignores_scheme_www_and_slash() -> None:
    make_program("a", url="https://www.example.org/aid/")

    found = services.find_duplicates(names=["Other"], url="http://example.org/aid", organization="")

    assert [(d["slug"], d["reason"]) for d in found] == [("a", "url")]


def test_duplicate_by_near_name_needs_same_organization() -> None:
    make_program("a", name_fr="Programme Exportation Québec", organization="MEIE")

    same = services.find_duplicates(
        names=["Programme exportation Quebec"], url="", organization="MEIE"
    )
    other_org = services.find_duplicates(
        names=["Programme exportation Quebec"], url="", organization="BDC"
    )
    far_name = services.find_duplicates(names=["Innovation 4.0"], url="", organization="MEIE")

    assert [d["reason"] for d in same] == ["name"]
    assert (other_org, far_name) == ([], [])


# A new program proposed at the official page of program "a" (make_program's url).
_NEW_AID = {
    "name_fr": "Nouvelle aide",
    "level": "provincial",
    "status": "open",
    "deadline_type": "continuous",
    "url": "https://example.org/aid/",
}


def test_proposal_form_warns_about_duplicates_until_confirmed(client: Client) -> None:
    make_program("a", url="https://example.org/aid")
    _partner(client)
    data = dict(_NEW_AID)

    warned = client.post("/en/funding/proposals/new/", data)
    sent = client.post("/en/funding/proposals/new/", {**data, "confirm_not_duplicate": "on"})

    assert warned.status_code == 200
    assert "Similar programs already in the catalogue" in warned.content.decode()
    assert sent.status_code == 302
    proposal = ProgramProposal.objects.get()
    assert [(d["slug"], d["reason"]) for d in proposal.duplicate_warnings] == [("a", "url")]


def test_member_cannot_propose(client: Client) -> None:
    client.force_login(UserFactory(role="member"))

    assert client.get("/en/funding/proposals/new/").status_code == 403


def test_approving_a_new_program_publishes_it_with_history() -> None:
    partner = _partner()
    staff = UserFactory(role="staff")
    proposal = services.proposal_create(
        user=partner,  # type: ignore[arg-type]
        organization=None,
        fields={
            "name_fr": "Aide nouvelle",
            "name_en": "New aid",
            "level": "regional",
            "aid_types": ["grant"],
            "max_amount_cad": "25000",
            "organization": "Fonds régional",
        },
    )

    program = services.proposal_approve(proposal=proposal, reviewer=staff)

    program.refresh_from_db()
    assert (program.slug, program.publication, program.max_amount_cad) == (
        "aide-nouvelle",
        "published",
        Decimal(25000),
    )
    assert [r.organization.name for r in program.roles.all()] == ["Fonds régional"]
    assert ProgramChange.objects.filter(program=program, source="proposal").count() == 1
    with pytest.raises(ValidationError):
        services.proposal_approve(proposal=proposal, reviewer=staff)


def test_approving_twice_from_stale_pages_makes_one_program() -> None:
    """A double click on "Approve" (both requests loaded the pending proposal): the second is
    refused, so the new program is not published twice; a stale "Reject" is refused too."""
    staff = UserFactory(role="staff")
    proposal = services.proposal_create(
        user=_partner(),  # type: ignore[arg-type]
        organization=None,
        fields={"name_fr": "Aide double", "level": "regional", "aid_types": ["grant"]},
    )
    stale = ProgramProposal.objects.get(pk=proposal.pk)
    older = ProgramProposal.objects.get(pk=proposal.pk)
    services.proposal_approve(proposal=proposal, reviewer=staff)
    with pytest.raises(ValidationError):
        services.proposal_approve(proposal=stale, reviewer=staff)
    with pytest.raises(ValidationError):
        services.proposal_reject(proposal=older, reviewer=staff)
    assert Program.objects.filter(name_fr="Aide double").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == "approved"


def test_edit_proposal_keeps_only_changed_fields_and_staff_sees_the_diff(client: Client) -> None:
    program = make_program("a", max_amount_cad=Decimal(1000), status="open")
    partner = _partner()
    proposal = services.proposal_create(
        user=partner,  # type: ignore[arg-type]
        organization=None,
        program=program,
        fields={"max_amount_cad": "2000", "status": "open", "name_fr": program.name_fr},
    )
    assert proposal.fields == {"max_amount_cad": "2000"}
    client.force_login(UserFactory(role="staff"))

    page = client.get(f"/en/funding/proposals/{proposal.pk}/").content.decode()
    client.post(f"/en/funding/proposals/{proposal.pk}/review/", {"decision": "approve"})

    assert "<del>$1,000</del>" in page and "<ins>$2,000</ins>" in page
    program.refresh_from_db()
    assert program.max_amount_cad == Decimal(2000)


@pytest.mark.one_database
def test_proposal_diff_writes_amounts_shares_and_counts_the_page_language_way(
    client: Client,
) -> None:
    """« 15 000 $ », « 37,5 % », « 10 000 » on the French page, "$15,000", "37.5%",
    "10,000" on the English one; both read "15000", "37.5", "10000"."""
    program = make_program("a", max_amount_cad=Decimal(12500), cost_share_pct=Decimal(50))
    proposal = services.proposal_create(
        user=_partner(),  # type: ignore[arg-type]
        organization=None,
        program=program,
        fields={"max_amount_cad": "15000", "cost_share_pct": "37.5", "employees_max": "10000"},
    )
    client.force_login(UserFactory(role="staff"))

    pages = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages.append(
                client.get(reverse("funding:proposal_detail", args=[proposal.pk])).content.decode()
            )

    fr, en = (unescape(page) for page in pages)
    assert "<ins>37,5\u00a0%</ins>" in fr and "<del>50\u00a0%</del>" in fr
    assert "<ins>10\u00a0000</ins>" in fr and "<del>12\u00a0500\u00a0$</del>" in fr
    assert "<ins>15\u00a0000\u00a0$</ins>" in fr
    assert "<ins>37.5%</ins>" in en and "<del>50%</del>" in en
    assert "<ins>10,000</ins>" in en and "<del>$12,500</del>" in en
    assert "<ins>$15,000</ins>" in en


def test_partner_cannot_review_own_proposal(client: Client) -> None:
    partner = _partner(client)
    proposal = services.proposal_create(
        user=partner,  # type: ignore[arg-type]
        organization=None,
        fields={"name_fr": "X", "level": "regional"},
    )

    response = client.post(f"/en/funding/proposals/{proposal.pk}/review/", {"decision": "approve"})

    assert response.status_code == 403
    assert Program.objects.filter(name_fr="X").exists() is False


def test_bad_proposed_value_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as info:
        services.proposal_create(
            user=_partner(),  # type: ignore[arg-type]
            organization=None,
            fields={"name_fr": "X", "level": "regional", "cost_share_pct": "150"},
        )
    assert list(info.value.message_dict) == ["cost_share_pct"]


class _Handler(BaseHTTPRequestHandler):
    def _redirect(self) -> bool:
        """/loop sends back to itself (a redirect loop), /moved to /ok."""
        if self.path not in ("/loop", "/moved"):
            return False
        self.send_response(302)
        self.send_header("Location", "/loop" if self.path == "/loop" else "/ok")
        self.end_headers()
        return True

    def do_HEAD(self) -> None:  # noqa: N802
        if self._redirect():
            return
        if self.path == "/no-head":
            self.send_response(405)
        elif self.path == "/ok":
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        if self._redirect():
            return
        status = 200 if self.path in ("/ok", "/no-head") else 404
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_links_marks_broken_urls(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    # programs.example stands for a public address (the checker refuses local ones, see
    # tests/common/test_outbound.py); its connections reach the local server, down's fail.
    port = int(local_server.rsplit(":", 1)[1])
    monkeypatch.setattr(
        outbound,
        "resolve",
        lambda host, port: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("203.0.114.7", port))],
    )

    def open_socket(address: tuple[str, int], timeout: float, source: object) -> socket.socket:
        if address[1] == 9:
            raise ConnectionRefusedError(111, "Connection refused")
        return socket.create_connection(("127.0.0.1", port), timeout)

    monkeypatch.setattr(outbound, "open_socket", open_socket)
    public = f"http://programs.example:{port}"
    make_program("ok", url=f"{public}/ok")
    make_program("no-head", url=f"{public}/no-head")
    make_program("gone", url=f"{public}/gone")
    make_program("down", url="http://programs.example:9/closed")
    make_program("moved", url=f"{public}/moved")
    make_program("loop", url=f"{public}/loop")

    call_command("check_links", "--timeout", "2")

    checks = {c.program.slug: (c.ok, c.status_code) for c in LinkCheck.objects.all()}
    assert checks == {
        "ok": (True, 200),
        "no-head": (True, 200),
        "gone": (False, 404),
        "down": (False, None),
        "moved": (True, 200),
        # A redirect the checker could not follow to a page (a loop) is a broken link.
        "loop": (False, 302),
    }


def test_check_links_records_a_local_address_as_not_allowed(local_server: str) -> None:
    from django.core.management import call_command

    make_program("local", url=f"{local_server}/ok")
    make_program("metadata", url="http://169.254.169.254/latest/meta-data/")

    call_command("check_links", "--timeout", "2")

    checks = {c.program.slug: (c.ok, c.status_code, c.error) for c in LinkCheck.objects.all()}
    assert checks == {
        "local": (False, None, "address not allowed: 127.0.0.1"),
        "metadata": (False, None, "address not allowed: 169.254.169.254"),
    }


def test_stale_report_lists_old_and_broken(client: Client) -> None:
    old = make_program("old", last_verified=dt.date(2020, 1, 1))
    make_program("fresh")
    LinkCheck.objects.create(
        program=old, url="https://x.example", status_code=404, ok=False, checked_at=old.updated_at
    )
    client.force_login(UserFactory(role="staff"))

    page = client.get("/en/funding/curation/stale/").content.decode()

    assert page.count('href="/en/funding/programs/old/"') == 2
    assert "/en/funding/programs/fresh/" not in page


@pytest.mark.one_database
def test_stale_report_says_why_a_link_failed_in_the_pages_language(client: Client) -> None:
    """The checker records the system's English ("timed out"); a French report read it as is.
    Known answers are worded in the page's language, an unknown one is marked English."""
    checked = timezone.now()
    for slug, error in (
        ("slow", "timed out"),
        ("local", "address not allowed: intranet.example (10.0.0.7)"),
        ("odd", "Remote end closed connection without response"),
    ):
        program = make_program(slug, last_verified=timezone.localdate())
        LinkCheck.objects.create(
            program=program, url="https://x.example", ok=False, error=error, checked_at=checked
        )
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        french = client.get(reverse("funding:stale_report")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("funding:stale_report")).content.decode()
    assert "pas de réponse à temps" in french and "timed out" not in french
    assert "adresse refusée (réseau privé ou local)" in french
    assert '<span lang="en">Remote end closed connection without response</span>' in french
    assert "no answer in time" in english
    assert ">Remote end closed connection without response<" in english
    assert 'lang="en">Remote' not in english


CSV = (
    b"id,name,max,status,extra\n"
    b"a,Programme A,5000,closed,x\n"
    b"b,Programme B,,open,y\n"
    b"new-one,Nouveau,100,open,z\n"
    b"a2,,abc,open,z\n"
)


@pytest.mark.one_database
def test_stale_report_writes_the_last_verification_day_iso_in_both_languages(
    client: Client,
) -> None:
    """2020-02-03 on the French and the English report (decision 0009): the short form read
    03/02/2020 in French and 02/03/2020 in English for the same day."""
    make_program("old", last_verified=dt.date(2020, 2, 3))
    client.force_login(UserFactory(role="staff"))

    pages = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages.append(client.get(reverse("funding:stale_report")).content.decode())

    assert [">2020-02-03</td>" in page for page in pages] == [True, True]


def test_import_upload_mapping_review(client: Client) -> None:
    make_program("a", name_fr="Programme A", max_amount_cad=Decimal(1000), status="open")
    make_program("b", name_fr="Programme B", status="open")
    staff = UserFactory(role="staff")
    client.force_login(staff)

    upload = client.post(
        "/en/funding/curation/import/", {"file": SimpleUploadedFile("p.csv", CSV, "text/csv")}
    )
    batch = ImportBatch.objects.get()
    assert upload.status_code == 302
    assert batch.columns == ["id", "name", "max", "status", "extra"]

    client.post(
        f"/en/funding/curation/import/{batch.pk}/",
        {
            "step": "mapping",
            "col_0": "slug",
            "col_1": "name_fr",
            "col_2": "max_amount_cad",
            "col_3": "status",
            "col_4": "",
        },
    )
    rows = {r.slug: r for r in ImportRow.objects.all()}
    assert rows["a"].changes == {"max_amount_cad": ["1000", "5000"], "status": ["open", "closed"]}
    assert rows["b"].status == "unchanged"
    assert rows["new-one"].status == "invalid"  # a new program needs a level
    assert rows["a2"].status == "invalid"

    client.post(
        f"/en/funding/curation/import/{batch.pk}/", {"step": "review", "approve": [rows["a"].pk]}
    )
    program = Program.objects.get(slug="a")
    assert (program.max_amount_cad, program.status) == (Decimal(5000), "closed")
    assert ProgramChange.objects.filter(program=program, source="import").count() == 1


def test_import_refuses_binary_file(client: Client) -> None:
    client.force_login(UserFactory(role="staff"))

    response = client.post(
        "/en/funding/curation/import/",
        {"file": SimpleUploadedFile("p.csv", b"\x89PNG\r\n\x00\x00", "text/csv")},
    )

    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0


def test_duplicate_by_same_name_when_no_organization_is_given() -> None:
    make_program("a", name_fr="Programme Exportation Québec", organization="MEIE")

    unnamed = services.find_duplicates(
        names=["programme exportation quebec"], url="", organization=""
    )
    near_only = services.find_duplicates(
        names=["Programme exportation Quebec 2"], url="", organization=""
    )

    assert [(d["slug"], d["reason"]) for d in unnamed] == [("a", "same_name")]
    assert near_only == []


def test_proposal_page_shows_field_names_and_value_labels(client: Client) -> None:
    partner = _partner()
    proposal = services.proposal_create(
        user=partner,  # type: ignore[arg-type]
        organization=None,
        fields={"name_fr": "Aide nouvelle", "level": "regional", "aid_types": ["grant", "loan"]},
    )
    client.force_login(UserFactory(role="staff"))

    html = client.get(f"/en/funding/proposals/{proposal.pk}/").content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]

    assert '<th scope="row">Level</th>' in rows and "<ins>Regional</ins>" in rows
    assert "<ins>Grant, Loan</ins>" in rows
    assert "aid_types" not in rows


@pytest.mark.one_database
def test_a_new_program_proposal_is_titled_in_the_page_language(client: Client) -> None:
    """The English list and page name a proposed program by its proposed English name; they
    showed the French one. Without an English name the French stays."""
    named = services.proposal_create(
        user=_partner(),  # type: ignore[arg-type]
        organization=None,
        fields={"name_fr": "Aide à l’essai", "name_en": "Trial aid", "level": "regional"},
    )
    services.proposal_create(
        user=_partner(),  # type: ignore[arg-type]
        organization=None,
        fields={"name_fr": "Aide sans nom anglais", "level": "regional"},
    )
    client.force_login(UserFactory(role="staff"))

    def h1_and_list(lang: str) -> tuple[list[str], list[str]]:
        with translation.override(lang):
            listing = client.get(reverse("funding:proposal_list")).content.decode()
            page = client.get(reverse("funding:proposal_detail", args=[named.pk]))
        names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', unescape(listing))
        return sorted(names), re.findall(r"<h1>([^<]+)</h1>", unescape(page.content.decode()))

    assert h1_and_list("fr") == (["Aide sans nom anglais", "Aide à l’essai"], ["Aide à l’essai"])
    assert h1_and_list("en") == (["Aide sans nom anglais", "Trial aid"], ["Trial aid"])


@pytest.mark.one_database
def test_curation_tables_stack_on_phones(client: Client) -> None:
    """The staleness report (both tables), the proposals and a proposal's changes become one
    card per row at 390 px; they hid their last columns sideways."""
    old = make_program("old", last_verified=dt.date(2020, 2, 3))
    LinkCheck.objects.create(
        program=old, url="https://x.example", status_code=404, ok=False, checked_at=old.updated_at
    )
    proposal = services.proposal_create(
        user=_partner(),  # type: ignore[arg-type]
        organization=None,
        program=old,
        fields={"max_amount_cad": "15000"},
    )
    client.force_login(UserFactory(role="staff"))

    pages = [
        client.get(reverse(name, args=args)).content.decode()
        for name, args in (
            ("funding:stale_report", []),
            ("funding:proposal_list", []),
            ("funding:proposal_detail", [proposal.pk]),
        )
    ]

    assert pages[0].count("<table") == 2
    assert [stacks_on_phones(page) for page in pages] == [True, True, True]


def _duplicate_names(page: str) -> list[str]:
    """The names in the "Possible duplicates" section of a proposal's page."""
    section = page.split('id="dup-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section)
    return [unescape(re.sub(r"<[^>]+>", "", i)).split(" — ")[0] for i in items]


@pytest.mark.parametrize(("proposer", "reader"), [("fr", "en"), ("en", "fr")])
def test_duplicate_warning_names_the_program_in_the_readers_language(
    client: Client, proposer: str, reader: str
) -> None:
    """The warning keeps the program's slug and the page names it in the reader's language;
    a proposal sent from a French page named « Aide à l’export » to English staff."""
    make_program(
        "aide-export",
        name_fr="Aide à l’export",
        name_en="Export aid",
        url="https://example.org/aid",
    )
    _partner(client)
    data = {**_NEW_AID, "confirm_not_duplicate": "on"}
    with translation.override(proposer):
        client.post(reverse("funding:proposal_create"), data)
    proposal = ProgramProposal.objects.get()
    client.force_login(UserFactory(role="staff"))

    with translation.override(reader):
        page = client.get(reverse("funding:proposal_detail", args=[proposal.pk])).content
    names = {"fr": "Aide à l’export", "en": "Export aid"}

    assert _duplicate_names(page.decode()) == [names[reader]]


def test_duplicate_warning_of_a_program_gone_shows_its_stored_name(client: Client) -> None:
    proposal = ProgramProposal.objects.create(
        proposed_by=UserFactory(role="partner"),
        kind="new",
        fields={"name_fr": "Nouvelle aide"},
        duplicate_warnings=[{"slug": "partie", "name": "Aide partie", "reason": "url"}],
    )
    client.force_login(UserFactory(role="staff"))

    with translation.override("en"):
        page = client.get(reverse("funding:proposal_detail", args=[proposal.pk])).content.decode()

    assert _duplicate_names(page) == ["Aide partie"]
