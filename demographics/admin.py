"""Admin shows question sets, questions, options, response counts and the daily counts of
equality events: never anyone's answers."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.requests import request_person
from core.permissions import QUESTION_SET_ADD

from . import selectors, services
from .models import EventCount, Option, Question, QuestionSet


class EditableOnlyWhileDraft:
    """Published and retired versions are frozen: answers given under them keep their meaning."""

    def _draft(self, obj: QuestionSet | Question | Option) -> bool:
        if isinstance(obj, Option):
            obj = obj.question
        if isinstance(obj, Question):
            obj = obj.question_set
        return obj.status == QuestionSet.Status.DRAFT

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self._draft(obj))  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or self._draft(obj))  # type: ignore[misc]


class QuestionInline(EditableOnlyWhileDraft, TranslationTabularInline):
    model = Question
    fields = ["order", "key", "text", "parent", "shown_if"]
    raw_id_fields = ["parent", "shown_if"]
    extra = 0
    show_change_link = True


@admin.register(QuestionSet)
class QuestionSetAdmin(EditableOnlyWhileDraft, admin.ModelAdmin):
    list_display = ["version", "name", "status", "published_at", "respondents"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["version", "status", "published_at", "created_at"]
    inlines = [QuestionInline]
    actions = ["copy_as_draft", "publish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[QuestionSet]:
        return selectors.question_sets_with_response_counts()

    @admin.display(description=_("people who answered"), ordering="respondents")
    def respondents(self, obj: QuestionSet) -> int:
        return obj.respondents  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New versions start as a copy of an existing one (the action), so nothing is lost.
        return False

    def has_draft_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(QUESTION_SET_ADD)

    @admin.action(description=_("Copy as a new draft version"), permissions=["draft"])
    def copy_as_draft(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            draft = services.question_set_copy_as_draft(source=question_set, actor=request_person(request))
            self.message_user(request, _("Draft version %(v)d created.") % {"v": draft.version}, messages.SUCCESS)

    @admin.action(description=_("Publish this draft (retires the current version)"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one draft to publish."), messages.ERROR)
            return
        try:
            published = services.question_set_publish(question_set=queryset.get(), actor=request_person(request))
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("Version %(v)d is now live.") % {"v": published.version}, messages.SUCCESS)


class OptionInline(EditableOnlyWhileDraft, TranslationTabularInline):
    model = Option
    fk_name = "question"
    fields = ["order", "key", "label", "prefer_not_to_say", "allows_free_text", "group"]
    raw_id_fields = ["group"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(EditableOnlyWhileDraft, TranslationAdmin):
    list_display = ["text", "key", "question_set", "order"]
    list_filter = ["question_set"]
    search_fields = ["text", "key"]
    raw_id_fields = ["parent", "shown_if"]
    list_select_related = ["question_set"]
    inlines = [OptionInline]


@admin.register(Option)
class OptionAdmin(EditableOnlyWhileDraft, TranslationAdmin):
    list_display = ["label", "key", "question", "prefer_not_to_say"]
    list_filter = ["question__question_set", "prefer_not_to_say"]
    search_fields = ["label", "key"]
    raw_id_fields = ["question", "group"]
    list_select_related = ["question"]


@admin.register(EventCount)
class EventCountAdmin(admin.ModelAdmin):
    """Read-only: how many consents, answers, withdrawals and erasures each day, and no more."""

    list_display = ["day", "kind", "count"]
    list_filter = ["kind"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EventCount | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EventCount | None = None) -> bool:
        return False
