"""The members' workspace for positions (drafting, comments, signing), under /workspace/positions/."""

from django.urls import path

app_name = "positions"

urlpatterns: list = []
