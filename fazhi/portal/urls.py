from django.urls import path

from fazhi.portal import suggestions, views

app_name = "portal"

urlpatterns = [
    path("", views.search, name="search"),
    path("doc/<str:ref>/", views.document, name="document"),
    path("doc/<str:ref>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("law/<str:law_id>/", views.law, name="law"),
    path("suggest/", suggestions.suggest, name="suggest"),
    path("cleanup/", views.cleanup_list, name="cleanup_list"),
    path("cleanup/<int:pk>/", views.cleanup, name="cleanup"),
]
