"""Reads the innovation pages and API use (their answers stay those of the pages' tests)."""

from __future__ import annotations

import pytest

from aluhub.innovation import selectors
from aluhub.innovation.models import Status
from tests.factories import OrganizationFactory, UserFactory
from tests.innovation.factories import RequestFactory, make_assessment, member_of

pytestmark = pytest.mark.django_db


def test_visible_requests_in_a_status_and_the_open_count() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    new = RequestFactory(organization=org)
    closed = RequestFactory(organization=org, status=Status.CLOSED)
    RequestFactory()  # another organization's
    assert set(selectors.visible_requests(user)) == {new, closed}
    assert list(selectors.visible_requests(user, status=Status.CLOSED)) == [closed]
    assert selectors.open_request_count(user) == 1
    assert selectors.open_request_count(UserFactory(role="staff")) == 2


def test_latest_assessment_and_the_organizations_a_user_acts_for_or_sees() -> None:
    org, other = OrganizationFactory(), OrganizationFactory()
    user = member_of(org)
    assert selectors.latest_assessment(org) is None
    make_assessment(org, user, level=1)
    latest = make_assessment(org, user, level=3)
    assert selectors.latest_assessment(org) == latest
    assert selectors.member_organization(user, org.slug) == org
    assert selectors.member_organization(user, other.slug) is None
    assert (
        selectors.acts_for_organization(user, org),
        selectors.acts_for_organization(user, other),
    ) == (True, False)
    staff = UserFactory(role="staff")
    assert selectors.viewable_organization(staff, other.slug) == other
    assert selectors.acts_for_organization(staff, other) is False
    assert selectors.viewable_organization(user, other.slug) is None
