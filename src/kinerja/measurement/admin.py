from django.contrib import admin

from .models import Realization


@admin.register(Realization)
class RealizationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "period", "value", "as_reported", "evidence"]
    list_filter = ["year", "period", "indicator__version__plan__unit"]
    search_fields = ["indicator__code", "indicator__name", "note"]
