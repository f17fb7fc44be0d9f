from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        # Load the project's Celery app with Django, so every shared_task (and .delay in the eager
        # default) uses its settings; not in fazhi/__init__, which the plan CLI imports without Django.
        from fazhi import celery  # noqa: F401
