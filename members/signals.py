"""Signals other apps listen to; sent only by `members.services` after the change is committed."""

from django.dispatch import Signal

# Sent with `association` and `day` when an association joins or leaves the federation.
association_joined = Signal()
association_left = Signal()
