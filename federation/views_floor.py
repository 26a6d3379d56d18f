"""The benchmark's floor (bench/run.py): the cheapest page the app serves, a fixed template through the whole
middleware stack with no database and no session. Every page type's rate is compared with this one's, measured
in the same run, so the figures mean something on any machine.

Included from federation/urls.py at /bench/floor/, outside the language prefixes."""

from django.urls import path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

floor = require_safe(TemplateView.as_view(template_name="bench_floor.html"))

urlpatterns = [
    path("", floor, name="bench_floor"),
]
