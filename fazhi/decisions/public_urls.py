from django.urls import path

from fazhi.decisions import public

app_name = "decisions_public"

urlpatterns = [
    path("", public.catalogue_list, name="catalogues"),
    path("catalogue/<str:ref>/", public.catalogue, name="catalogue"),
    path("decision/<str:ref>/", public.decision, name="decision"),
]
