from django.urls import path

from fazhi.supervision import views, views_dashboard, views_excel, views_suggest

app_name = "supervision"

urlpatterns = [
    path("", views.ledger_list, name="ledger_list"),
    path("plans/<int:plan_id>/", views.plan_ledger, name="plan_ledger"),
    path("plans/<int:plan_id>/generate/", views.generate_ledger, name="generate_ledger"),
    path("plans/<int:plan_id>/ledger.xlsx", views_excel.ledger_export, name="ledger_export"),
    path("plans/<int:plan_id>/import/", views_excel.ledger_import_view, name="ledger_import"),
    path("import/", views_excel.ledger_import_new, name="ledger_import_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/units/add/", views.task_unit_add, name="task_unit_add"),
    path("tasks/<int:pk>/units/<int:unit_pk>/remove/", views.task_unit_remove, name="task_unit_remove"),
    path("tasks/<int:pk>/units/remove/", views.task_units_remove, name="task_units_remove"),
    path("tasks/<int:pk>/trigger/", views.task_trigger, name="task_trigger"),
    path("plans/<int:plan_id>/suggestions/", views_suggest.plan_suggestions, name="plan_suggestions"),
    path("tasks/<int:pk>/suggestions/", views_suggest.task_suggestions, name="task_suggestions"),
    path("tasks/<int:pk>/suggestions/accept/", views_suggest.task_suggestion_accept, name="task_suggestion_accept"),
    path("inbox/", views.inbox, name="inbox"),
    path("milestones/<int:milestone_pk>/report/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("review/", views.review_queue, name="review_queue"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/reply/", views.order_reply, name="order_reply"),
    path("orders/<int:pk>/close/", views.order_close, name="order_close"),
    path("orders/<int:pk>/docx/", views.order_docx, name="order_docx"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/order-template/", views.order_template, name="order_template"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/milestones/", views_dashboard.dashboard_milestones, name="dashboard_milestones"),
]
