"""Keep the planned presidency schedule in step with membership: thin receivers calling the service."""

from django.dispatch import receiver

from members.signals import association_joined, association_left
from presidency.services import schedule_replan


@receiver(association_joined)
@receiver(association_left)
def replan_after_membership_change(sender, association, day, **kwargs):
    schedule_replan()
