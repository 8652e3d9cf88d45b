import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mind_involve.settings")

app = Celery("mind_involve")
# Every CELERY_* Django setting configures the app, so there is one place to read.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
