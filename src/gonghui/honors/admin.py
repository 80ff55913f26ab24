from django.contrib import admin

from .models import CareRecord, Honour, HonourCheck, ModelWorker, RetirementFiling


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


@admin.register(ModelWorker)
class ModelWorkerAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "statutory_retirement", "org", "employer"]
    list_filter = ["category"]
    search_fields = ["person__name", "person__id_number"]
    raw_id_fields = ["person", "org", "employer"]
    readonly_fields = ["statutory_retirement"]
    inlines = [HonourInline]


@admin.register(RetirementFiling)
class RetirementFilingAdmin(admin.ModelAdmin):
    list_display = ["worker", "state", "submitted_on", "approved_on"]
    list_filter = ["state"]
    raw_id_fields = ["worker"]


admin.site.register(HonourCheck)
admin.site.register(CareRecord)
