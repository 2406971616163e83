from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "kinerja.datasets"
    label = "datasets"
    verbose_name = "Dataset"
