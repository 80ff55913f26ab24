from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = "集体协商与建会"
