"""The Structure-Al Challenge's e-mails to students, each in the language of the student's
account, through the outbox (:func:`aluhub.common.mail.send_email`). The services call them
once their transaction commits: an application received, a decision, the published teams and
the published results (docs/challenge.md, *E-mails*)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from aluhub.common.mail import send_email, site_url

from .models import Application


def application_send_confirmation(*, application: Application) -> None:

    student = application.student
    with translation.override(student.preferred_language):
        link = site_url(reverse("challenge:my"))
        context = {"application": application, "user": student, "link": link}
        subject = _("Your application to the Structure-Al Challenge %(year)s") % {
            "year": application.edition.year
        }
        body = render_to_string("challenge/email/application_received.txt", context)
    send_email(to=[student.email], subject=subject, body=body)


def application_send_decision(*, application: Application) -> None:
    """Tell the student the organizers' decision, in the student's language."""

    student = application.student
    with translation.override(student.preferred_language):
        context = {
            "application": application,
            "user": student,
            "status": application.get_status_display(),
            "link": site_url(reverse("challenge:my")),
        }
        subject = _("Structure-Al Challenge %(year)s: decision on your application") % {
            "year": application.edition.year
        }
        body = render_to_string("challenge/email/application_decision.txt", context)
    send_email(to=[student.email], subject=subject, body=body)


def application_send_team(*, application: Application, mates: list[Application]) -> None:
    """Tell a placed student their team, team-mates, next step and the deadline (Eastern
    time), in the student's language."""
    student, team, edition = application.student, application.team, application.edition
    if team is None:  # moved out of its team since (the admin): nothing to tell
        return
    with translation.override(student.preferred_language):
        context = {
            "user": student,
            "edition": edition,
            "team": team.display_name,
            "mates": mates,
            "deadline": edition.submission_deadline,
            "deliverables": [str(label) for label in edition.deliverables or []],
            "link": site_url(reverse("challenge:team", args=[team.pk])),
        }
        subject = _("Structure-Al Challenge %(year)s: your team") % {"year": edition.year}
        body = render_to_string("challenge/email/team_published.txt", context)
    send_email(to=[student.email], subject=subject, body=body)


def application_send_results(*, application: Application) -> None:
    """Tell a student the results are published: links to the edition's results and to
    their participation certificate (when the teams are published, as the certificate
    page requires), in the student's language."""
    student, edition = application.student, application.edition
    with translation.override(student.preferred_language):
        context = {
            "user": student,
            "edition": edition,
            "results_link": site_url(reverse("challenge:edition", args=[edition.year])),
            "certificate_link": (
                site_url(reverse("challenge:certificate", args=[edition.year]))
                if edition.teams_published and application.team_id
                else ""
            ),
        }
        subject = _("Structure-Al Challenge %(year)s: the results are published") % {
            "year": edition.year
        }
        body = render_to_string("challenge/email/results_published.txt", context)
    send_email(to=[student.email], subject=subject, body=body)
