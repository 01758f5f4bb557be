"""Permission cases of the workforce app (trades, training, questionnaire, jobs)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.permissions import Case, World
from tests.secret_links import token_of

ALL = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
EVERYONE = dict.fromkeys(["anonymous", *ALL], 200)


def _trade(world: World) -> str:
    def make() -> str:
        from aluhub.workforce.models import Trade

        Trade.objects.create(
            slug="matrix-welder",
            noc_2021="72106",
            teer=2,
            title_fr="",
            title_en="Welders",
            stages=["welding"],
            interests=["hands"],
            source_url="https://example.org/noc",
        )
        return "matrix-welder"

    return str(world.once("workforce-trade", make))


def _job(world: World, *, open_: bool = True) -> int:
    def make() -> int:
        from aluhub.workforce import services
        from aluhub.workforce.models import JobPosting, Trade

        _trade(world)
        job = services.job_post(
            actor=world.member,
            organization=world.member_org,
            title="Matrix internship",
            description="Welding",
            trade=Trade.objects.get(slug="matrix-welder"),
            kind="internship",
            region="02",
            city="Saguenay",
            level="dep",
            how_to_apply="Write to us",
            closing_date=date.today() + timedelta(days=10),
        )
        if not open_:
            JobPosting.objects.filter(pk=job.pk).update(
                closing_date=date.today() - timedelta(days=1)
            )
        return job.pk

    return int(world.once(f"workforce-job-{open_}", make))


def _report(world: World) -> int:
    def make() -> int:
        from aluhub.workforce.models import JobPosting, JobReport

        return JobReport.objects.create(
            posting=JobPosting.objects.get(pk=_job(world)), reason="x"
        ).pk

    return int(world.once("workforce-report", make))


def _alert(world: World) -> str:
    def make() -> str:
        from aluhub.workforce.models import JobAlert

        return token_of(JobAlert.objects.create(email="alert@example.org", kind="internship"))

    return str(world.once("workforce-alert", make))


def _session(world: World, *, coming: bool = False) -> int:
    """A session that starts today (attendance can be taken), or, ``coming``, one that
    starts tomorrow (registration is still open)."""

    def make() -> int:
        from aluhub.workforce.models import Course, CourseSession

        _session(world)
        return CourseSession.objects.create(
            course=Course.objects.get(slug="matrix-course"),
            starts_on=date.today() + timedelta(days=1),
            ends_on=date.today() + timedelta(days=2),
            capacity=50,
        ).pk

    if coming:
        return int(world.once("workforce-session-coming", make))
    return _session_today(world)


def _session_today(world: World) -> int:
    def make() -> int:
        from aluhub.workforce import services
        from aluhub.workforce.models import Course, CourseSession

        course = services.course_save(
            course=Course(
                slug="matrix-course",
                title_fr="Cours matrice",
                title_en="Matrix course",
                description_fr="x",
                description_en="x",
                level="intro",
                language="fr",
            )
        )
        return CourseSession.objects.create(
            course=course,
            starts_on=date.today(),
            ends_on=date.today() + timedelta(days=1),
            capacity=50,
            trainer_user=world.users["expert"],
        ).pk

    return int(world.once("workforce-session", make))


def _registration(world: World) -> int:
    def make() -> int:
        from aluhub.workforce.models import Registration

        return Registration.objects.create(
            session_id=_session(world),
            organization=world.member_org,
            participant_name="Matrix",
            participant_email="matrix@example.org",
            status="confirmed",
        ).pk

    return int(world.once("workforce-registration", make))


def _certificate(world: World) -> str:
    def make() -> str:
        from aluhub.workforce.models import Certificate, Registration

        reg = Registration.objects.get(pk=_registration(world))
        reg.attended = True
        reg.save(update_fields=["attended"])
        return Certificate.objects.create(registration=reg).code

    return str(world.once("workforce-certificate", make))


def _evaluation_token(world: World) -> str:
    from aluhub.workforce.models import Registration

    return token_of(Registration.objects.get(pk=_registration(world)))


def _register_data(world: World) -> dict[str, object]:
    prefix = f"s{_session(world, coming=True)}"
    return {
        f"{prefix}-organization": world.member_org.pk,
        f"{prefix}-participant_name": "Employee",
        f"{prefix}-participant_email": f"{uuid.uuid4().hex[:10]}@example.org",
    }


def _recommendation(world: World) -> int:
    def make() -> int:
        from aluhub.workforce.models import Recommendation

        return Recommendation.objects.create(
            number=1,
            title_fr="Recommandation",
            title_en="Recommendation",
            source_title="Diagnostic",
            source_url="https://example.org/diagnostic",
            status_on=date.today(),
        ).pk

    return int(world.once("workforce-recommendation", make))


CASES = [
    Case("workforce-trades", lambda w: "/fr/main-d-oeuvre/metiers/", EVERYONE),
    Case("workforce-trade", lambda w: f"/fr/main-d-oeuvre/metiers/{_trade(w)}/", EVERYONE),
    Case(
        "workforce-quiz",
        lambda w: f"/en/workforce/which-trade/?interests=hands&t={_trade(w)}",
        EVERYONE,
    ),
    Case("workforce-programs", lambda w: "/fr/main-d-oeuvre/formations/", EVERYONE),
    Case("workforce-jobs", lambda w: "/fr/main-d-oeuvre/emplois/", EVERYONE),
    Case("workforce-job-open", lambda w: f"/fr/main-d-oeuvre/emplois/{_job(w)}/", EVERYONE),
    Case(
        "workforce-job-closed",
        lambda w: f"/fr/main-d-oeuvre/emplois/{_job(w, open_=False)}/",
        {"staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "workforce-job-new",
        lambda w: "/fr/main-d-oeuvre/emplois/nouvelle/",
        {"anonymous": 302, "staff": 200, "member": 200, "other_member": 200},
    ),
    Case(
        "workforce-job-mine",
        lambda w: "/fr/main-d-oeuvre/emplois/mes-offres/",
        {"anonymous": 302, "staff": 200, "member": 200, "other_member": 200},
    ),
    Case(
        "workforce-job-withdraw",
        lambda w: f"/fr/main-d-oeuvre/emplois/{_job(w)}/retirer/",
        {"anonymous": 302, "staff": 302, "member": 302},
        method="post",
    ),
    Case(
        "workforce-job-report",
        lambda w: f"/fr/main-d-oeuvre/emplois/{_job(w)}/signaler/",
        dict.fromkeys(["anonymous", *ALL], 302),
        method="post",
        data=lambda w: {"reason": "spam"},
    ),
    Case(
        "workforce-staff-reports",
        lambda w: "/fr/main-d-oeuvre/equipe/signalements/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-staff-report-resolve",
        lambda w: f"/fr/main-d-oeuvre/equipe/signalements/{_report(w)}/",
        {"anonymous": 302, "staff": 302},
        method="post",
        data=lambda w: {"hide": "0"},
    ),
    Case("workforce-alert-new", lambda w: "/fr/main-d-oeuvre/emplois/alertes/nouvelle/", EVERYONE),
    Case(
        "workforce-alert-confirm",
        lambda w: f"/fr/main-d-oeuvre/emplois/alertes/confirmer/{_alert(w)}/",
        EVERYONE,
    ),
    Case(
        "workforce-alert-settings",
        lambda w: f"/en/workforce/jobs/alerts/settings/{_alert(w)}/",
        EVERYONE,
    ),
    Case(
        "workforce-alert-unsubscribe",
        lambda w: f"/fr/main-d-oeuvre/emplois/alertes/desabonnement/{_alert(w)}/",
        EVERYONE,
    ),
    Case(
        "workforce-alert-bad-token",
        lambda w: "/fr/main-d-oeuvre/emplois/alertes/confirmer/not-a-token/",
        {},
        default=404,
    ),
    Case("workforce-courses", lambda w: "/fr/main-d-oeuvre/ceial/", EVERYONE),
    Case(
        "workforce-course",
        lambda w: f"/en/workforce/ceial/{_session(w) and 'matrix-course'}/",
        EVERYONE,
    ),
    Case(
        "workforce-session-register",
        lambda w: f"/fr/main-d-oeuvre/ceial/seances/{_session(w, coming=True)}/inscrire/",
        {"anonymous": 302, "staff": 302, "member": 302, "other_member": 400},
        method="post",
        data=_register_data,
    ),
    Case(
        "workforce-training-record",
        lambda w: "/fr/main-d-oeuvre/ceial/inscriptions/",
        {"anonymous": 302, "staff": 200, "member": 200, "other_member": 200},
    ),
    Case(
        "workforce-registration-cancel",
        lambda w: f"/fr/main-d-oeuvre/ceial/inscriptions/{_registration(w)}/annuler/",
        {"anonymous": 302, "staff": 302, "member": 302},
        default=404,
        method="post",
    ),
    Case(
        "workforce-session-attendance",
        lambda w: f"/fr/main-d-oeuvre/ceial/seances/{_session(w)}/presences/",
        {"anonymous": 302, "staff": 200, "expert": 200},
    ),
    Case(
        "workforce-certificate",
        lambda w: f"/fr/main-d-oeuvre/ceial/attestations/{_certificate(w)}/",
        EVERYONE,
    ),
    Case(
        "workforce-certificate-pdf",
        lambda w: f"/en/workforce/ceial/certificates/{_certificate(w)}/pdf/",
        EVERYONE,
    ),
    Case(
        "workforce-evaluation",
        lambda w: f"/fr/main-d-oeuvre/ceial/evaluation/{_evaluation_token(w)}/",
        EVERYONE,
    ),
    Case(
        "workforce-staff-training",
        lambda w: "/fr/main-d-oeuvre/ceial/equipe/",
        {"anonymous": 302, "staff": 200},
    ),
    Case("workforce-api-courses", lambda w: "/api/v1/workforce/courses?q=matrice", EVERYONE),
    Case(
        "workforce-course-new",
        lambda w: "/fr/main-d-oeuvre/ceial/equipe/cours/nouveau/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-course-edit",
        lambda w: f"/en/workforce/ceial/staff/courses/{_session(w) and 'matrix-course'}/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-session-new",
        lambda w: (
            f"/fr/main-d-oeuvre/ceial/equipe/cours/{_session(w) and 'matrix-course'}"
            "/seances/nouvelle/"
        ),
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-session-edit",
        lambda w: f"/fr/main-d-oeuvre/ceial/equipe/seances/{_session(w)}/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-recommendations",
        lambda w: f"/fr/main-d-oeuvre/table-concertation/?r={_recommendation(w)}",
        EVERYONE,
    ),
    Case(
        "workforce-recommendation-new",
        lambda w: "/fr/main-d-oeuvre/table-concertation/nouvelle/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-recommendation-edit",
        lambda w: f"/en/workforce/table/{_recommendation(w)}/edit/",
        {"anonymous": 302, "staff": 200},
    ),
    Case(
        "workforce-api-recommendations",
        lambda w: f"/api/v1/workforce/recommendations?q=recommandation&r={_recommendation(w)}",
        EVERYONE,
    ),
    # 'My alerts' lives in aluhub/common/subscriptions.py; listed here with the job alerts.
    Case(
        "my-alerts",
        lambda w: "/fr/mes-alertes/",
        dict.fromkeys(ALL, 200) | {"anonymous": 302},
    ),
    Case("workforce-api-trades", lambda w: "/api/v1/workforce/trades", EVERYONE),
    Case("workforce-api-programs", lambda w: "/api/v1/workforce/programs", EVERYONE),
    Case("workforce-api-jobs", lambda w: "/api/v1/workforce/jobs", EVERYONE),
    Case(
        "workforce-api-job-closed",
        lambda w: f"/api/v1/workforce/jobs/{_job(w, open_=False)}",
        {"staff": 200, "member": 200},
        default=404,
    ),
]
