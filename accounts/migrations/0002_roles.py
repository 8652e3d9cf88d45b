"""Creates the five roles as permission Groups. Later apps grant their own permissions to them."""

from django.db import migrations

from core.permissions import permissions_create

ROLE_PERMISSIONS = {
    "Applicant": [],
    "Recruiting staff": ["accounts.use_staff_area"],
    "Board member": ["accounts.view_diversity_dashboard"],
    "Equality lead": [
        "accounts.use_staff_area",
        "accounts.view_diversity_dashboard",
        "accounts.manage_equality_monitoring",
    ],
    # Administrators run the site through Django admin; accounts.services makes them superusers.
    "Administrator": [
        "accounts.use_staff_area",
        "accounts.view_diversity_dashboard",
        "accounts.manage_equality_monitoring",
    ],
}


def create_roles(apps, schema_editor):
    for app_label in ("auth", "accounts"):
        permissions_create(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
