from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("u/<slug:unit_code>/audit/", views.unit_log, name="unit_log"),
    path("u/<slug:unit_code>/audit/ekspor.csv", views.export, name="export"),
    path("u/<slug:unit_code>/audit/<int:change_id>/", views.change, name="change"),
]
