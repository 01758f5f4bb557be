from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import outgoing_emails_requeue
from .models import EmailStatus, OutgoingEmail, ScheduledJob

# The admin speaks the staff member's language: "Administration d'AluHub".
admin.site.site_header = _("AluHub administration")
admin.site.site_title = _("AluHub administration")
admin.site.index_title = _("Site administration")


class ClusterStaffViewMixin:
    """Cluster staff (not only superusers) see these operations lists."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_cluster_staff", False))

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(getattr(request.user, "is_cluster_staff", False))


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ClusterStaffViewMixin, admin.ModelAdmin):
    """Staff see every queued, sent and failed message, and can send failed ones again."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    @admin.display(description=_("recipients"))
    def recipients(self, obj: OutgoingEmail) -> str:
        return ", ".join(obj.to)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected e-mails again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        count = outgoing_emails_requeue(
            ids=list(queryset.values_list("pk", flat=True)), reset_attempts=True
        )
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        # A failed message past its kept days has no text left (docs/operations.md).
        emptied = queryset.exclude(status=EmailStatus.SENT).exclude(text_deleted_at=None).count()
        if emptied:
            self.message_user(
                request,
                ngettext(
                    "%(count)d failed e-mail was not sent again: its text, links included, "
                    "was deleted when its keeping time ran out.",
                    "%(count)d failed e-mails were not sent again: their text, links "
                    "included, was deleted when their keeping time ran out.",
                    emptied,
                )
                % {"count": emptied},
                messages.WARNING,
            )


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ClusterStaffViewMixin, admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_finished_at", "last_failed", "last_outcome"]
    list_filter = ["last_failed"]
    readonly_fields = [
        "name",
        "last_enqueued_at",
        "last_finished_at",
        "last_outcome",
        "last_failed",
    ]
