from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Employer, Organization, Placement, Team


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "short_name", "kind", "unit_type", "employees", "term_end"]
    search_fields = ["name", "short_name"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "industry", "employees", "org", "union"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["org", "union"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "leader"]
    raw_id_fields = ["org"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "role", "display_name"]
    raw_id_fields = ["org"]
