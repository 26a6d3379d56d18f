"""The admin page on which the secretariat and superusers reset a person's lost second factor
(`federation.admin_views.second_factor_reset`), and its button in the users listing. The secretariat, which
keeps roles but not user accounts, finds the same button in the roles listing (members/wagtail_hooks.py)."""

from django.urls import path, reverse
from wagtail import hooks

from federation import admin_views


@hooks.register("register_admin_urls")
def register_second_factor_reset_url():
    return [path("second-factor/<int:user_id>/reset/", admin_views.second_factor_reset, name="second_factor_reset")]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_user_listing_button(user, request_user):
    button = admin_views.second_factor_reset_button(person=user, request_user=request_user, back=reverse("wagtailusers_users:index"))
    return [button] if button else []
