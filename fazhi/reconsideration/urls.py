from django.urls import path

from fazhi.reconsideration import public_views, views

app_name = "reconsideration"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/transition/<slug:code>/", views.case_transition, name="transition"),
    path("cases/<int:pk>/documents/<slug:kind>/", views.case_document, name="document"),
    path("cases/<int:pk>/attachments/", views.case_attachments, name="attachments"),
    path("cases/<int:pk>/publish/", views.case_publish, name="publish"),
    path("cases/<int:pk>/performance/", views.case_performance, name="performance"),
    path("cases/<int:pk>/incidental/", views.incidental_add, name="incidental_add"),
    path("cases/<int:pk>/incidental/<int:review_pk>/", views.incidental_conclude, name="incidental_conclude"),
    path("cases/<int:pk>/opinions/", views.opinion_issue, name="opinion_issue"),
    path("cases/<int:pk>/opinions/<int:opinion_pk>/", views.opinion_report, name="opinion_report"),
    path("reports/", views.report_page, name="reports"),
    # Public, no account.
    path("apply/", public_views.apply, name="apply"),
    path("apply/done/", public_views.applied, name="applied"),
]
