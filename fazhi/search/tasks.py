"""Celery tasks of the search app (scheduled by `CELERY_BEAT_SCHEDULE` in settings)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="search.choose_vocabulary")
def choose_vocabulary() -> int | None:
    """Weekly: a corpus that has grown from nothing gets its vocabulary of common terms (a full rebuild,
    `services.rebuild_index`); an index that has one is left alone (`fazhi search_rebuild` renews it)."""
    from fazhi.search.services import rebuild_index

    return rebuild_index(only_without_vocabulary=True)
