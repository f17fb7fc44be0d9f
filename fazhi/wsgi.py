import os

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402 — after Django is set up

from fazhi.core.startup import refuse_without_static_files  # noqa: E402

refuse_without_static_files()  # before the middleware loads: one line, no warnings, no traceback
application = get_wsgi_application()

if settings.FAZHI_SUGGEST_IN_BACKGROUND:
    from fazhi.supervision.suggest_services import warm_up_in_background

    warm_up_in_background()
