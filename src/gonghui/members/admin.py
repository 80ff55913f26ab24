from django.contrib import admin

from .models import Membership, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number", "sex", "birth_date", "mobile"]
    search_fields = ["name", "id_number", "mobile"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "org", "joined", "status"]
    raw_id_fields = ["person", "org", "previous"]
    list_filter = ["status"]
