"""Catena: a CRM for companies that live inside a supply chain."""

from catena.celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
