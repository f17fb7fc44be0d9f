from django.urls import path

from fazhi.decisions import views

app_name = "decisions"

urlpatterns = [
    path("catalogues/", views.catalogue_list, name="catalogues"),
    path("catalogues/<int:pk>/", views.catalogue_detail, name="catalogue"),
    path("catalogues/<int:pk>/transition/<slug:code>/", views.catalogue_transition, name="catalogue_transition"),
    path("catalogues/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("catalogues/<int:pk>/entries/<int:entry_pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("catalogues/<int:pk>/entries/<int:entry_pk>/start/", views.decision_start, name="start"),
    path("list/", views.decision_list, name="list"),
    path("list/<int:pk>/", views.decision_detail, name="detail"),
    path("list/<int:pk>/transition/<slug:code>/", views.decision_transition, name="transition"),
    path("list/<int:pk>/draft/", views.draft_edit, name="draft"),
    path("list/<int:pk>/comments/<int:comment_pk>/", views.comment_handle, name="comment_handle"),
    path("list/<int:pk>/opinions/", views.opinion_add, name="opinion_add"),
    path("list/<int:pk>/counsel/", views.counsel_add, name="counsel_add"),
    path("list/<int:pk>/requirements/", views.requirement_add, name="requirement_add"),
    path("list/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("list/<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_remove, name="attachment_remove"),
    path("list/<int:pk>/archive/", views.archive_export, name="archive"),
    path("experts/", views.expert_list, name="experts"),
    path("procedure-sets/", views.procedure_set_list, name="procedure_sets"),
    path("rates/", views.rates, name="rates"),
]
