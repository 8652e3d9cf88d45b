"""The Equality lead manages question sets in admin."""

from django.db import migrations

from core.permissions import permissions_grant

EQUALITY_LEAD_PERMISSIONS = [
    "view_questionset", "add_questionset", "change_questionset",
    "view_question", "add_question", "change_question", "delete_question",
    "view_option", "add_option", "change_option", "delete_option",
]


def grant(apps, schema_editor):
    permissions_grant(apps, role="Equality lead", app_label="demographics", codenames=EQUALITY_LEAD_PERMISSIONS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name="Equality lead").permissions.remove(
        *apps.get_model("auth", "Permission").objects.filter(content_type__app_label="demographics")
    )


class Migration(migrations.Migration):
    dependencies = [("demographics", "0002_question_set_v1"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
