from django.apps import AppConfig


class WordTemplatesConfig(AppConfig):
    name = "fazhi.core.wordtemplates"
    label = "wordtemplates"
    verbose_name = "文书模板"
