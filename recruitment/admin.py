from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from modeltranslation.admin import TranslationAdmin

from accounts.requests import request_person

from . import services
from .models import (
    Application,
    Guidance,
    Interview,
    Involvement,
    Message,
    MessageTemplate,
    Note,
    Opportunity,
    OutreachSend,
    Partner,
    RoleTemplate,
    StageChange,
    Video,
)


@admin.register(RoleTemplate)
class RoleTemplateAdmin(TranslationAdmin):
    list_display = ["name", "title", "payment_rate", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "title"]


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin):
    """Saved and deleted through the services, so every change here is in the audit log."""

    list_display = ["title", "team", "status", "format", "region", "closing_date", "places"]
    list_filter = ["status", "format", "region"]
    search_fields = ["title", "team"]
    date_hierarchy = "closing_date"
    readonly_fields = ["template", "published_at", "created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Opportunity, form: ModelForm, change: bool) -> None:
        services.opportunity_save_edited(opportunity=obj, actor=request_person(request), fields=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Opportunity) -> None:
        services.opportunity_delete(opportunity=obj, actor=request_person(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        for opportunity in queryset:
            services.opportunity_delete(opportunity=opportunity, actor=request_person(request))


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "communities", "contact_email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "communities", "contact_name"]


@admin.register(OutreachSend)
class OutreachSendAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "partner", "sent_by", "sent_at"]
    list_filter = ["partner"]
    list_select_related = ["opportunity", "partner", "sent_by"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StageChangeInline(ReadOnlyInline):
    model = StageChange


class NoteInline(ReadOnlyInline):
    model = Note


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: the pipeline pages change applications, so every move keeps its record.
    Opening one here is audited like a staff view."""

    list_display = ["reference", "opportunity", "stage", "submitted_at"]
    list_filter = ["stage", "channel", "opportunity"]
    search_fields = ["reference"]
    list_select_related = ["opportunity"]
    inlines = [StageChangeInline, NoteInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        application = Application.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if application is not None:
            services.application_viewed(application=application, by=request_person(request))
        return super().change_view(request, object_id, form_url, extra_context)

    # Deleting, one or many (the "delete selected" action calls delete_queryset), is the erase
    # service's: audited, by reference.
    def delete_model(self, request: HttpRequest, obj: Application) -> None:
        services.application_erase(application=obj, actor=request_person(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        for application in queryset:
            services.application_erase(application=application, actor=request_person(request))


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    """Arranged, changed and deleted through the services, so each is in the audit log."""

    list_display = ["application", "starts_at", "format"]
    list_select_related = ["application"]
    raw_id_fields = ["application"]

    def get_readonly_fields(self, request: HttpRequest, obj: Interview | None = None) -> list[str]:
        # An interview stays with the application it was arranged for.
        return ["created_by"] if obj is None else ["application", "created_by"]

    def save_model(self, request: HttpRequest, obj: Interview, form: ModelForm, change: bool) -> None:
        details = {name: form.cleaned_data[name] for name in ("starts_at", "format", "place", "adjustments")}
        if change:
            services.interview_update(interview=obj, by=request_person(request), **details)
            return
        arranged = services.interview_schedule(application=obj.application, by=request_person(request), **details)
        obj.pk, obj.created_by = arranged.pk, arranged.created_by

    def delete_model(self, request: HttpRequest, obj: Interview) -> None:
        services.interview_delete(interview=obj, by=request_person(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        for interview in queryset.select_related("application"):
            services.interview_delete(interview=interview, by=request_person(request))


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "subject"]
    search_fields = ["name", "subject", "body"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "application", "queued_at", "sent_at"]
    list_select_related = ["application"]
    readonly_fields = ["application", "subject", "body", "sent_by", "queued_at", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Involvement)
class InvolvementAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "team", "start_date", "end_date"]
    list_filter = ["team"]
    search_fields = ["person__email", "person__name", "role", "team"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "application"]


@admin.register(Guidance)
class GuidanceAdmin(TranslationAdmin):
    list_display = ["title", "audience", "order", "is_published"]
    list_filter = ["audience", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Video)
class VideoAdmin(TranslationAdmin):
    list_display = ["title"]
    search_fields = ["title", "transcript"]
