"""The public answer page of a survey (mounted at ``/s/`` by ``catena/urls.py``): no sign-in,
the link's token is the credential."""

from django.urls import path

from catena.service.views import surveys

app_name = "survey"

urlpatterns = [path("<str:token>/", surveys.survey_answer, name="answer")]
