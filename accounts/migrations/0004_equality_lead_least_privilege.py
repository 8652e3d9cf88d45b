"""Least privilege: the Equality lead keeps reports, benchmarks and question sets, and loses the
staff area (the recruitment pipeline, its application pages and export, and meeting staff pages)."""

from django.db import migrations


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff_area = Permission.objects.filter(content_type__app_label="accounts", codename="use_staff_area")
    Group.objects.get(name="Equality lead").permissions.remove(*staff_area)


def restore(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff_area = Permission.objects.filter(content_type__app_label="accounts", codename="use_staff_area")
    Group.objects.get(name="Equality lead").permissions.add(*staff_area)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_encrypt_second_factors")]

    operations = [migrations.RunPython(revoke, restore)]
