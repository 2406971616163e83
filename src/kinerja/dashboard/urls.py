from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("u/<slug:unit_code>/<int:year>/", views.unit, name="unit"),
    path("u/<slug:unit_code>/<int:year>/unit-bawahan/", views.parent, name="parent"),
    path("u/<slug:unit_code>/unit-bawahan/", views.parent_latest, name="parent_latest"),
]
