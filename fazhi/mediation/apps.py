from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = "行政调解与行政裁决"
