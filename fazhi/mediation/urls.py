from django.urls import path

from fazhi.mediation import views

app_name = "mediation"

urlpatterns = [
    path("", views.mediation_list, name="list"),
    path("<int:pk>/close/", views.mediation_close, name="close"),
    path("<int:pk>/performance/", views.mediation_performance, name="performance"),
    path("adjudication/lists/", views.adjudication_lists, name="lists"),
    path("adjudication/", views.adjudication_list, name="adjudications"),
    path("adjudication/<int:pk>/rights/", views.adjudication_rights, name="rights"),
    path("adjudication/<int:pk>/decide/", views.adjudication_decide, name="decide"),
    path("counts/", views.region_counts, name="counts"),
]
