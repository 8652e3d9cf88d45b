"""The Equality lead manages question sets in admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EQUALITY_LEAD_PERMISSIONS = [
    "view_questionset", "add_questionset", "change_questionset",
    "view_question", "add_question", "change_question", "delete_question",
    "view_option", "add_option", "change_option", "delete_option",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("demographics")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    lead = Group.objects.get(name="Equality lead")
    lead.permissions.add(
        *Permission.objects.filter(content_type__app_label="demographics", codename__in=EQUALITY_LEAD_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name="Equality lead").permissions.remove(
        *apps.get_model("auth", "Permission").objects.filter(content_type__app_label="demographics")
    )


class Migration(migrations.Migration):
    dependencies = [("demographics", "0002_question_set_v1"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
