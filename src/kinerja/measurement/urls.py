from django.urls import path

from . import views

app_name = "measurement"

_QUARTER = "u/<slug:unit_code>/<int:year>/triwulan/<int:quarter>/<str:code>/"

urlpatterns = [
    path("u/<slug:unit_code>/<int:year>/triwulan/", views.entries, name="entries"),
    path(_QUARTER, views.entry, name="entry"),
    path(_QUARTER + "bukti/<int:pk>/", views.evidence, name="evidence"),
    path("u/<slug:unit_code>/<int:year>/jadwal/", views.windows, name="windows"),
]
