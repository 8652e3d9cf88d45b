from decimal import Decimal

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from demographics.selectors import report_labels

from .models import BenchmarkSet, BenchmarkShare, ReportSnapshot

TOLERANCE = Decimal("0.5")


class ShareInlineFormSet(forms.BaseInlineFormSet):
    """Shares must add up to 100% (within half a point) and name answers the question has."""

    def clean(self) -> None:
        super().clean()
        dimension = self.instance.dimension
        options = report_labels().get(dimension, {})
        total = Decimal("0")
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            category = form.cleaned_data["category"]
            if options and category not in options:
                raise forms.ValidationError(
                    _("“%(category)s” is not an answer to %(question)s. Use one of: %(options)s.")
                    % {"category": category, "question": dimension, "options": ", ".join(options)}
                )
            total += form.cleaned_data["percent"]
        if abs(total - 100) > TOLERANCE:
            raise forms.ValidationError(
                _("The shares add up to %(total)s%%; they must add up to 100%%.") % {"total": total}
            )


class BenchmarkShareInline(admin.TabularInline):
    model = BenchmarkShare
    formset = ShareInlineFormSet
    extra = 0


@admin.register(BenchmarkSet)
class BenchmarkSetAdmin(admin.ModelAdmin):
    list_display = ["name", "dimension", "as_of", "is_default"]
    list_filter = ["dimension", "is_default"]
    search_fields = ["name", "source"]
    inlines = [BenchmarkShareInline]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are immutable: admin shows their status and why a build failed."""

    list_display = ["period", "scope", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "period"]
    readonly_fields = [f.name for f in ReportSnapshot._meta.fields if f.name not in ("data", "pdf")]
    exclude = ["data", "pdf"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReportSnapshot | None = None) -> bool:
        return False
