"""Public addresses of events outside the Wagtail page tree: the cancellation and certificate links sent by
mail (no login needed), and the iCalendar feeds."""

from django.urls import path

from events import views_public

# /registrations/… (and /cs/…, /en/…): the links in the participants' mail.
page_urlpatterns: list = [
    path("cancel/<str:token>/", views_public.registration_cancel, name="cancel"),
    path("certificate/<str:token>/", views_public.certificate, name="certificate"),
]

# /calendar/… — language-neutral iCalendar feeds for Google, Outlook and Apple calendars.
feed_urlpatterns: list = [
    path("events.ics", views_public.calendar_all, name="all"),
    path("<slug:association>.ics", views_public.calendar_association, name="association"),
]
