from django.urls import path

from fazhi.plans import views, views_align

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/fields/", views.import_fields, name="import_fields"),
    path("imports/<int:pk>/links/", views.import_links, name="import_links"),
    path("imports/<int:pk>/names/", views.import_name, name="import_name"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("imports/<int:pk>/items/<int:key>/edit/", views.item_edit, name="item_edit"),
    path("imports/<int:pk>/items/<int:key>/units/add/", views.item_unit_add, name="item_unit_add"),
    path("imports/<int:pk>/items/<int:key>/units/remove/", views.item_unit_remove, name="item_unit_remove"),
    path("imports/<int:pk>/items/<int:key>/deadline/", views.item_deadline, name="item_deadline"),
    path("imports/<int:pk>/items/<int:key>/split/", views.item_split, name="item_split"),
    path("imports/<int:pk>/items/<int:key>/merge/", views.item_merge, name="item_merge"),
    path("<int:pk>/align/", views_align.align, name="align"),
    path("<int:pk>/align/suggest/", views_align.align_suggest, name="align_suggest"),
    path("<int:pk>/align/link/", views_align.align_link, name="align_link"),
    path("<int:pk>/align/coverage/", views_align.align_coverage, name="align_coverage"),
    path("<int:pk>/align/<int:alignment_id>/confirm/", views_align.align_confirm, name="align_confirm"),
    path("<int:pk>/align/<int:alignment_id>/reject/", views_align.align_reject, name="align_reject"),
]
