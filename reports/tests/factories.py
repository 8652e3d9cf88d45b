"""Report snapshots as a build leaves them, for tests of what happens around a build (the trend,
recovery, older shapes) rather than of the build itself (reports/tests/populations.py builds)."""

import factory

from reports.models import ReportSnapshot


class ReportSnapshotFactory(factory.django.DjangoModelFactory):
    """A queued whole-organisation report of 2026Q3, under the default disclosure thresholds."""

    class Meta:
        model = ReportSnapshot

    period = "2026Q3"
    min_cell = 5
    min_breakdown = 10
