from django.urls import path

from fazhi.core.wordtemplates import views

app_name = "wordtemplates"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("<str:code>/download/", views.download, name="download"),
    path("<str:code>/upload/", views.upload, name="upload"),
    path("<str:code>/reset/", views.reset, name="reset"),
]
