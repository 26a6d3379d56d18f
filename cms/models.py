"""The public site: editorial pages in Wagtail, showing the federation's records through selectors.

Pages never own a legal record; the members, presidency, positions and events pages read them from
`members.selectors`, `presidency.selectors`, `positions.selectors` and `events.selectors`, and the events
page registers people through `events.services`.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.forms import CheckboxSelectMultiple
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import maps, regions
from cms.forms import (
    MAX_PARTICIPANTS,
    EventFilterForm,
    GoodPracticePageForm,
    InvoiceForm,
    OfficialCodesWidget,
    PositionFilterForm,
    PracticeFilterForm,
    field_error_items,
    local_government_label,
    member_local_governments,
    participant_formset,
)
from events import permissions as event_permissions
from events import selectors as event_selectors
from events import services as event_services
from events.enums import Audience, EventStatus, Fee
from events.models import Event
from federation import page_cache
from federation.i18n import TranslatedField
from federation.search import search_terms
from members import selectors as member_selectors
from members.enums import CZECH_KINDS, POLISH_KINDS, Country, LocalGovernmentKind
from members.models import Association, Topic
from positions import selectors as position_selectors
from positions.enums import PUBLIC_STATUSES, PositionStatus
from positions.models import Position
from positions.text import subpoint_label
from presidency import selectors as presidency_selectors


@register_setting(icon="site")
class FederationSettings(BaseSiteSetting):
    """The federation's identity and contact details, shown in the header, footer and contact page."""

    name_pl = models.CharField(_("name in Polish"), max_length=255, default="")
    name_cs = models.CharField(_("name in Czech"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    street_address = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    name = TranslatedField("name")

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_pl"), FieldPanel("name_cs"), FieldPanel("name_en"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("postal_code"), FieldPanel("city"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("federation")


class HomePage(Page):
    mission = models.TextField(_("mission"), help_text=_("One or two sentences under the federation's name."))
    body = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("mission"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("mission"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.NewsIndexPage",
        "cms.MembersPage",
        "cms.PresidencyPage",
        "cms.PositionIndexPage",
        "cms.EventIndexPage",
        "cms.GoodPracticeIndexPage",
        "cms.ContactPage",
        "cms.AccessibilityStatementPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["current_term"] = presidency_selectors.term_on(at=now)
        context["next_term"] = presidency_selectors.term_next(at=now)
        context["associations"] = member_selectors.association_list()
        context["latest_news"] = NewsPage.objects.live().public().filter(locale=self.locale).order_by("-date", "-pk")[:3]
        context["members_page"] = MembersPage.objects.live().filter(locale=self.locale).first()
        context["presidency_page"] = PresidencyPage.objects.live().filter(locale=self.locale).first()
        context["news_index"] = NewsIndexPage.objects.live().filter(locale=self.locale).first()
        context["latest_positions"] = position_selectors.position_list_public().filter(status=PositionStatus.PUBLISHED)[:3]
        context["positions_page"] = PositionIndexPage.objects.live().filter(locale=self.locale).first()
        context["events_page"] = EventIndexPage.objects.live().filter(locale=self.locale).first()
        if context["events_page"] is not None:
            context["next_events"] = list(event_selectors.event_list_upcoming(user=request.user, now=now)[:3])
            for event in context["next_events"]:
                event.places_left = event_selectors.places_left(event)
            # An event leaves the list when it ends.
            page_cache.changes_at(request, min((event.ends_at for event in context["next_events"]), default=None))
        return context

    def get_sitemap_urls(self, request=None):
        """This page, then the open-data page of its language (a Django view, not a page of the tree)."""
        urls = super().get_sitemap_urls(request)
        site_id, root_url, _page_path = self.get_url_parts(request)
        with translation.override(self.locale.language_code):
            urls.append({"location": root_url + reverse("open_data")})
        return urls


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body"), index.SearchField("search_terms")]
    subpage_types = ["cms.StandardPage"]

    def search_terms(self) -> str:
        return search_terms(self.title, self.intro, self.body)

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(RoutablePageMixin, Page):
    """The news in one language, newest first, with its Atom feed at `feed/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1
    per_page = 10
    feed_size = 30

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("news_feed")

    @path("")
    def news_index(self, request):
        return self.render(
            request,
            context_overrides={
                "news_page": Paginator(self.news(), self.per_page).get_page(request.GET.get("page")),
                "feed_url": self.feed_url(request),
            },
        )

    @path("feed/", name="news_feed")
    def news_feed(self, request):
        federation = FederationSettings.for_request(request)
        page_url = self.get_full_url(request)
        feed = Atom1Feed(
            title=f"{federation.name or self.title} – {self.title}",
            link=page_url,
            description=self.intro,
            language=get_language(),
            feed_url=request.build_absolute_uri(),
            author_name=federation.name or self.title,
        )
        for item in self.news()[: self.feed_size]:
            url = item.get_full_url(request)
            published = item.first_published_at or timezone.now()
            feed.add_item(
                title=item.title,
                link=url,
                unique_id=url,
                description=format_html("<p>{}</p>", item.summary),
                pubdate=published,
                updateddate=item.last_published_at or published,
                author_name=federation.name or self.title,
            )
        return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)


class NewsPage(Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_terms"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    def search_terms(self) -> str:
        """Folded, stemmed words of the title, summary and body (the site search queries these)."""
        return search_terms(self.title, self.summary, self.body)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class MembersPage(RoutablePageMixin, Page):
    """The member associations, and each association's own page at `<slug>/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    local_governments_per_page = 100

    class Meta:
        verbose_name = _("members page")

    @path("")
    def association_index(self, request):
        return self.render(
            request,
            context_overrides={
                "associations": member_selectors.association_list(),
                "former_associations": member_selectors.association_former_list(),
                "topics": member_selectors.topic_list(),
            },
        )

    @path("<slug:slug>/")
    def association_detail(self, request, slug):
        try:
            association = member_selectors.association_get(slug=slug)
        except Association.DoesNotExist:
            raise Http404 from None
        memberships = member_selectors.association_local_governments(association=association)
        context = self.get_context(request)
        context.update(
            association=association,
            local_governments=Paginator(memberships, self.local_governments_per_page).get_page(request.GET.get("page")),
            signatories=member_selectors.association_signatories(association=association),
            terms=association.presidency_terms.order_by("-starts_on"),
        )
        return render(request, "cms/association_detail.html", context)

    def get_sitemap_urls(self, request=None):
        """This page, then one entry per current member association (one query; former members' pages
        stay reachable from this page but are not put forward)."""
        urls = super().get_sitemap_urls(request)
        page_url = self.get_full_url(request)
        for slug in member_selectors.association_list().prefetch_related(None).values_list("slug", flat=True):
            urls.append({"location": page_url + self.reverse_subpage("association_detail", args=[slug])})
        return urls


class PresidencyPage(Page):
    """Who presides today and who follows, past terms and trios."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("presidency page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["current_term"] = presidency_selectors.term_on(at=now)
        context["upcoming_terms"] = presidency_selectors.term_list_upcoming(at=now)
        context["past_terms"] = presidency_selectors.term_list_past(at=now)
        context["trios"] = presidency_selectors.trio_list()
        return context


class ContactPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")


class AccessibilityStatementPage(Page):
    """The accessibility statement in the structure the law of the page's jurisdiction prescribes: the
    Polish "deklaracja dostępności" (Act of 4 April 2019 on the digital accessibility of public bodies'
    websites and mobile applications) or the Czech "prohlášení o přístupnosti" (Act No. 99/2019 Coll. and
    Decree No. 515/2020 Coll.). The fixed legal texts (the request and complaint procedure, the enforcement
    body) come from the template for that jurisdiction; the editor keeps the facts and the dated review."""

    class Jurisdiction(models.TextChoices):
        POLAND = "PL", _("Poland (Act of 4 April 2019 on digital accessibility)")
        CZECHIA = "CZ", _("Czechia (Act No. 99/2019 Coll.)")

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("self-assessment")
        EXTERNAL = "external", _("assessment by an external body")

    jurisdiction = models.CharField(_("law it follows"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.POLAND)
    entity_name = models.CharField(_("name of the body"), max_length=255)
    site_published_on = models.DateField(_("website published on"))
    site_updated_on = models.DateField(_("last significant update of the website"))
    compliance = models.CharField(_("compliance status"), max_length=10, choices=Compliance.choices, default=Compliance.PARTIAL)
    non_accessible_content = RichTextField(
        _("content that is not accessible"), blank=True, help_text=_("What is not accessible and why (list each item with its reason).")
    )
    exemptions = RichTextField(_("exemptions"), blank=True, help_text=_("Content exempt from the law, with the reason."))
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("statement last reviewed on"))
    method = models.CharField(_("assessment method"), max_length=10, choices=Method.choices, default=Method.SELF)
    assessed_by = models.CharField(_("assessed by"), max_length=255, blank=True, help_text=_("The external body, if any."))
    keyboard_shortcuts = RichTextField(_("keyboard shortcuts"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    architectural_accessibility = RichTextField(_("architectural accessibility"), blank=True)
    mobile_apps = RichTextField(_("mobile applications"), blank=True)
    additional_information = RichTextField(_("additional information"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("jurisdiction"), FieldPanel("entity_name"), FieldPanel("site_published_on"), FieldPanel("site_updated_on")],
            heading=_("The website"),
        ),
        MultiFieldPanel(
            [FieldPanel("compliance"), FieldPanel("non_accessible_content"), FieldPanel("exemptions")],
            heading=_("Compliance"),
        ),
        MultiFieldPanel(
            [FieldPanel("prepared_on"), FieldPanel("reviewed_on"), FieldPanel("method"), FieldPanel("assessed_by")],
            heading=_("Preparation of the statement"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Feedback and contact")
        ),
        FieldPanel("keyboard_shortcuts"),
        FieldPanel("architectural_accessibility"),
        FieldPanel("mobile_apps"),
        FieldPanel("additional_information"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        errors = {}
        if self.site_published_on and self.site_updated_on and self.site_updated_on < self.site_published_on:
            errors["site_updated_on"] = _("The last update cannot come before the website was published.")
        if self.prepared_on and self.reviewed_on and self.reviewed_on < self.prepared_on:
            errors["reviewed_on"] = _("The review cannot come before the statement was prepared.")
        if self.method == self.Method.EXTERNAL and not self.assessed_by:
            errors["assessed_by"] = _("Name the body that assessed the website.")
        if errors:
            raise ValidationError(errors)


# --- Joint positions ------------------------------------------------------------------------------------


class PositionIndexPage(RoutablePageMixin, Page):
    """The federation's adopted positions: the list with filters and search, each position at `<slug>/`,
    the draft acts whose stance is public at `projekty/`, and an Atom feed at `feed/`.

    Reads only public records (published or superseded positions, public stances) through
    `positions.selectors`; drafts, comments and declined signatures never reach these pages.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    per_page = 20
    feed_size = 30

    class Meta:
        verbose_name = _("positions page")

    @path("")
    def position_index(self, request):
        form = PositionFilterForm(request.GET or None)
        positions = position_selectors.position_list_public()
        if form.is_bound:
            form.is_valid()  # an unknown choice shows as an error next to its field; the valid ones still filter
            positions = form.filter(positions)
        return self.render(
            request,
            context_overrides={
                "form": form,
                "positions": Paginator(positions, self.per_page).get_page(request.GET.get("page")),
                "feed_url": self.get_url(request) + self.reverse_subpage("position_feed"),
            },
        )

    @path("projekty/", name="draft_act_index")
    def draft_act_index(self, request):
        draft_acts = position_selectors.draft_act_list_public().prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.filter(status__in=PUBLIC_STATUSES)
                .select_related("topic")
                .order_by("-adopted_on", "-reference_number"),
                to_attr="public_positions",
            )
        )
        return self.render(
            request,
            template="cms/draft_act_index.html",
            context_overrides={"draft_acts": Paginator(draft_acts, self.per_page).get_page(request.GET.get("page"))},
        )

    @path("feed/", name="position_feed")
    def position_feed(self, request):
        positions = position_selectors.position_list_public().filter(status=PositionStatus.PUBLISHED).select_related("current_version")
        federation = FederationSettings.for_request(request)
        title = f"{federation.name or self.title} – {self.title}"
        if slug := request.GET.get("topic"):
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                raise Http404
            positions, title = positions.filter(topic=topic), f"{title}: {topic.name}"
        if slug := request.GET.get("association"):
            association = Association.objects.filter(slug=slug).first()
            if association is None:
                raise Http404
            positions = positions.filter(
                Exists(position_selectors.signature_queryset_public().filter(position=OuterRef("pk"), association=association))
            )
            title = f"{title}: {association.short_name}"
        page_url = self.get_full_url(request)
        feed = Atom1Feed(
            title=title,
            link=page_url,
            description=strip_tags(self.intro),
            language=get_language(),
            feed_url=request.build_absolute_uri(),
            author_name=federation.name or self.title,
        )
        for position in positions.order_by("-published_at", "-pk")[: self.feed_size]:
            feed.add_item(
                title=f"{position.reference} {position.title}",
                link=page_url + self.reverse_subpage("position_detail", args=[position.slug]),
                unique_id=page_url + self.reverse_subpage("position_detail", args=[position.slug]),
                description=_feed_summary(position),
                pubdate=position.published_at,
                updateddate=position.published_at,
                categories=[position.topic.name] if position.topic else None,
                author_name=position.lead_association.name,
            )
        return HttpResponse(feed.writeString("utf-8"), content_type=f"{feed.content_type}")

    @path("<slug:slug>/", name="position_detail")
    def position_detail(self, request, slug):
        try:
            position = position_selectors.position_get_public(slug=slug)
        except Position.DoesNotExist:
            raise Http404 from None
        superseded_by = getattr(position, "superseded_by", None)
        return self.render(
            request,
            template="cms/position_detail.html",
            context_overrides={
                "position": position,
                "version": position.current_version,
                "signatures": position_selectors.signature_list_public(position=position),
                "adoption_summary": position_selectors.adoption_result_public(position=position).public_summary,
                "supersedes": position.supersedes if position.supersedes and position.supersedes.is_public else None,
                "superseded_by": superseded_by if superseded_by is not None and superseded_by.is_public else None,
                "pdf_url": reverse("positions_documents:pdf", kwargs={"slug": position.slug}),
                "verify_url": reverse("positions_public:verify", kwargs={"sha256": position.current_version.sha256}),
                "feed_url": self.get_url(request) + self.reverse_subpage("position_feed"),
            },
        )

    def get_sitemap_urls(self, request=None):
        """This page, then one entry per public position (last changed when it was published)."""
        urls = super().get_sitemap_urls(request)
        page_url = self.get_full_url(request)
        for slug, published_at in (
            Position.objects.filter(status__in=PUBLIC_STATUSES).order_by("-adopted_on").values_list("slug", "published_at")
        ):
            urls.append({"location": page_url + self.reverse_subpage("position_detail", args=[slug]), "lastmod": published_at})
        return urls


def _feed_summary(position: Position) -> str:
    """The entry's summary (HTML): where and when it was adopted, then its numbered points."""
    adopted = gettext("Adopted on %(date)s in %(place)s.") % {
        "date": date_format(position.adopted_on, "DATE_FORMAT"),
        "place": position.adopted_place,
    }
    points = position.current_version.points if position.current_version else []
    items = format_html_join(
        "",
        "<li>{}{}</li>",
        (
            (
                point["text"],
                format_html(
                    "<ul>{}</ul>",
                    format_html_join("", "<li>{}) {}</li>", ((subpoint_label(i), sub) for i, sub in enumerate(point["subpoints"]))),
                )
                if point["subpoints"]
                else "",
            )
            for point in points
        ),
    )
    return format_html("<p>{}</p><ol>{}</ol>", adopted, items)


# --- Events ---------------------------------------------------------------------------------------------

_RESULTS_SESSION_KEY = "events.registered"


class EventIndexPage(RoutablePageMixin, Page):
    """Seminars, trainings, conferences and the federation's meetings: upcoming and past events with
    filters, each event at `<slug>/` with its registration form, and the result of a registration at
    `<slug>/registered/`.

    Reads events through `events.selectors` (invited-only events only for the people of member
    associations, drafts never) and registers people through `events.services`. The online link and
    the participants never reach these pages.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    per_page = 20

    class Meta:
        verbose_name = _("events page")

    @path("")
    def event_index(self, request):
        past = request.GET.get("past") == "1"
        now = timezone.now()
        if past:
            events = event_selectors.event_list_past(user=request.user, now=now)
        else:
            events = event_selectors.event_list_upcoming(user=request.user, now=now)
        if page_cache.will_store(request):  # an event that ends moves from the upcoming list to the past one
            page_cache.changes_at(request, event_selectors.event_lists_change_at(user=request.user, now=now))
        form = EventFilterForm(request.GET or None, events=events)
        if form.is_bound:
            form.is_valid()  # an unknown choice shows as an error next to its field; the valid ones still filter
            events = form.filter(events)
        page = Paginator(events, self.per_page).get_page(request.GET.get("page"))
        for event in page:
            event.places_left = event_selectors.places_left(event)
        organiser = form.cleaned_data.get("organiser") if form.is_bound and hasattr(form, "cleaned_data") else None
        return self.render(
            request,
            context_overrides={"form": form, "events": page, "past": past, "feed_association": organiser},
        )

    @path("<slug:slug>/", name="event_detail")
    def event_detail(self, request, slug):
        event = self._event_or_404(request, slug)
        now = timezone.now()
        closed = event_services.registration_window_error(event=event, now=now)
        associations = {str(association.pk): association for association in member_selectors.association_list()}
        formset = invoice_form = None
        errors: list[dict] = []
        if request.method == "POST":
            formset = participant_formset(data=request.POST, associations=associations)
            invoice_form = InvoiceForm(request.POST, prefix="invoice") if event.fee == Fee.PAID else None
            if formset.is_valid() and (invoice_form is None or invoice_form.is_valid()):
                rows = formset.participant_forms()
                try:
                    registrations = event_services.registration_create(
                        event=event,
                        participants=[form.participant() for form in rows],
                        by=request.user,
                        invoice=invoice_form.invoice() if invoice_form is not None else None,
                    )
                except ValidationError as error:
                    errors = _registration_service_errors(error, rows=rows, formset=formset, invoice_form=invoice_form)
                else:
                    request.session[_RESULTS_SESSION_KEY] = {"event": event.pk, "registrations": [r.pk for r in registrations]}
                    # The fragment replaces the form's "#registration", which the browser would otherwise keep.
                    results = self.get_url(request) + self.reverse_subpage("event_registered", args=[event.slug])
                    return HttpResponseRedirect(results + "#results")
            errors = errors or _registration_form_errors(formset, invoice_form)
        elif closed is None:
            formset = participant_formset(people=_people_count(request.GET.get("people")), associations=associations)
            invoice_form = InvoiceForm(prefix="invoice") if event.fee == Fee.PAID else None
        page_cache.changes_at(request, event_selectors.event_page_changes_at(event, now=now))
        return self.render(
            request,
            template="cms/event_detail.html",
            context_overrides={
                **self._event_context(request, event),
                "closed": closed,
                "formset": formset,
                "invoice_form": invoice_form,
                "form_errors": errors,
                **(_local_government_suggestions() if formset else {}),
                "max_people": MAX_PARTICIPANTS,
            },
        )

    @path("<slug:slug>/registered/", name="event_registered")
    def event_registered(self, request, slug):
        """Who was just registered through this browser: each person confirmed or waiting (with their place in line)."""
        event = self._event_or_404(request, slug)
        stored = request.session.get(_RESULTS_SESSION_KEY) or {}
        if stored.get("event") != event.pk:
            return HttpResponseRedirect(self.get_url(request) + self.reverse_subpage("event_detail", args=[event.slug]))
        registrations = list(
            event_selectors.registration_list(event=event).filter(pk__in=stored["registrations"]).order_by("created_at", "pk")
        )
        for registration in registrations:
            registration.waiting_position = event_selectors.waiting_position(registration)
        return self.render(
            request,
            template="cms/event_registered.html",
            context_overrides={**self._event_context(request, event), "registrations": registrations},
        )

    def _event_or_404(self, request, slug) -> Event:
        try:
            event = event_selectors.event_get_public(slug=slug, user=request.user)
        except Event.DoesNotExist:
            raise Http404 from None
        if not event_permissions.can_view(request.user, event):
            raise Http404
        return event

    def _event_context(self, request, event: Event) -> dict:
        from positions.enums import PUBLIC_STATUSES

        positions_page = PositionIndexPage.objects.live().filter(locale=self.locale).first()

        def position_url(position):
            if positions_page is None or position is None or position.status not in PUBLIC_STATUSES:
                return ""
            return positions_page.get_url(request) + positions_page.reverse_subpage("position_detail", args=[position.slug])

        agenda = [{"item": item, "url": position_url(item.position)} for item in event.agenda_items.all()]
        adopted = [
            {"position": position, "url": position_url(position)}
            for position in event.positions_adopted.all()
            if position.status in PUBLIC_STATUSES
        ]
        places = event_selectors.places_left(event)
        return {
            "event": event,
            "organisers": list(event.organisers.all()),
            "places_left": places,
            "is_full": places == 0,
            "is_past": event.ends_at < timezone.now(),
            "agenda": agenda,
            "positions_adopted": adopted,
            "event_url": self.get_url(request) + self.reverse_subpage("event_detail", args=[event.slug]),
            "is_cancelled": event.status == EventStatus.CANCELLED,
            "members_only": event.audience == Audience.MEMBERS,
            "invited_only": event.audience == Audience.INVITED,
        }

    def get_sitemap_urls(self, request=None):
        """This page, then one entry per public event (invited-only ones are left out)."""
        urls = super().get_sitemap_urls(request)
        page_url = self.get_full_url(request)
        events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]).exclude(audience=Audience.INVITED)
        for slug, updated_at in events.order_by("-starts_at").values_list("slug", "updated_at"):
            urls.append({"location": page_url + self.reverse_subpage("event_detail", args=[slug]), "lastmod": updated_at})
        return urls


def _people_count(value) -> int:
    """How many empty rows the registration form starts with (`?people=3`), within 1..MAX_PARTICIPANTS."""
    try:
        return min(max(int(value), 1), MAX_PARTICIPANTS)
    except (TypeError, ValueError):
        return 1


def _person_label(number: int) -> str:
    return gettext("Person %(number)s") % {"number": number}


# Up to this many member local governments are listed in the registration page itself; a larger federation's
# page would grow by megabytes, so its form asks the open API for the names that match what is typed.
LOCAL_GOVERNMENT_OPTIONS_INLINE = 300


def _local_government_suggestions() -> dict:
    """What the registration form suggests for "member local government": every label when there are few,
    else the address that the page's script asks as the person types (one query either way)."""
    first = [local_government_label(lg) for lg in member_local_governments()[: LOCAL_GOVERNMENT_OPTIONS_INLINE + 1]]
    if len(first) <= LOCAL_GOVERNMENT_OPTIONS_INLINE:
        return {"local_government_options": first, "local_government_lookup": None}
    return {"local_government_options": [], "local_government_lookup": reverse("api-v1:local_government_list")}


def _registration_form_errors(formset, invoice_form) -> list[dict]:
    """Every error of the registration form for the summary at its top, each linked to its field."""
    items = [{"anchor": "", "label": "", "message": message} for message in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        items += [{"anchor": f"person-{number}", "label": _person_label(number), "message": m} for m in form.non_field_errors()]
        items += field_error_items(form, label_prefix=f"{_person_label(number)}: ")
    if invoice_form is not None:
        items += [{"anchor": "invoice", "label": "", "message": message} for message in invoice_form.non_field_errors()]
        items += field_error_items(invoice_form)
    return items


def _registration_service_errors(error: ValidationError, *, rows, formset, invoice_form) -> list[dict]:
    """Attach the service's refusal to the form: "participant_<n>" to that person's row, invoice fields to
    theirs, anything else to the form as a whole. Returns the items for the summary."""
    if not hasattr(error, "error_dict"):
        return [{"anchor": "", "label": "", "message": message} for message in error.messages]
    items = []
    for key, messages in error.message_dict.items():
        if key.startswith("participant_") and key[len("participant_") :].isdigit() and int(key[len("participant_") :]) <= len(rows):
            form = rows[int(key[len("participant_") :]) - 1]
            form.add_error(None, messages)
        elif invoice_form is not None and key in invoice_form.fields:
            invoice_form.add_error(key, messages)
        else:
            items += [{"anchor": "", "label": "", "message": message} for message in messages]
    return items + _registration_form_errors(formset, invoice_form)


# --- Good practices -------------------------------------------------------------------------------------


class PracticeCategory(models.Model):
    """A field of good practice (social services, energy efficiency, inter-municipal cooperation…), named in
    the site's three languages; the library is browsed by these."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in the address of the filtered list."))
    name_pl = models.CharField(_("name in Polish"), max_length=150)
    name_cs = models.CharField(_("name in Czech"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)

    name = TranslatedField("name")

    class Meta:
        ordering = ["name_pl"]
        verbose_name = _("good-practice category")
        verbose_name_plural = _("good-practice categories")

    def __str__(self):
        return self.name


class GoodPracticeIndexPage(RoutablePageMixin, Page):
    """The good-practice library in one language: the list filtered by category, region and kind of unit,
    paginated, with the map of both countries (each region a link to the list filtered by it, each
    practice a point); an Atom feed at `feed/`.

    Association editors add practices under this page in the admin and submit them to the secretariat's
    review; the secretariat publishes (`cms.practices` grants both and assigns the workflow).
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GoodPracticePage"]
    max_count_per_parent = 1
    per_page = 10
    feed_size = 30

    class Meta:
        verbose_name = _("good-practice library")

    def practices(self):
        """The live practices under this page that everyone may read (restricted ones are left out)."""
        return GoodPracticePage.objects.live().public().child_of(self).order_by("-first_published_at", "-pk")

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("practice_feed")

    @path("", name="practice_index")
    def practice_index(self, request):
        practices = self.practices()
        form = PracticeFilterForm(
            request.GET or None, categories=PracticeCategory.objects.filter(practices__in=practices.order_by().values("pk")).distinct()
        )
        if form.is_bound:
            form.is_valid()  # an unknown choice is listed in the error summary; the valid ones still filter
        found = form.filter(practices)
        page = Paginator(
            found.select_related("association").prefetch_related(
                Prefetch("categories", queryset=PracticeCategory.objects.order_by("name_pl"))
            ),
            self.per_page,
        ).get_page(request.GET.get("page"))
        base = self.get_url(request)
        counts = dict(form.filter(practices, skip=("region",)).order_by().values_list("region").annotate(count=Count("pk")))
        current_region = form.cleaned_data.get("region", "") if form.is_bound and hasattr(form, "cleaned_data") else ""
        query = request.GET.copy()
        query.pop("page", None)

        def region_url(code: str) -> str:
            query["region"] = code
            return f"{base}?{query.urlencode()}"

        points = [
            maps.point(latitude=lat, longitude=lon, title=title, href=f"{base}{slug}/", place=town)
            for title, slug, lat, lon, town in found.order_by("latitude", "pk").values_list(
                "title", "slug", "latitude", "longitude", "town"
            )
        ]
        practice_map = maps.overview_map(counts=counts, region_url=region_url, current_region=current_region, points=points)
        return self.render(
            request,
            context_overrides={
                "form": form,
                "form_errors": field_error_items(form) if form.is_bound else [],
                "practices": page,
                "practice_map": practice_map,
                "regions_with_practices": sorted(
                    (region for region in practice_map.regions if region.count), key=lambda r: r.name.casefold()
                ),
                "feed_url": self.feed_url(request),
            },
        )

    @path("feed/", name="practice_feed")
    def practice_feed(self, request):
        federation = FederationSettings.for_request(request)
        feed = Atom1Feed(
            title=f"{federation.name or self.title} – {self.title}",
            link=self.get_full_url(request),
            description=strip_tags(self.intro),
            language=get_language(),
            feed_url=request.build_absolute_uri(),
            author_name=federation.name or self.title,
        )
        practices = self.practices().select_related("association").prefetch_related("categories")
        for practice in practices[: self.feed_size]:
            url = practice.get_full_url(request)
            published = practice.first_published_at or timezone.now()
            feed.add_item(
                title=practice.title,
                link=url,
                unique_id=url,
                description=format_html("<p>{}</p><p>{}</p>", practice.place, practice.summary),
                pubdate=published,
                updateddate=practice.last_published_at or published,
                categories=[category.name for category in practice.categories.all()] or None,
                author_name=practice.association.name if practice.association else federation.name or self.title,
            )
        return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)


class GoodPracticePage(Page):
    """One good practice: its card (dates, kind of unit, place, implementing unit, contact, population,
    categories), a summary, the full presentation, attachments, the local governments involved (chosen by
    official code) and its place on the map.

    The submitting association's editors draft it and submit it to the secretariat's review; only the
    secretariat publishes it (Wagtail's moderation workflow, set up by `cms.practices`).
    """

    started_on = models.DateField(_("implemented since"))
    ended_on = models.DateField(_("implemented until"), null=True, blank=True, help_text=_("Leave empty while it goes on."))
    unit_kind = models.CharField(_("kind of unit"), max_length=30, choices=LocalGovernmentKind.choices)
    town = models.CharField(_("town"), max_length=100)
    county = models.CharField(_("county"), max_length=100, blank=True, help_text=_("Powiat or okres."))
    region = models.CharField(_("region"), max_length=5, choices=regions.REGION_CHOICES, help_text=_("Voivodeship or kraj."))
    street_address = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    implementing_unit = models.CharField(_("implementing unit"), max_length=255)
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_function = models.CharField(_("contact person's function"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    categories = ParentalManyToManyField(PracticeCategory, verbose_name=_("categories"), related_name="practices")
    summary = models.TextField(_("summary"), help_text=_("Why the practice is good and worth following, in a paragraph."))
    body = RichTextField(_("full presentation"))
    local_governments = ParentalManyToManyField(
        "members.LocalGovernment", verbose_name=_("local governments involved"), related_name="good_practices", blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, help_text=_("Degrees north, e.g. 51.93548 (any online map shows them).")
    )
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, help_text=_("Degrees east, e.g. 15.50643."))
    association = models.ForeignKey(
        Association,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="good_practices",
        help_text=_("The member association that submits the practice."),
    )

    base_form_class = GoodPracticePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("association"),
                FieldPanel("unit_kind"),
                FieldPanel("implementing_unit"),
                FieldPanel("started_on"),
                FieldPanel("ended_on"),
                FieldPanel("population"),
                FieldPanel("website"),
            ],
            heading=_("Card"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("town"),
                FieldPanel("county"),
                FieldPanel("region"),
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_function"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
        FieldPanel("categories", widget=CheckboxSelectMultiple),
        FieldPanel("local_governments", widget=OfficialCodesWidget),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_terms"),
        index.FilterField("region"),
        index.FilterField("unit_kind"),
    ]
    parent_page_types = ["cms.GoodPracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    @property
    def region_name(self) -> str:
        return regions.region_name(self.region)

    @property
    def place(self) -> str:
        """The town, county and region, as the card lists them."""
        return ", ".join(part for part in (self.town, self.county, self.region_name) if part)

    def search_terms(self) -> str:
        """Folded, stemmed words of the title, summary, presentation, place and unit, with the region's name
        in every language (for the site search)."""
        region = regions.REGIONS.get(self.region)
        region_names = (region.name_pl, region.name_cs, region.name_en) if region else ()
        return search_terms(self.title, self.summary, self.body, self.town, self.county, self.implementing_unit, *region_names)

    def clean(self):
        super().clean()
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A practice cannot end before it began.")
        region = regions.REGIONS.get(self.region)
        if region and self.unit_kind:
            kinds = POLISH_KINDS if region.country == Country.POLAND else CZECH_KINDS
            if self.unit_kind not in kinds:
                errors["unit_kind"] = _("This kind of unit does not exist in %(country)s.") % {"country": Country(region.country).label}
        if region and self.latitude is not None and self.longitude is not None:
            if not regions.region_contains(self.region, latitude=float(self.latitude), longitude=float(self.longitude)):
                found = regions.region_at(latitude=float(self.latitude), longitude=float(self.longitude))
                if found:
                    message = _("This point lies in %(found)s, not in %(region)s: check the coordinates or the region.") % {
                        "found": regions.region_name(found),
                        "region": region.name,
                    }
                else:
                    message = _(
                        "This point lies outside Poland and Czechia: check the latitude and longitude (e.g. 51.93548 and 15.50643)."
                    )
                errors["latitude"] = message
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = list(self.categories.order_by("name_pl"))
        context["attachments"] = list(self.attachments.select_related("document").order_by("sort_order", "pk"))
        context["local_governments"] = list(
            member_selectors.local_governments_with_associations(local_governments=self.local_governments.all())
        )
        context["location_map"] = maps.location_map(
            region=self.region, latitude=self.latitude, longitude=self.longitude, title=self.title, place=self.town
        )
        return context


class GoodPracticeAttachment(Orderable):
    """A document attached to a good practice (presentation slides, a resolution, a report)."""

    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Shown instead of the document's own title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
