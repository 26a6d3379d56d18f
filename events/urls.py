"""The organisers' workspace for events, under /workspace/events/."""

app_name = "events"

urlpatterns: list = []
