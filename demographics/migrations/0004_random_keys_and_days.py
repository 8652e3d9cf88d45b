"""No finer time or order than the day.

- Answers, consents and used invitations get random (UUID4) primary keys in place of sequential
  ones. The old ids go: they put rows in the order people answered.
- Consents keep the day they were given and withdrawn (a date, no time); used invitations the
  day of use.
- Equality events leave the shared audit log for a count per day and kind (EventCount). The
  audit rows already written (one per consent, answer, withdrawal and erasure, with the time to
  the microsecond and which question was answered) become counts and are deleted.

Written by hand so that it runs on PostgreSQL and on SQLite: the primary key moves to a new
column in steps, since a bigint cannot be cast to a uuid.
"""

import uuid

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

RANDOM_KEY_MODELS = ["answer", "consent", "usedinvitation"]

# Audit actions that were one row per person's equality event, and the count each becomes.
AUDIT_KINDS = {
    "equality_consent_given": "consent_given",
    "equality_answer_given": "answer_given",
    "equality_answer_changed": "answer_changed",
    "equality_consent_withdrawn": "consent_withdrawn",
    "equality_data_erased": "data_erased",
}


def fill_random_keys(apps, schema_editor):
    for name in RANDOM_KEY_MODELS:
        model = apps.get_model("demographics", name)
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(new_id=uuid.uuid4())


def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def keep_only_days(apps, schema_editor):
    Consent = apps.get_model("demographics", "Consent")
    for consent in Consent.objects.all():
        Consent.objects.filter(pk=consent.pk).update(
            given_on=_day(consent.given_at), withdrawn_on=_day(consent.withdrawn_at)
        )
    UsedInvitation = apps.get_model("demographics", "UsedInvitation")
    for used in UsedInvitation.objects.all():
        UsedInvitation.objects.filter(pk=used.pk).update(used_on=_day(used.used_at))


def audit_rows_to_daily_counts(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    EventCount = apps.get_model("demographics", "EventCount")
    counts = {}
    events = AuditEvent.objects.filter(action__in=list(AUDIT_KINDS))
    for action, at in events.values_list("action", "at").iterator():
        key = (timezone.localdate(at), AUDIT_KINDS[action])
        counts[key] = counts.get(key, 0) + 1
    EventCount.objects.bulk_create(
        [EventCount(id=uuid.uuid4(), day=day, kind=kind, count=count) for (day, kind), count in counts.items()]
    )
    events.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("demographics", "0003_equality_lead_permissions"),
        ("core", "0001_initial"),
    ]

    operations = [
        # Random keys: a new column, filled, made the primary key, then named id.
        *[migrations.AddField(name, "new_id", models.UUIDField(null=True)) for name in RANDOM_KEY_MODELS],
        migrations.RunPython(fill_random_keys, migrations.RunPython.noop),
        *[migrations.RenameField(name, "id", "old_id") for name in RANDOM_KEY_MODELS],
        *[
            migrations.AlterField(name, "old_id", models.BigIntegerField(serialize=False))
            for name in RANDOM_KEY_MODELS
        ],
        *[
            migrations.AlterField(name, "new_id", models.UUIDField(primary_key=True, serialize=False))
            for name in RANDOM_KEY_MODELS
        ],
        *[migrations.RemoveField(name, "old_id") for name in RANDOM_KEY_MODELS],
        *[migrations.RenameField(name, "new_id", "id") for name in RANDOM_KEY_MODELS],
        *[
            migrations.AlterField(
                name,
                "id",
                models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False, verbose_name="ID"),
            )
            for name in RANDOM_KEY_MODELS
        ],
        # Days, not times.
        migrations.AddField("consent", "given_on", models.DateField(null=True, verbose_name="given on")),
        migrations.AddField(
            "consent", "withdrawn_on", models.DateField(blank=True, null=True, verbose_name="withdrawn on")
        ),
        migrations.AddField(
            "usedinvitation", "used_on", models.DateField(default=timezone.localdate, verbose_name="used on")
        ),
        migrations.CreateModel(
            name="EventCount",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consent_given", "Consent given"),
                            ("answer_given", "Answer given"),
                            ("answer_changed", "Answer changed or cleared"),
                            ("consent_withdrawn", "Consent withdrawn, answers deleted"),
                            ("data_erased", "Equality data erased with an account"),
                        ],
                        max_length=32,
                        verbose_name="kind of event",
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="count")),
            ],
            options={
                "verbose_name": "equality event count",
                "verbose_name_plural": "equality event counts",
                "ordering": ["-day", "kind"],
                "constraints": [models.UniqueConstraint(fields=("day", "kind"), name="demographics_one_count_a_day")],
            },
        ),
        migrations.RunPython(keep_only_days, migrations.RunPython.noop),
        migrations.RunPython(audit_rows_to_daily_counts, migrations.RunPython.noop),
        migrations.RemoveConstraint("consent", "demographics_one_active_consent"),
        migrations.RemoveField("consent", "given_at"),
        migrations.RemoveField("consent", "withdrawn_at"),
        migrations.RemoveField("usedinvitation", "used_at"),
        migrations.AlterField("consent", "given_on", models.DateField(verbose_name="given on")),
        migrations.AddConstraint(
            "consent",
            models.UniqueConstraint(
                condition=Q(("withdrawn_on__isnull", True)),
                fields=("subject_key",),
                name="demographics_one_active_consent",
            ),
        ),
    ]
