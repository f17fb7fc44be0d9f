from django.urls import path

from fazhi.portal import suggestions, views

app_name = "portal"

urlpatterns = [
    path("", views.search, name="search"),
    path("doc/<str:ref>/", views.document, name="document"),
    path("law/<str:law_id>/", views.law, name="law"),
    path("suggest/", suggestions.suggest, name="suggest"),
    path("cleanup/", views.cleanup_list, name="cleanup_list"),
    path("cleanup/<int:pk>/", views.cleanup, name="cleanup"),
    path("lookup/", views.lookup, name="lookup"),
    # Modules' catalogues (fazhi.portal.catalogue); after the fixed paths, whose names they may not take.
    path("<slug:slug>/", views.catalogue_list, name="catalogue"),
    path("<slug:slug>/<str:ref>/", views.catalogue_detail, name="catalogue_detail"),
]
