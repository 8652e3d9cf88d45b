"""Census 2021 England and Wales benchmarks, from shared/reference/benchmarks-census-2021-england-wales.csv,
and the report permissions for the roles that read and build reports."""

import datetime
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    app_config = apps.get_app_config("reports")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    build = Permission.objects.get(content_type__app_label="reports", codename="build_report")
    Group.objects.get(name="Equality lead").permissions.add(
        build,
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=["view_benchmarkset", "add_benchmarkset", "change_benchmarkset", "view_benchmarkshare",
                          "add_benchmarkshare", "change_benchmarkshare", "delete_benchmarkshare"],
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
