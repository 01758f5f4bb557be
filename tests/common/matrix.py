"""Permission cases for the operations lists (outgoing e-mails, scheduled jobs): cluster
staff only; everybody else is sent to the admin login."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import Case

CASES = [
    Case(
        "ops-outgoing-emails",
        lambda w: reverse("admin:common_outgoingemail_changelist"),
        expect={"staff": 200},
        default=302,
    ),
    Case(
        "ops-scheduled-jobs",
        lambda w: reverse("admin:common_scheduledjob_changelist"),
        expect={"staff": 200},
        default=302,
    ),
]
