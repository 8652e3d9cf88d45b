"""For data migrations that give roles their permissions."""

from typing import Any

from django.contrib.auth.management import create_permissions


def permissions_create(apps: Any, app_label: str) -> None:
    """Permissions are normally made after all migrations have run; a migration that grants them
    needs them now. Works with the migration state's app registry and with the real one."""
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module


def permissions_grant(apps: Any, *, role: str, app_label: str, codenames: list[str]) -> None:
    permissions_create(apps, app_label)
    group = apps.get_model("auth", "Group").objects.get(name=role)
    permission = apps.get_model("auth", "Permission")
    group.permissions.add(*permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
