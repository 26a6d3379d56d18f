from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.sitemaps import SiteSitemap
from events import urls_public as events_urls_public
from federation import api as federation_api
from federation import views as federation_views
from federation import views_password
from positions import urls_open_data as positions_urls_open_data
from positions import urls_public as positions_urls_public

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Stored PDFs of adopted positions: one file per adopted text, whatever the language.
    path("pdf/", include((positions_urls_public.document_urlpatterns, "positions_documents"))),
    # Calendar feeds (iCalendar) of events: one file whatever the language.
    path("calendar/", include((events_urls_public.feed_urlpatterns, "events_calendar"))),
    # Every public page in every language, with one entry per adopted position.
    path("sitemap.xml", sitemap, {"sitemaps": {"site": SiteSitemap}, "template_name": "cms/sitemap.xml"}, name="sitemap"),
    # For load balancers and monitoring: database, cache and task queue (JSON; 503 without the database).
    path("healthz", federation_views.healthz, name="healthz"),
    path("robots.txt", TemplateView.as_view(template_name="cms/robots.txt", content_type="text/plain; charset=utf-8")),
    # The reference page of the API is a page of the site in each language (/api/v1/docs, /cs/api/v1/docs,
    # /en/api/v1/docs). It comes before the API, whose own docs route keeps the name `api-v1:openapi-view`
    # for the same Polish address, so that this one answers it and the language links can translate it.
    *i18n_patterns(path("api/v1/docs", federation_api.api_docs, name="api_docs"), prefix_default_language=False),
    # The public read-only JSON API, one address whatever the language; any other address under /api/ is a
    # JSON 404 rather than the site's HTML page.
    path("api/v1/", federation_api.api_index, name="api_index"),
    path("api/v1/", federation_api.api.urls),
    re_path(r"^api/(?P<path>.*)$", federation_api.api_not_found),
    # Open-data files (CSV) of adopted positions and their signatures: one file whatever the language.
    path("open-data/", include((positions_urls_open_data.urlpatterns, "open_data_files"))),
    path("bench/floor/", include("federation.views_floor")),
]

if settings.SERVE_MEDIA:
    # The embedded default serves uploaded media itself; production leaves this to the reverse proxy.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Polish, the default language, lives at the root; Czech and English under /cs/ and /en/.
urlpatterns += i18n_patterns(
    # Sign-in sends people who need the second factor (federation/two_factor.py) to it before going on.
    path("accounts/login/", federation_views.SignInView.as_view(), name="login"),
    path("accounts/two-factor/", federation_views.two_factor, name="two_factor"),
    path("accounts/two-factor/recovery-codes/", federation_views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Forgotten and changed passwords (federation/views_password.py), at the addresses and under the names of
    # django.contrib.auth.urls, which is not included: its views would draw the admin's templates.
    path("accounts/password_reset/", views_password.PasswordResetRequestView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views_password.PasswordResetSetView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password_change/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("workspace/positions/", include("positions.urls")),
    path("workspace/events/", include("events.urls")),
    path("registrations/", include((events_urls_public.page_urlpatterns, "events_public"))),
    path("verify/", include((positions_urls_public.page_urlpatterns, "positions_public"))),
    path("search/", cms_views.search, name="search"),
    path("open-data/", federation_views.open_data, name="open_data"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
