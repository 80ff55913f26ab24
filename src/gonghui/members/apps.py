from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from .exports import roster_workbook
        from .imports import member_import
        from .selectors import figures

        register(
            Ledger(
                name="members",
                label="会员名册",
                importer=member_import,
                exporter=roster_workbook,
                figures=figures,
            )
        )
