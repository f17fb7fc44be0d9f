"""The site's URLs plus two views that fail, for the error-page tests (`ROOT_URLCONF` override)."""

from django.urls import path

from fazhi.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("测试用的故障")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), *urlpatterns]
