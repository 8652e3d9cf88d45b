"""Census 2021 England and Wales benchmarks, from shared/reference/benchmarks-census-2021-england-wales.csv,
and the report permissions for the roles that read and build reports."""

import datetime
from decimal import Decimal

from django.db import migrations

from core.permissions import permissions_grant

SETS = [
    (
        "Census 2021 England and Wales: ethnic group (5 groups)",
        "ethnic_group",
        "Census 2021 England and Wales (ONS; Ethnicity facts and figures 'Population of England and Wales'), "
        "non-responses excluded",
        {"white": "81.7", "asian": "9.3", "black": "4.0", "mixed": "2.9", "other": "2.1"},
    ),
    (
        "Census 2021 England and Wales: sex",
        "sex",
        "Census 2021 England and Wales: 30,420,202 of 59,597,542 usual residents female",
        {"female": "51.0", "male": "49.0"},
    ),
]


def create(apps, schema_editor):
    BenchmarkSet = apps.get_model("reports", "BenchmarkSet")
    BenchmarkShare = apps.get_model("reports", "BenchmarkShare")
    for name, dimension, source, shares in SETS:
        benchmark = BenchmarkSet.objects.create(
            name=name, dimension=dimension, source=source, as_of=datetime.date(2021, 3, 21), is_default=True
        )
        for category, percent in shares.items():
            BenchmarkShare.objects.create(benchmark=benchmark, category=category, percent=Decimal(percent))
    permissions_grant(
        apps,
        role="Equality lead",
        app_label="reports",
        codenames=[
            "build_report",
            "view_benchmarkset",
            "add_benchmarkset",
            "change_benchmarkset",
            "view_benchmarkshare",
            "add_benchmarkshare",
            "change_benchmarkshare",
            "delete_benchmarkshare",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
