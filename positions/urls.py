"""The members' workspace for positions (drafting, comments, signing), under /workspace/positions/."""

from django.urls import path

from positions import views

app_name = "positions"

urlpatterns: list = [
    path("", views.position_list, name="list"),
    path("new/", views.position_create, name="create"),
    path("<int:pk>/", views.position_detail, name="detail"),
    path("<int:pk>/edit/", views.position_edit, name="edit"),
    path("<int:pk>/move/", views.position_transition, name="transition"),
    path("<int:pk>/sign/", views.position_sign, name="sign"),
    path("<int:pk>/signatures/<int:signature_pk>/resolution/", views.signature_resolution, name="resolution"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/versions/compare/", views.version_compare, name="compare"),
    path("<int:pk>/comments/", views.comment_list, name="comments"),
    path("<int:pk>/comments/export-<slug:layout>.<slug:fmt>", views.comment_export, name="comments_export"),
]
