from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动与宣传"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from . import ledger

        register(
            Ledger(
                name="activities",
                label="活动台账",
                importer=ledger.activities_import,
                exporter=ledger.activities_export,
                figures=ledger.activities_figures,
            )
        )
        register(
            Ledger(
                name="articles",
                label="信息宣传台账",
                importer=ledger.articles_import,
                exporter=ledger.articles_export,
                figures=ledger.articles_figures,
            )
        )
