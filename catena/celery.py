"""Celery application. Without CATENA_BROKER_URL every task runs in-process (eagerly)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")

app = Celery("catena")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
