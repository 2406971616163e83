from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("<slug:unit_code>/", views.survey_form, name="form"),
    path("<slug:unit_code>/terima-kasih/", views.thanks, name="thanks"),
]
