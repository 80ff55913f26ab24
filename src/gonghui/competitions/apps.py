from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = "劳动竞赛"

    def ready(self):
        from gonghui.core.ledgers import Ledger, register

        from . import ledger, ledger_grades

        register(
            Ledger(
                name="competition",
                label="竞赛（选手导入、双挂钩结果、统计与检查发现）",
                importer=ledger.contestants_import,
                exporter=ledger.competition_export,
                figures=ledger.competition_figures,
            )
        )
        register(
            Ledger(
                name="contestants",
                label="技能竞赛选手",
                importer=ledger.contestants_import,
                exporter=ledger.contestants_export,
                figures=ledger.contestants_figures,
            )
        )
        register(
            Ledger(
                name="proposals",
                label="合理化建议",
                importer=ledger.proposals_import,
                exporter=ledger.proposals_export,
                figures=ledger.proposals_figures,
            )
        )
        register(
            Ledger(
                name="graderises",
                label="职工技能等级提升",
                importer=ledger_grades.graderises_import,
                exporter=ledger_grades.graderises_export,
                figures=ledger_grades.graderises_figures,
            )
        )
