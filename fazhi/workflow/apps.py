from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "fazhi.workflow"
    label = "workflow"
    verbose_name = "流程与期限"
