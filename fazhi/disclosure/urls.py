from django.urls import path

from fazhi.disclosure import public, views, views_records

app_name = "disclosure"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/receive/", views.request_receive, name="receive"),
    path("<int:pk>/transition/<slug:code>/", views.request_transition, name="transition"),
    path("<int:pk>/letters/<slug:kind>/", views.request_letter, name="letter"),
    path("appeals/", views_records.appeal_list, name="appeals"),
    path("appeals/<int:pk>/conclude/", views_records.appeal_conclude, name="appeal_conclude"),
    path("staff/", views_records.staff_list, name="staff"),
    path("staff/<int:pk>/leave/", views_records.staff_leave, name="staff_leave"),
    path("staff/report/<int:unit_pk>/", views_records.staff_report, name="staff_report"),
    path("annual/", views_records.annual_report, name="annual"),
    # Public, no account
    path("public/apply/", public.apply, name="apply"),
]
