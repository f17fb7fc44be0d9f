from django.urls import path

from fazhi.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/transition/<slug:code>/", views.contract_transition, name="transition"),
    path("<int:pk>/payments/", views.payment_add, name="payment_add"),
    path("payments/<int:pk>/transition/<slug:code>/", views.payment_transition, name="payment_transition"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("credit/", views.credit_list, name="credit"),
    path("credit/<int:pk>/rectify/", views.credit_rectify, name="credit_rectify"),
    path("credit/<int:pk>/publish/", views.credit_publish, name="credit_publish"),
    path("credit/export/", views.credit_export, name="credit_export"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments/<int:pk>/close/", views.commitment_close, name="commitment_close"),
]
