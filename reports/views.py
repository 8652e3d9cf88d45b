from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.csv import csv_render
from demographics.selectors import report_labels

from . import selectors, services
from .forms import BenchmarkImportForm, BuildForm, PrevalenceForm
from .models import BenchmarkSet, ReportSnapshot

dashboard_required = permission_required("accounts.view_diversity_dashboard", raise_exception=True)


def _snapshot(request: HttpRequest) -> ReportSnapshot | None:
    chosen = request.GET.get("snapshot", "")
    done = ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE)
    if chosen.isdigit():
        return get_object_or_404(done, pk=int(chosen))
    return done.filter(scope="").order_by("-period", "-finished_at").first()


def _charts(snapshot: ReportSnapshot) -> dict[str, str]:
    # Drawn at build time from published figures only; the SVG is ours, safe to place in the page.
    return {name: mark_safe(svg) for name, svg in snapshot.data.get("charts", {}).items()}  # noqa: S308


@dashboard_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    snapshot = _snapshot(request)
    context = {
        "snapshot": snapshot,
        "choices": selectors.snapshot_choices(),
        "in_progress": selectors.snapshots_in_progress().first(),
        "failed": selectors.snapshot_latest_failed(),
        "build_form": BuildForm(initial={"period": services.Period.last_complete().label}),
        "can_build": request.user.has_perm("reports.build_report"),
    }
    if snapshot is not None:
        context.update(tables=selectors.tables(snapshot), charts=_charts(snapshot), data=snapshot.data)
    return render(request, "reports/dashboard.html", context)


@permission_required("reports.build_report", raise_exception=True)
@require_POST
def build(request: HttpRequest) -> HttpResponse:
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reports:dashboard")
    services.snapshot_request(period=form.cleaned_data["period"], scope=form.cleaned_data["scope"], by=request.user)
    messages.success(request, _("The report is being built. This page shows its progress."))
    return redirect("reports:dashboard")


@dashboard_required
@require_GET
def table_csv(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    snapshot = get_object_or_404(ReportSnapshot, pk=pk, status=ReportSnapshot.Status.DONE)
    table = selectors.table_by_key(snapshot, key)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(csv_render(table.header, table.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.period}-{key}.csv"'
    return response


@dashboard_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML  # imported here: only the PDF needs it

    snapshot = get_object_or_404(ReportSnapshot, pk=pk, status=ReportSnapshot.Status.DONE)
    html = render_to_string(
        "reports/pdf.html",
        {
            "snapshot": snapshot,
            "data": snapshot.data,
            "tables": selectors.tables(snapshot),
            "charts": _charts(snapshot),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diversity-report-{snapshot.period}.pdf"'
    return response


@permission_required("reports.add_benchmarkset", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benchmarks(request: HttpRequest) -> HttpResponse:
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
    sets = BenchmarkSet.objects.prefetch_related("shares").order_by("dimension", "-as_of")
    return render(request, "reports/benchmarks.html", {"form": form, "sets": sets})


@permission_required("reports.add_benchmarkset", raise_exception=True)
@require_http_methods(["GET", "POST"])
def benchmark_weight(request: HttpRequest, pk: int) -> HttpResponse:
    population = get_object_or_404(BenchmarkSet.objects.prefetch_related("shares"), pk=pk)
    labels = report_labels().get(population.dimension, {}).get("options", {})
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
