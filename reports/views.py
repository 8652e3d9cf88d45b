from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.csv import csv_render
from core.http import AuthenticatedHttpRequest
from core.permissions import REPORT_BUILD, benchmark_add_required, dashboard_required, report_build_required
from demographics.selectors import report_labels

from . import charts, selectors, services
from .forms import BenchmarkImportForm, BuildForm, PrevalenceForm
from .models import BenchmarkSet, ReportSnapshot
from .schema import is_current


def _chosen(request: HttpRequest) -> ReportSnapshot | None:
    chosen = request.GET.get("snapshot", "")
    if chosen.isdigit():
        snapshot = selectors.snapshot_done(pk=int(chosen))
        if snapshot is None:
            raise Http404("No such report.")
        return snapshot
    return selectors.snapshot_latest()


def _done(pk: int) -> ReportSnapshot:
    """A finished snapshot of the current schema; an older one can only be built again."""
    snapshot = get_object_or_404(ReportSnapshot, pk=pk, status=ReportSnapshot.Status.DONE)
    if not is_current(snapshot.data):
        raise Http404("This report was built by an older version and cannot be shown.")
    return snapshot


@dashboard_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    snapshot = _chosen(request)
    current = snapshot is not None and is_current(snapshot.data)
    context: dict[str, Any] = {
        "snapshot": snapshot,
        "current": current,
        "choices": selectors.snapshot_choices(),
        "in_progress": selectors.snapshots_in_progress().first(),
        "failed": selectors.snapshot_latest_failed(),
        "build_form": BuildForm(initial={"period": services.Period.last_complete().label}),
        "can_build": request.user.has_perm(REPORT_BUILD),
    }
    if snapshot is not None and current:
        context.update(
            data=snapshot.data,
            charts=charts.dashboard_charts(snapshot.data),
            trend_table=selectors.table_by_key(snapshot, "trend"),
            representation_table=selectors.table_by_key(snapshot, "ethnic_group-involved"),
            funnel_table=selectors.table_by_key(snapshot, "funnel"),
        )
    return render(request, "reports/dashboard.html", context)


@dashboard_required
@require_GET
def tables(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _done(pk)
    context = {"snapshot": snapshot, "data": snapshot.data, "groups": selectors.table_groups(snapshot)}
    return render(request, "reports/tables.html", context)


@report_build_required
@require_POST
def build(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reports:dashboard")
    snapshot = services.snapshot_request(
        period=form.cleaned_data["period"], scope=form.cleaned_data["scope"], by=request.user
    )
    snapshot.refresh_from_db()
    # Where tasks run at once (the embedded default) the build has finished by now.
    if snapshot.status == ReportSnapshot.Status.DONE:
        messages.success(request, _("The report for %(period)s is ready.") % {"period": snapshot.period})
        return redirect(f"{reverse('reports:dashboard')}?snapshot={snapshot.pk}")
    if snapshot.status == ReportSnapshot.Status.FAILED:
        messages.error(request, _("The report could not be built: %(error)s") % {"error": snapshot.error})
        return redirect("reports:dashboard")
    messages.success(request, _("The report for %(period)s is being built.") % {"period": snapshot.period})
    return redirect("reports:dashboard")


@dashboard_required
@require_GET
def build_status(request: HttpRequest, pk: int) -> JsonResponse:
    """For the progress bar on the dashboard, while a build runs."""
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    body = {"status": snapshot.status, "label": snapshot.get_status_display(), "progress": snapshot.progress}
    if snapshot.status == ReportSnapshot.Status.DONE:
        body["url"] = f"{reverse('reports:dashboard')}?snapshot={snapshot.pk}"
    return JsonResponse(body)


@dashboard_required
@require_GET
def table_csv(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    snapshot = _done(pk)
    table = selectors.table_by_key(snapshot, key)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(csv_render(table.header, table.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.period}-{key}.csv"'
    return response


@dashboard_required
@require_GET
def report_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Every published figure of the report in one file, with its schema version."""
    snapshot = _done(pk)
    body = {
        "report": snapshot.pk,
        "built_at": snapshot.finished_at.isoformat() if snapshot.finished_at else None,
        **{key: value for key, value in snapshot.data.items() if key != "timings"},
    }
    response = JsonResponse(body, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="diversity-report-{snapshot.period}.json"'
    return response


@dashboard_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _done(pk)
    response = HttpResponse(services.snapshot_pdf(snapshot=snapshot), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diversity-report-{snapshot.period}.pdf"'
    return response


@benchmark_add_required
@require_http_methods(["GET", "POST"])
def benchmarks(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BenchmarkImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.benchmarks_parse_csv(text=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            created = services.benchmarks_import(
                rows=rows,
                name=form.cleaned_data["name"],
                as_of=form.cleaned_data["as_of"],
                make_default=form.cleaned_data["make_default"],
                actor=request.user,
            )
            messages.success(request, _("Imported %(n)d benchmark sets.") % {"n": len(created)})
            return redirect("reports:benchmarks")
    sets = selectors.benchmark_sets_labelled(labels=report_labels())
    return render(request, "reports/benchmarks.html", {"form": form, "sets": sets})


@benchmark_add_required
@require_http_methods(["GET", "POST"])
def benchmark_weight(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    population = get_object_or_404(BenchmarkSet.objects.prefetch_related("shares"), pk=pk)
    labels = report_labels().get(population.dimension, {})
    categories = {share.category: labels.get(share.category, share.category) for share in population.shares.all()}
    form = PrevalenceForm(request.POST if request.method == "POST" else None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            services.benchmark_weight_by_prevalence(
                population=population, prevalence=form.rates(), source=form.cleaned_data["source"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Prevalence-weighted benchmark made."))
            return redirect("reports:benchmarks")
    return render(request, "reports/benchmark_weight.html", {"form": form, "population": population})
