"""The organisers' workspace for events, under /workspace/events/."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns: list = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/invitations/", views.event_invitations, name="invitations"),
    path("<int:pk>/minutes/", views.event_minutes, name="minutes"),
    path("<int:pk>/registrations/", views.registration_list, name="registrations"),
    path("<int:pk>/registrations/export.<slug:fmt>", views.registration_export, name="export"),
    path("<int:pk>/registrations/<int:registration_pk>/check-in/", views.registration_check_in, name="check_in"),
    path("<int:pk>/registrations/<int:registration_pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/certificates/", views.certificates_issue, name="certificates_issue"),
    path("certificates/<int:pk>.pdf", views.registration_certificate, name="certificate"),
]
