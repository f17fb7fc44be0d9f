from django.urls import path

from fazhi.decisions import public

app_name = "decisions_public"

# Each record's own public page; the lists are the portal's catalogue pages (/portal/decisions/ …).
urlpatterns = [
    path("catalogue/<str:ref>/", public.catalogue, name="catalogue"),
    path("<str:ref>/", public.decision, name="decision"),
]
