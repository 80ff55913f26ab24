from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "工作总结与驾驶舱"

    def ready(self):
        # Each app contributes its sections from its own report.py (like admin.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("report")
