from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = "集体协商与建会"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from .agreement_ledger import agreement_export, agreement_import, bargaining_figures
        from .employer_ledger import employer_export, employer_import

        register(
            Ledger(
                name="employers",
                label="用人单位台账",
                importer=employer_import,
                exporter=employer_export,
            )
        )
        register(
            Ledger(
                name="agreements",
                label="集体合同台账",
                importer=agreement_import,
                exporter=agreement_export,
                figures=bargaining_figures,
            )
        )
        register(
            Ledger(name="bargaining", label="工资集体协商与建会入会", figures=bargaining_figures)
        )
