from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from aluhub.api import api
from aluhub.common import subscription_views
from aluhub.site import views as site_views

handler403 = "aluhub.site.views.error_403"
handler404 = "aluhub.site.views.error_404"
handler500 = "aluhub.site.views.error_500"

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("favicon.ico", site_views.favicon),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", site_views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    path("", site_views.home, name="home"),
    path(_("workforce/"), site_views.workforce, name="workforce"),
    path(_("workforce/"), include("aluhub.workforce.urls")),
    path(_("api-docs/"), site_views.api_docs, name="api_docs"),
    path(_("contact/"), site_views.contact, name="contact"),
    path(_("privacy/"), site_views.privacy, name="privacy"),
    path(_("accessibility/"), site_views.accessibility, name="accessibility"),
    path(_("terms-of-use/"), site_views.terms, name="terms"),
    path(_("my-alerts/"), subscription_views.my_alerts_view, name="my_alerts"),
    path(_("account/"), include("aluhub.accounts.urls")),
    path(_("dashboard/"), include("aluhub.dashboard.urls")),
    path(_("funding/"), include("aluhub.funding.urls")),
    path(_("funding/"), include("aluhub.funding_plans.urls")),
    path("innovation/", include("aluhub.innovation.urls")),
    path(_("structure-al-challenge/"), include("aluhub.challenge.urls")),
    path("alu-competences/", include("aluhub.learning.urls")),
    path(_("recycling/"), include("aluhub.circular.urls")),
    path(_("news/"), include("aluhub.community.urls")),
    path(_("traceability/"), include("aluhub.trace.urls")),
    path(_("community/"), include("aluhub.collab.urls")),
    path(_("directory/"), include("aluhub.directory.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
