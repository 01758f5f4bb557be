"""Writes of the collaboration space (keyword-only, typed, inside ``transaction.atomic``).

Permission checks that depend on the acting user are made here too (``by=``), so the
pages, the API and the commands share them; they raise ``PermissionDenied`` and
``ValidationError`` (shown as form errors / API 4xx).

One module per feature (groups and meetings, events, documents; initiatives in
``services_initiatives``); every write is importable from here.
"""

from __future__ import annotations

from .documents import (
    DOCUMENT_TEXT_MAX,
    DOCUMENT_TYPES,
    document_reindex,
    document_text,
    document_version_add,
    documents_reindex,
    group_document_create,
    lists_reindex,
)
from .events import (
    EVENT_EDITABLE,
    calendar_feed_read,
    calendar_feed_renew,
    calendar_feed_revoke,
    event_alert_request,
    event_create,
    event_register,
    event_registration_cancel,
    event_reminders_send,
    event_update,
)
from .groups import (
    action_item_create,
    action_item_reminders_send,
    action_item_status_set,
    agenda_item_add,
    antitrust_acknowledge,
    decision_record,
    group_member_add,
    meeting_attendance_record,
    meeting_create,
    meeting_register,
    meeting_unregister,
    minutes_publish,
)
from .notify import (
    ACTION_REMINDER_DAYS,
    EVENT_REMINDER_HOURS,
    _mail,
)

__all__ = [
    "ACTION_REMINDER_DAYS",
    "DOCUMENT_TEXT_MAX",
    "DOCUMENT_TYPES",
    "EVENT_EDITABLE",
    "EVENT_REMINDER_HOURS",
    "_mail",
    "action_item_create",
    "action_item_reminders_send",
    "action_item_status_set",
    "agenda_item_add",
    "antitrust_acknowledge",
    "calendar_feed_read",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "decision_record",
    "document_reindex",
    "document_text",
    "document_version_add",
    "documents_reindex",
    "event_alert_request",
    "event_create",
    "event_register",
    "event_registration_cancel",
    "event_reminders_send",
    "event_update",
    "group_document_create",
    "lists_reindex",
    "group_member_add",
    "meeting_attendance_record",
    "meeting_create",
    "meeting_register",
    "meeting_unregister",
    "minutes_publish",
]
