"""Sessions now live in Redis (or files in the embedded default): the rows left in the database
would keep naming people and the time of their last request, so they go. Everyone signed in
when this runs signs in again."""

from django.db import migrations


def delete_database_sessions(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(delete_database_sessions, migrations.RunPython.noop)]
