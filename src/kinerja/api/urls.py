from django.urls import path

from . import views

app_name = "apiweb"
urlpatterns = [
    path("akun/token-api/", views.tokens_page, name="tokens"),
]
