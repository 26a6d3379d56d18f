"""Public addresses of events outside the Wagtail page tree: the cancellation and certificate links sent by
mail (no login needed), and the iCalendar feeds."""

page_urlpatterns: list = []
feed_urlpatterns: list = []
