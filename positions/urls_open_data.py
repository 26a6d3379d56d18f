"""/open-data/…: the open-data files of adopted positions, one address whatever the language."""

from django.urls import path

from positions import views_open_data

urlpatterns: list = [
    path("positions.csv", views_open_data.positions_csv, name="positions"),
    path("signatures.csv", views_open_data.signatures_csv, name="signatures"),
]
