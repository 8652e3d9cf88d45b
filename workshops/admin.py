from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Action, ActivityRate, Attachment, Claim, Expense, Insight, Meeting, Minutes, Participation, Theme


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["person"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "visibility", "facilitator", "team"]
    list_filter = ["kind", "visibility", "format", "team"]
    search_fields = ["title", "purpose"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["facilitator"]
    inlines = [ParticipationInline, AttachmentInline]


# A status moves only through its service's locked transition (approving the minutes, approving
# and paying a claim), never by hand here, so its checks and stamps hold.


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "approved_by", "approved_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "approved_by", "approved_at"]
    search_fields = ["meeting__title", "body"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Approved minutes are the record the facilitator signed off: not edited afterwards.
        approved = obj is not None and obj.status == Minutes.Status.APPROVED
        return super().has_change_permission(request, obj) and not approved


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "status", "responded_at"]
    list_filter = ["status", "themes"]
    search_fields = ["text", "response"]
    raw_id_fields = ["meeting", "raised_by"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "insight", "owner"]


@admin.register(ActivityRate)
class ActivityRateAdmin(admin.ModelAdmin):
    list_display = ["kind", "hourly_rate"]


def _claim_open(claim: Any) -> bool:
    """A claim is edited only until it is approved: after that one person approved what another
    pays, and an edit would get round both."""
    return claim is None or claim.status == Claim.Status.CLAIMED


class ExpenseInline(admin.TabularInline):
    model = Expense
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and _claim_open(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _claim_open(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and _claim_open(obj)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["pk", "participation", "hours", "declined_payment", "status"]
    list_filter = ["status", "declined_payment"]
    search_fields = ["participation__person__email", "participation__meeting__title"]
    raw_id_fields = ["participation"]
    readonly_fields = ["status", "approved_by", "approved_at", "paid_by", "paid_at"]
    inlines = [ExpenseInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _claim_open(obj)
