from django.urls import path
from django.utils.translation import gettext_lazy as _

from aluhub.common import subscription_views

from . import views, views_alerts, views_documents, views_events, views_initiatives
from .channels import EVENTS_CHANNEL

app_name = "collab"
urlpatterns = [
    path(_("working-groups/"), views.group_list, name="group_list"),
    path(_("working-groups/<slug:slug>/"), views.group_detail, name="group_detail"),
    path(_("working-groups/<slug:slug>/calendar.ics"), views.group_ics, name="group_ics"),
    path(_("working-groups/<slug:slug>/new-meeting/"), views.meeting_new, name="meeting_new"),
    path(_("meetings/<int:pk>/"), views.meeting_detail, name="meeting_detail"),
    path(_("meetings/<int:pk>/register/"), views.meeting_register, name="meeting_register"),
    path(
        _("meetings/<int:pk>/acknowledge/"), views.meeting_acknowledge, name="meeting_acknowledge"
    ),
    path(_("meetings/<int:pk>/invitation.ics"), views.meeting_ics, name="meeting_ics"),
    path(_("meetings/<int:pk>/agenda/"), views.agenda_item_add, name="agenda_item_add"),
    path(_("meetings/<int:pk>/minutes/"), views.meeting_minutes, name="meeting_minutes"),
    path(_("actions/<int:pk>/status/"), views.action_item_status, name="action_item_status"),
    path(_("events/"), views_events.event_list, name="event_list"),
    path(_("events/calendar.ics"), views_events.events_ics, name="events_ics"),
    path(_("events/rss/"), views_events.EventFeed(), name="events_feed"),
    path(_("events/new/"), views_events.event_new, name="event_new"),
    path(_("events/alerts/"), views_alerts.alert_subscribe, name="alert_subscribe"),
    *subscription_views.subscription_urls(
        EVENTS_CHANNEL,
        confirm=_("events/alerts/confirm/<str:token>/"),
        unsubscribe=_("events/alerts/unsubscribe/<str:token>/"),
        manage=_("events/alerts/settings/<str:token>/"),
    ),
    path(_("my-calendar/"), views_alerts.calendar_feed, name="calendar_feed"),
    path(_("calendar/<str:token>.ics"), views_alerts.calendar_feed_ics, name="calendar_feed_ics"),
    path(_("events/<slug:slug>/"), views_events.event_detail, name="event_detail"),
    path(_("events/<slug:slug>/edit/"), views_events.event_edit, name="event_edit"),
    path(_("events/<slug:slug>/event.ics"), views_events.event_ics, name="event_ics"),
    path(_("events/<slug:slug>/register/"), views_events.event_register, name="event_register"),
    path(
        _("events/<slug:slug>/check-in.<str:fmt>"),
        views_events.event_checkin,
        name="event_checkin",
    ),
    path(
        _("registrations/<int:pk>/cancel/"),
        views_events.event_registration_cancel,
        name="event_registration_cancel",
    ),
    path(_("dashboard/"), views_events.dashboard, name="dashboard"),
    path(_("documents/"), views_documents.document_search, name="document_search"),
    path(_("documents/<int:pk>/"), views_documents.document_detail, name="document_detail"),
    path(
        _("documents/<int:pk>/new-version/"),
        views_documents.document_version_new,
        name="document_version_new",
    ),
    path(
        _("documents/<int:pk>/v<int:number>/"),
        views_documents.document_download,
        name="document_download",
    ),
    path(
        _("working-groups/<slug:slug>/new-document/"),
        views_documents.document_new,
        name="document_new",
    ),
    path(_("initiatives/"), views_initiatives.initiative_list, name="initiative_list"),
    path(
        _("initiatives/<slug:slug>/"),
        views_initiatives.initiative_detail,
        name="initiative_detail",
    ),
    path(
        _("initiatives/<slug:slug>/update/"),
        views_initiatives.initiative_update_new,
        name="initiative_update_new",
    ),
    path(
        _("initiatives/<slug:slug>/call/"),
        views_initiatives.initiative_call,
        name="initiative_call",
    ),
    path(
        _("initiatives/<slug:slug>/interest/"),
        views_initiatives.interest_new,
        name="initiative_interest_new",
    ),
    path(
        _("indicators/<int:pk>/value/"),
        views_initiatives.indicator_value_new,
        name="indicator_value_new",
    ),
]
