from django.contrib import admin

from .models import (
    Article,
    Event,
    EventEntry,
    EventPhoto,
    Outlet,
    PracticeReturn,
    Trainee,
    Training,
)


class EntryInline(admin.TabularInline):
    model = EventEntry
    extra = 0
    raw_id_fields = ["org"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_date", "org", "contestants", "audience"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["org"]
    inlines = [EntryInline]


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "medium", "level", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "org", "outlet", "used"]
    list_filter = ["used", "outlet"]
    raw_id_fields = ["org"]


admin.site.register(Training)
admin.site.register(Trainee, raw_id_fields=["person", "training"])
admin.site.register(EventPhoto)
admin.site.register(PracticeReturn)
