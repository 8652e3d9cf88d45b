"""Every permission the code checks, named once, and the view decorators built on them.

Roles are Groups holding these permissions (data migrations grant them); code asks for a
permission, never for a role's name, so an administrator can widen or narrow a role in admin.
core is the base layer, so these are plain strings: naming a permission imports no app.
"""

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.contrib.auth.management import create_permissions

STAFF_AREA_CODENAME = "use_staff_area"
STAFF_AREA = f"accounts.{STAFF_AREA_CODENAME}"
DASHBOARD_VIEW = "accounts.view_diversity_dashboard"
EQUALITY_MONITORING_MANAGE = "accounts.manage_equality_monitoring"
CLAIMS_APPROVE_AND_PAY_CODENAME = "approve_and_pay_claims"
CLAIMS_APPROVE_AND_PAY = f"workshops.{CLAIMS_APPROVE_AND_PAY_CODENAME}"
QUESTION_SET_ADD = "demographics.add_questionset"
QUESTION_SET_CHANGE = "demographics.change_questionset"
REPORT_BUILD = "reports.build_report"
BENCHMARK_ADD = "reports.add_benchmarkset"

# A signed-out visitor is sent to sign in; a signed-in one without the permission gets 403.
staff_required = permission_required(STAFF_AREA, raise_exception=True)
dashboard_required = permission_required(DASHBOARD_VIEW, raise_exception=True)
question_sets_required = permission_required(QUESTION_SET_CHANGE, raise_exception=True)
report_build_required = permission_required(REPORT_BUILD, raise_exception=True)
benchmark_add_required = permission_required(BENCHMARK_ADD, raise_exception=True)


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
