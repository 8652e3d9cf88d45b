from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.csv import csv_render

from . import selectors, services
from .forms import BuildForm
from .models import ReportSnapshot

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
