from django.urls import path

from fazhi.litigation import views

app_name = "litigation"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/transition/<slug:code>/", views.case_transition, name="transition"),
    path("cases/<int:pk>/hearings/", views.hearing_add, name="hearing_add"),
    path("observations/", views.observations, name="observations"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("suggestions/<int:pk>/evidence/", views.suggestion_evidence, name="suggestion_evidence"),
    path("rates/", views.rates_page, name="rates"),
]
