from django.conf import settings
from django.urls import include, path
from django.views.static import serve

from fazhi.api import api

urlpatterns = [
    path("api/", api.urls),
    path("plans/", include("fazhi.plans.urls")),
    path("supervision/", include("fazhi.supervision.urls")),
    path("normdocs/", include("fazhi.normdocs.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("contracts/", include("fazhi.contracts.urls")),
    path("portal/decision/", include("fazhi.decisions.public_urls")),
    path("portal/", include("fazhi.portal.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("mediation/", include("fazhi.mediation.urls")),
    path("reconsideration/", include("fazhi.reconsideration.urls")),
    path("litigation/", include("fazhi.litigation.urls")),
    path("wordtemplates/", include("fazhi.core.wordtemplates.urls")),
    path("workflow/", include("fazhi.workflow.urls")),
    path("", include("fazhi.core.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "fazhi.core.views.errors.bad_request"
handler403 = "fazhi.core.views.errors.forbidden"
handler404 = "fazhi.core.views.errors.not_found"
handler500 = "fazhi.core.views.errors.server_error"
