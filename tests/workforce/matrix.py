"""Permission cases of the workforce app (trades, training, questionnaire, jobs)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.permissions import Case, World

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

        return JobAlert.objects.create(email="alert@example.org", kind="internship").token

    return str(world.once("workforce-alert", make))


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
