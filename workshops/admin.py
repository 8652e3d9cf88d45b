from django.contrib import admin

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


class ExpenseInline(admin.TabularInline):
    model = Expense
    extra = 0


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["pk", "participation", "hours", "declined_payment", "status"]
    list_filter = ["status", "declined_payment"]
    search_fields = ["participation__person__email", "participation__meeting__title"]
    raw_id_fields = ["participation"]
    readonly_fields = ["status", "approved_by", "approved_at", "paid_by", "paid_at"]
    inlines = [ExpenseInline]
