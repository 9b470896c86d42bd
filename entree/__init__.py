"""Entree trajectory tracker: the project package (settings, urls, Celery, cross-cutting apps)."""

from entree.celery import app as celery_app

__all__ = ["celery_app"]
