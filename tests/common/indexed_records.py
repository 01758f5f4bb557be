"""Indexed records for the tests of the token index and of its record sets: one
organization per text, its document in the list ``KIND``, and queries over them."""

from __future__ import annotations

from aluhub.accounts.models import Organization
from aluhub.common import search
from tests.factories import OrganizationFactory

KIND = "test.records"

TEXTS = [
    "Subvention pour l'efficacité énergétique",
    "Projets d'automatisation d'une usine",
    "Automation of a plant",
    "Crédit d'impôt à l'investissement",
    "Tax credit for investment",
    "Welders wanted in Saguenay",
    "Soudeur aluminium, quart de soir",
    "Machiniste CNC et opérateur de presse",
    "Exportation vers les États-Unis",
    "Exporter aluminium profiles",
    "PME manufacturière",
    "R et D en métallurgie",
    "Œuvre d'art en aluminium",
    "Recyclage des retailles 6063",
    "Alliage A356.0 moulé",
    "",
]

QUERIES = [
    "subvention",
    "subventions énergie",
    "automatisation",
    "automation",
    "crédit d'impôt",
    "tax credit",
    "soudeur",
    "welder",
    "welding aluminium",
    "machiniste cnc",
    "export",
    "exportateur",
    "pme",
    "r",
    "oeuvre",
    "6063",
    "a356",
    "introuvable",
    "alu",
    "",
]


def index_records() -> list[tuple[Organization, str]]:
    """One organization per text of ``TEXTS``, its document indexed in ``KIND``."""
    out = []
    for i, text in enumerate(TEXTS):
        org = OrganizationFactory(slug=f"record-{i}")
        out.append((org, search.document([text])))
    search.index_documents(KIND, [(org.pk, doc) for org, doc in out])
    return out
