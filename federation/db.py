"""Query helpers shared by the apps' selectors."""

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_subquery(queryset: QuerySet, outer_field: str):
    """A correlated `COUNT(*)` of `queryset` (already filtered on an OuterRef through `outer_field`), for
    `annotate()`. Unlike `Count()` over a join it adds no GROUP BY to the outer query, so a list that is
    paginated counts only the rows of its page, each from an index."""
    counted = queryset.order_by().values(outer_field).annotate(total=Count("*")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
