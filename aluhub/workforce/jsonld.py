"""schema.org JobPosting JSON-LD of a posting (https://schema.org/JobPosting).

Google's required properties are title, description, datePosted, hiringOrganization and
jobLocation; we also give validThrough (the closing date, end of day in Québec),
employmentType and occupationalCategory (the NOC 2021 code).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aluhub.common.regions import region_name

from .models import JobKind, JobPosting

#: schema.org employmentType values for each kind of opening.
EMPLOYMENT_TYPE = {
    JobKind.INTERNSHIP: "INTERN",
    JobKind.SUMMER: "TEMPORARY",
    JobKind.APPRENTICESHIP: "OTHER",
    JobKind.PERMANENT: "FULL_TIME",
}
REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")


def _end_of_day(day: dt.date) -> str:
    """The last second of ``day`` in Québec, with its offset (-05:00 in winter, -04:00 in
    summer)."""
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timezone.get_default_timezone())
    return end.isoformat()


def job_posting(job: JobPosting, *, url: str, lang: str) -> dict[str, Any]:
    org = job.organization
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "datePosted": timezone.localdate(job.created_at).isoformat(),  # the day in Québec
        "validThrough": _end_of_day(job.closing_date),
        "employmentType": EMPLOYMENT_TYPE[JobKind(job.kind)],
        "occupationalCategory": job.trade.noc_2021,
        "hiringOrganization": {"@type": "Organization", "name": org.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": job.city,
                "addressRegion": region_name(job.region, lang),
                "addressCountry": "CA",
            },
        },
        "url": url,
        "inLanguage": lang,
    }
    if org.website:
        data["hiringOrganization"]["sameAs"] = org.website
    if job.start_date:
        data["jobStartDate"] = job.start_date.isoformat()
    if job.pay_min is not None or job.pay_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": job.pay_unit.upper()}
        if job.pay_min is not None:
            value["minValue"] = float(job.pay_min)
        if job.pay_max is not None:
            value["maxValue"] = float(job.pay_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "CAD", "value": value}
    return data
