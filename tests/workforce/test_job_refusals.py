"""Refusals on the job board say why and how to get access (403), in the page's language."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts.models import Organization, User
from tests.dashboard.refusals import HOW, refused
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.workforce.conftest import post_job, url

POSTING = {
    "fr": "Les stages et les emplois sont affichés par les membres d'une organisation membre.",
    "en": "Internships and jobs are posted by the members of a member organization.",
}
CHANGE = {
    "fr": "Une offre est modifiée par les membres de l'organisation qui l'a publiée",
    "en": "A posting is changed by the members of the organization that posted it",
}
STAFF = {
    "fr": "Cette page est réservée au personnel de la grappe",
    "en": "This page is for the cluster staff, who run the platform.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_job_board_refusals_say_why_and_how(
    client: Client, trades: None, member: User, member_org: Organization, lang: str
) -> None:
    # A partner belongs to no member organization: posting is refused with the reason.
    partner = UserFactory(role="partner")
    html = refused(client, partner, "get", url("workforce:job_new", lang), {})
    assert POSTING[lang] in html
    assert HOW[lang] in html

    # A member of another organization cannot withdraw this organization's posting.
    job = post_job(member, member_org)
    stranger = UserFactory(role="member")
    MembershipFactory(user=stranger, organization=OrganizationFactory())
    html = refused(client, stranger, "post", url("workforce:job_withdraw", lang, job.pk), {})
    assert CHANGE[lang] in html

    # Recommendations and reports are staff work: the one staff check's reason.
    for name in ("workforce:recommendation_edit", "workforce:staff_report_resolve"):
        html = refused(
            client, stranger, "post" if "report" in name else "get", url(name, lang, 1), {}
        )
        assert STAFF[lang] in html
