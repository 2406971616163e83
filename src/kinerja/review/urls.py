from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("u/<slug:unit_code>/<int:year>/laporan/reviu/", views.review, name="review"),
]
