from django.urls import include, path

from fazhi.urls import handler400, handler403, handler404, handler500  # noqa: F401 — the same handlers
from fazhi.urls import urlpatterns as fazhi_patterns
from tests.toy import views

toy_patterns = ([
    path("errands/<int:pk>/", views.detail, name="detail"),
    path("errands/<int:pk>/transition/<slug:code>/", views.transition, name="transition"),
], "toy")

# The test suite's URLconf: the project's, with the toy module mounted as a new app would be.
urlpatterns = [path("toy/", include(toy_patterns)), *fazhi_patterns]
