from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = "帮扶与送温暖"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from .ledger import aid_export, aid_figures_ledger, aid_import

        register(
            Ledger(
                name="aid",
                label="帮扶台账",
                importer=aid_import,
                exporter=aid_export,
                figures=aid_figures_ledger,
            )
        )
