from django import template
from django.utils.html import format_html

from federation import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def page_cache_csrf_token(context):
    """`{% csrf_token %}` for a form on a page the anonymous page cache may store: the stored page holds a
    placeholder, and each visitor's copy gets their own token (federation/page_cache.py)."""
    token = page_cache.csrf_token(context["request"])
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
