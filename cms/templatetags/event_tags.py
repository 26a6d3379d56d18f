"""Showing events on the public pages: when (in the event's own time zone) and where."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def zone_label(time_zone: str) -> str:
    labels = {"Europe/Warsaw": _("Warsaw time"), "Europe/Prague": _("Prague time"), "Europe/Brussels": _("Brussels time"), "UTC": "UTC"}
    return labels.get(time_zone, time_zone)


@register.simple_tag
def event_when(event, *, with_zone: bool = True):
    """When, in the event's own time zone: "12 March 2026, 10:00–14:00 (Warsaw time)"; both dates for several days."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    start_text = f"{date_format(starts, 'DATE_FORMAT')}, {starts:%H:%M}"
    same_day = starts.date() == ends.date()
    end_text = f"{ends:%H:%M}" if same_day else f"{date_format(ends, 'DATE_FORMAT')}, {ends:%H:%M}"
    zone = format_html(' <span class="event-zone">({})</span>', zone_label(event.time_zone)) if with_zone else ""
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>{}',
        starts.isoformat(timespec="minutes"),
        start_text,
        "–" if same_day else " – ",
        ends.isoformat(timespec="minutes"),
        end_text,
        zone,
    )


@register.simple_tag
def event_local(moment, event):
    """A moment (e.g. when registration closes) as a date and time in the event's time zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, event.zone)
    return format_html(
        '<time datetime="{}">{}, {}</time>', local.isoformat(timespec="minutes"), date_format(local, "DATE_FORMAT"), f"{local:%H:%M}"
    )
