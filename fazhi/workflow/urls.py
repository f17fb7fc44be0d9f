from django.urls import path

from fazhi.workflow import views_clocks

app_name = "workflow"

urlpatterns = [
    path("clocks/", views_clocks.clock_list, name="clocks"),
]
