from django.urls import path

from catena.comms import views

app_name = "comms"
urlpatterns = [
    path("", views.interaction_list, name="interaction_list"),
    path("party/<int:party_id>/", views.party_timeline, name="party_timeline"),
]
