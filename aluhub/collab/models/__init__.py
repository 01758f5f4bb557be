"""The collaboration space: working groups and their meetings, minutes and action items; events.

A working group's page is public, for signed-in users of the platform, or for its members
only (``Visibility``). Meetings carry an agenda that opens once a participant has
acknowledged the antitrust reminder (``AntitrustAcknowledgement``, stored with its time).
The secretary's minutes record attendance (``MeetingRegistration.attended``), decisions
numbered per group and action items; open action items reappear on the next agenda.
Events have a capacity and a waiting list (``EventRegistration.status``).

One module per feature (groups and meetings, events, initiatives, documents); every model
is importable from here, where migrations and the admin look for them.
"""

from __future__ import annotations

from .documents import (
    Confidentiality,
    DocumentVersion,
    GroupDocument,
    document_path,
)
from .events import (
    Audience,
    CalendarFeed,
    Event,
    EventAlert,
    EventAlertDelivery,
    EventKind,
    EventRegistration,
    Organizer,
    RegistrationStatus,
)
from .groups import (
    OPEN_STATUSES,
    VIDEO_LINK_MAX_LENGTH,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AntitrustAcknowledgement,
    Decision,
    GroupKind,
    GroupMember,
    GroupRole,
    Meeting,
    MeetingRegistration,
    Visibility,
    WorkingGroup,
)
from .initiatives import (
    ExpressionOfInterest,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativePartner,
    InitiativeStatus,
    InitiativeUpdate,
    LiveSource,
    PartnerRole,
)

__all__ = [
    "VIDEO_LINK_MAX_LENGTH",
    "ActionItem",
    "ActionStatus",
    "AgendaItem",
    "AgendaKind",
    "AntitrustAcknowledgement",
    "Audience",
    "CalendarFeed",
    "Confidentiality",
    "Decision",
    "DocumentVersion",
    "Event",
    "EventAlert",
    "EventAlertDelivery",
    "EventKind",
    "EventRegistration",
    "ExpressionOfInterest",
    "GroupDocument",
    "GroupKind",
    "GroupMember",
    "GroupRole",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "InitiativePartner",
    "InitiativeStatus",
    "InitiativeUpdate",
    "LiveSource",
    "Meeting",
    "MeetingRegistration",
    "OPEN_STATUSES",
    "Organizer",
    "PartnerRole",
    "RegistrationStatus",
    "Visibility",
    "WorkingGroup",
    "document_path",
]
