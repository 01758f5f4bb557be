"""The CSV import makes slugs and understands French headers
(``funding.curation.imports``)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.funding.curation import imports
from aluhub.funding.curation.forms import ImportUploadForm
from aluhub.funding.curation.models import ImportBatch, ImportRow
from aluhub.funding.models import Program
from tests.factories import UserFactory
from tests.funding.factories import make_program
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _url(lang: str, name: str, *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nom", "name_fr"),
        ("NOM_FR", "name_fr"),
        ("Nom anglais", "name_en"),
        ("name_en", "name_en"),
        ("Montant max", "max_amount_cad"),
        ("Montant maximal", "max_amount_cad"),
        ("Taux", "cost_share_pct"),
        ("Taux d’aide", "cost_share_pct"),
        ("taux d'aide", "cost_share_pct"),
        ("Organisme", "organization"),
        ("Niveau", "level"),
        ("Statut", "status"),
        ("URL", "url"),
        ("Lien", "url"),
        ("Source", "source_url"),
        ("Résumé", "summary_fr"),
        ("ID", "slug"),
    ],
)
def test_guess_mapping_reads_french_headers(header: str, field: str) -> None:
    assert imports.guess_mapping([header]) == {header: field}


def test_guess_mapping_maps_a_field_once_and_ignores_unknown() -> None:
    assert imports.guess_mapping(["Nom", "nom_fr", "couleur"]) == {"Nom": "name_fr"}


def _import(client: Client, data: bytes) -> ImportBatch:
    client.post(
        "/en/funding/curation/import/", {"file": SimpleUploadedFile("p.csv", data, "text/csv")}
    )
    batch = ImportBatch.objects.latest("pk")
    form = {"step": "mapping"}
    for i, column in enumerate(batch.columns):
        form[f"col_{i}"] = imports.guess_mapping(batch.columns).get(column, "")
    client.post(f"/en/funding/curation/import/{batch.pk}/", form)
    return batch


def test_import_without_slug_column_generates_unique_slugs(client: Client) -> None:
    make_program("fonds-robot", name_fr="Programme existant")
    client.force_login(UserFactory(role="staff"))
    data = (
        "Nom;Niveau;Montant maximal;Organisme\n"
        "Fonds Robot;provincial;5000;Ministère A\n"
        "Fonds Robot;regional;;\n"
        "Programme existant;provincial;7000;\n"
    ).encode()

    batch = _import(client, data)

    rows = list(ImportRow.objects.filter(batch=batch).order_by("line"))
    assert [r.slug for r in rows] == ["fonds-robot-2", "fonds-robot-3", "fonds-robot"]
    assert [r.status for r in rows] == ["pending", "pending", "pending"]
    assert rows[2].program is not None and rows[2].program.slug == "fonds-robot"
    client.post(
        f"/en/funding/curation/import/{batch.pk}/",
        {"step": "review", "approve": [r.pk for r in rows]},
    )
    new = Program.objects.get(slug="fonds-robot-2")
    assert (new.name_fr, new.level, new.publication) == ("Fonds Robot", "provincial", "draft")
    assert [r.organization.name for r in new.roles.all()] == ["Ministère A"]
    assert Program.objects.get(slug="fonds-robot-3").level == "regional"
    assert Program.objects.get(slug="fonds-robot").max_amount_cad == 7000
    assert Program.objects.count() == 3


def test_import_without_slug_or_name_column_is_refused() -> None:
    batch = ImportBatch.objects.create(
        filename="x.csv", csv_text="Niveau\nprovincial\n", columns=["Niveau"]
    )

    with translation.override("en"), pytest.raises(ValidationError, match="French name"):
        imports.import_set_mapping(batch=batch, mapping={"Niveau": "level"})


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "UTF-8, ligne d’en-tête, 2\u00a0Mo au plus."),
        ("en", "UTF-8, header row, at most 2\u00a0MB."),
    ],
)
def test_the_upload_form_states_the_limit_held_to_its_unit(lang: str, said: str) -> None:
    with translation.override(lang):
        assert str(ImportUploadForm().fields["file"].help_text) == said


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "Le fichier dépasse 2\u00a0Mo."), ("en", "The file is larger than 2\u00a0MB.")],
)
def test_a_file_over_the_import_limit_says_the_limit_held_to_its_unit(lang: str, said: str) -> None:
    """The limit and its unit are one placeholder (« 2 Mo », "2 MB" with a no-break space):
    the English message wrote "2 MB" with an ordinary space."""
    user = UserFactory(is_staff=True)
    data = b"nom\n" + b"x" * imports.MAX_IMPORT_BYTES
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        imports.import_create(user=user, filename="big.csv", data=data)
    assert refused.value.message_dict == {"file": [said]}


@pytest.mark.parametrize(
    ("lang", "approved", "says"),
    [
        ("fr", 1, "1 programme enregistré."),
        ("fr", 2, "2 programmes enregistrés."),
        ("en", 1, "1 program written."),
        ("en", 2, "2 programs written."),
    ],
)
def test_import_review_counts_the_programs_written(
    client: Client, lang: str, approved: int, says: str
) -> None:
    """The count agrees with its noun; it read « 1 programme(s) enregistré(s). »."""
    client.force_login(UserFactory(role="staff"))
    batch = _import(client, b"Nom;Niveau\nFonds A;provincial\nFonds B;regional\n")
    rows = list(ImportRow.objects.filter(batch=batch).order_by("line"))[:approved]

    response = client.post(
        _url(lang, "funding:import_detail", batch.pk),
        {"step": "review", "approve": [r.pk for r in rows]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [says]


@pytest.mark.one_database
def test_import_review_writes_the_changes_the_page_language_way(client: Client) -> None:
    """Each change names its field and writes its values the page's way (« 1 250 000 $ »,
    « 37,5 % », « Provincial » / '$1,250,000', '37.5%'); the review showed the stored codes
    and text: 'max_amount_cad — → 1250000', '37.5', 'provincial', in both languages."""
    client.force_login(UserFactory(role="staff"))
    batch = _import(client, b"Nom;Niveau;Montant maximal;Taux\nFonds A;provincial;1250000;37.5\n")

    pages = {}
    for lang in ("fr", "en"):
        page = client.get(_url(lang, "funding:import_detail", batch.pk)).content.decode()
        # (Ordinary white space only: the no-break spaces are part of what is checked.)
        pages[lang] = re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))

    assert "Montant maximal ($ CA) max_amount_cad — → 1\u00a0250\u00a0000\u00a0$" in pages["fr"]
    assert "Taux d’aide (%) cost_share_pct — → 37,5\u00a0%" in pages["fr"]
    assert "Palier level — → Provincial" in pages["fr"]
    assert "Maximum amount (CAD) max_amount_cad — → $1,250,000" in pages["en"]
    assert "Cost share (%) cost_share_pct — → 37.5%" in pages["en"]


@pytest.mark.one_database
def test_import_review_table_stacks_on_phones(client: Client) -> None:
    """One card per row at 390 px; the six-column table hid its checkboxes sideways."""
    client.force_login(UserFactory(role="staff"))
    batch = _import(client, b"Nom;Niveau\nFonds A;provincial\n")

    page = client.get(_url("fr", "funding:import_detail", batch.pk)).content.decode()

    assert stacks_on_phones(page)


def _import_in(client: Client, lang: str, data: bytes) -> ImportBatch:
    """Upload and map a CSV from the pages in ``lang``."""
    client.post(
        _url(lang, "funding:import_index"), {"file": SimpleUploadedFile("p.csv", data, "text/csv")}
    )
    batch = ImportBatch.objects.latest("pk")
    form = {"step": "mapping"}
    for i, column in enumerate(batch.columns):
        form[f"col_{i}"] = imports.guess_mapping(batch.columns).get(column, "")
    client.post(_url(lang, "funding:import_detail", batch.pk), form)
    return batch


_ROW_ERRORS = {
    "fr": [
        "Taux\u00a0: pas un nombre\u00a0: abc",
        "Niveau\u00a0: code inconnu\u00a0: xyz",
        "Un nouveau programme exige un nom en français et un palier.",
        "Aucun identifiant.",
    ],
    "en": [
        "Taux: not a number: abc",
        "Niveau: unknown code: xyz",
        "A new program needs a French name and a level.",
        "No identifier.",
    ],
}


@pytest.mark.parametrize(("importer", "reader"), [("fr", "en"), ("en", "fr")])
def test_import_errors_are_said_in_the_readers_language(
    client: Client, importer: str, reader: str
) -> None:
    """A row's errors are kept as codes and worded for whoever reviews the import; a French
    import showed its French sentences to an English staff member."""
    client.force_login(UserFactory(role="staff"))
    batch = _import_in(
        client,
        importer,
        b"ID;Nom;Niveau;Taux\n;Fonds A;provincial;abc\n;Fonds B;xyz;\n"
        b"fonds-c;;provincial;\n;;provincial;\n",
    )
    client.force_login(UserFactory(role="staff"))

    response = client.get(_url(reader, "funding:import_detail", batch.pk))

    assert [errors for _row, errors, _changes in response.context["rows"]] == [
        [e] for e in _ROW_ERRORS[reader]
    ]
    for sentence in _ROW_ERRORS[reader]:
        assert sentence in response.content.decode()


def test_import_error_stored_as_a_sentence_is_shown_as_it_is(client: Client) -> None:
    """A row saved before the codes keeps its stored sentence."""
    batch = ImportBatch.objects.create(filename="x.csv", csv_text="Nom\nA\n", columns=["Nom"])
    ImportRow.objects.create(
        batch=batch, line=2, slug="", errors=["Aucun identifiant."], status="invalid"
    )
    client.force_login(UserFactory(role="staff"))

    response = client.get(_url("en", "funding:import_detail", batch.pk))

    assert [errors for _row, errors, _changes in response.context["rows"]] == [
        ["Aucun identifiant."]
    ]
