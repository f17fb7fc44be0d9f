from django.urls import path

from fazhi.normdocs import filing_views, settings_views, views

app_name = "normdocs"

urlpatterns = [
    # Documents live under documents/ so the menu marks 文件登记 on their pages and nowhere else.
    path("documents/", views.document_list, name="list"),
    path("documents/new/", views.document_create, name="create"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="edit"),
    path("documents/<int:pk>/transition/<slug:code>/", views.document_transition, name="transition"),
    path("documents/<int:pk>/amend/", views.document_amend, name="amend"),
    path("documents/<int:pk>/amend/fields/", views.amend_fields, name="amend_fields"),
    path("documents/<int:pk>/fair-competition/", views.fair_competition_record, name="fair_competition"),
    path("documents/<int:pk>/expiry-evaluations/<int:evaluation_pk>/", views.expiry_conclude, name="expiry_conclude"),
    path("documents/<int:pk>/relations/", views.relation_add, name="relation_add"),
    path("documents/<int:pk>/relations/fields/", views.relation_fields, name="relation_fields"),
    path("documents/<int:pk>/relations/<int:relation_pk>/delete/", views.relation_remove, name="relation_remove"),
    path("documents/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("documents/<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_remove,
         name="attachment_remove"),
    path("filing/", views.filing_list, name="filing"),
    path("filings/", filing_views.filing_queue, name="filing_queue"),
    path("filings/<int:pk>/", filing_views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/transition/<slug:code>/", filing_views.filing_transition, name="filing_transition"),
    path("suggestions/", filing_views.suggestion_list, name="suggestion_list"),
    path("suggestions/<int:pk>/", filing_views.suggestion_detail, name="suggestion_detail"),
    path("rates/", views.rates_dashboard, name="rates"),
    path("settings/", settings_views.rule_settings, name="rules"),
    path("settings/numbering/", views.numbering_set, name="numbering_set"),
    path("cleanup/", views.cleanup_list, name="cleanup_list"),
    path("cleanup/<int:pk>/", views.cleanup_detail, name="cleanup_detail"),
    path("cleanup/<int:pk>/add/", views.cleanup_add, name="cleanup_add"),
    path("cleanup/<int:pk>/items/<int:item_pk>/", views.cleanup_decide, name="cleanup_decide"),
    path("cleanup/<int:pk>/publish/", views.cleanup_publish, name="cleanup_publish"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_run, name="import_run"),
]
