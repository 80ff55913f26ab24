from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    label = "honors"
    verbose_name = "劳模"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from . import ledger

        register(
            Ledger(
                name="modelworkers",
                label="劳模台账",
                importer=ledger.modelworkers_import,
                exporter=ledger.modelworkers_export,
                figures=ledger.modelworkers_figures,
            )
        )
