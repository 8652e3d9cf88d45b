from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import IDENTIFIED_STAGES, Application, Channel, Format, Opportunity, Region, Stage


class OpportunityFilter(django_filters.FilterSet):
    format = django_filters.ChoiceFilter(label=_("Format"), choices=Format.choices, empty_label=_("Any format"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("Any region"))
    team = django_filters.CharFilter(label=_("Team"), lookup_expr="icontains")
    closing_soon = django_filters.BooleanFilter(
        label=_("Closing in the next 14 days"),
        method="filter_closing_soon",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Opportunity
        fields = ["format", "region", "team", "closing_soon"]

    def filter_closing_soon(self, queryset: QuerySet[Opportunity], name: str, value: Any) -> QuerySet[Opportunity]:
        return selectors.opportunities_closing_soon(queryset) if value else queryset


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Reference, name or e-mail"))
    opportunity = django_filters.ModelChoiceFilter(
        label=_("Opportunity"), queryset=Opportunity.objects.all(), empty_label=_("All opportunities")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("Any stage"))
    channel = django_filters.ChoiceFilter(label=_("Heard through"), choices=Channel.choices, empty_label=_("Any"))

    class Meta:
        model = Application
        fields = ["q", "opportunity", "stage", "channel"]

    def search(self, queryset: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        value = value.strip()
        if not value:
            return queryset
        # Under anonymised screening a name search must not pick out someone not yet shortlisted.
        identified = Q(opportunity__anonymised_screening=False) | Q(stage__in=IDENTIFIED_STAGES)
        by_identity = identified & (Q(name__icontains=value) | Q(email__icontains=value))
        return queryset.filter(Q(reference__iexact=value) | by_identity)
