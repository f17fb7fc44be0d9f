import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 — after the application has set Django up

if settings.FAZHI_SUGGEST_IN_BACKGROUND:
    from fazhi.supervision.suggest_services import warm_up_in_background

    warm_up_in_background()
