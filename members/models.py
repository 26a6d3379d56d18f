"""Member associations, the local governments in them, policy topics and people's roles.

State changes go through `members.services`; nothing here grants permissions or writes the activity log.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from federation.i18n import TranslatedField
from federation.search import search_terms
from members import validators
from members.enums import Country, LegalForm, LocalGovernmentKind, RoleKind


class Association(index.Indexed, models.Model):
    """A member association of the federation (e.g. a regional union of municipalities).

    Joining and leaving are recorded as dates, never by deleting the record: `members.services`
    `association_save` and `association_leave` are the doors, and they tell the presidency schedule.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, help_text=_("Acronym, e.g. ZGWL."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in the address of its page."))
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices, default=LegalForm.ASSOCIATION)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.POLAND)
    region = models.CharField(_("region"), max_length=100, blank=True, help_text=_("Voivodeship or kraj."))

    krs = models.CharField(_("KRS"), max_length=20, blank=True, help_text=_("Polish associations: 10 digits."))
    regon = models.CharField(_("REGON"), max_length=20, blank=True, help_text=_("Polish associations: 9 or 14 digits."))
    nip = models.CharField(_("NIP"), max_length=20, blank=True, help_text=_("Polish associations: 10 digits."))
    ico = models.CharField(_("IČO"), max_length=20, blank=True, help_text=_("Czech associations: 8 digits."))

    street_address = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)

    joined_on = models.DateField(_("joined the federation on"))
    left_on = models.DateField(_("left the federation on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("member association")
        verbose_name_plural = _("member associations")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="association_left_after_joined",
            )
        ]
        permissions = [
            ("view_internal", _("Can see the association's internal work")),
            ("act_as_editor", _("Can draft and comment on behalf of the association")),
            ("sign_on_behalf", _("Can sign on behalf of the association")),
            ("manage_association", _("Can manage the association's people and data")),
        ]

    search_fields = [index.SearchField("search_terms"), index.FilterField("name"), index.FilterField("id")]

    def __str__(self):
        return self.name

    def search_terms(self) -> str:
        """Folded, stemmed words of the names, region, town and description (for the site search)."""
        return search_terms(self.name, self.short_name, self.region, self.city, self.description)

    # Identifiers are stored as bare digits; people may type them with spaces, dashes or a "PL" prefix.
    _IDENTIFIERS = {
        "krs": (validators.validate_krs, "", Country.POLAND),
        "regon": (validators.validate_regon, "", Country.POLAND),
        "nip": (validators.validate_nip, "PL", Country.POLAND),
        "ico": (validators.validate_ico, "", Country.CZECHIA),
    }

    def clean(self):
        errors = {}
        for field, (validate, prefix, country) in self._IDENTIFIERS.items():
            value = getattr(self, field)
            if not value:
                continue
            try:
                validate(value)
            except ValidationError as error:
                errors[field] = error
                continue
            setattr(self, field, validators.normalize_digits(value, prefix=prefix))
            if self.country != country:
                errors[field] = ValidationError(
                    _("This identifier is used in %(country)s only; leave it empty for this association."),
                    params={"country": Country(country).label},
                )
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = ValidationError(_("An association cannot leave before it joined."))
        if errors:
            raise ValidationError(errors)

    def is_member_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class Topic(models.Model):
    """A policy area (e.g. education, local finance) that one member association leads on."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_pl = models.CharField(_("name in Polish"), max_length=150)
    name_cs = models.CharField(_("name in Czech"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    lead_association = models.ForeignKey(
        Association,
        verbose_name=_("lead association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_topics",
    )

    name = TranslatedField("name")

    class Meta:
        ordering = ["name_pl"]
        verbose_name = pgettext_lazy("policy area", "topic")
        verbose_name_plural = pgettext_lazy("policy area", "topics")

    def __str__(self):
        return self.name


class LocalGovernment(models.Model):
    """A local-government unit (gmina, powiat, obec…), keyed on its official code: names repeat."""

    code = models.CharField(_("official code"), max_length=7, unique=True, help_text=_("TERYT TERC or Czech municipality code."))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=LocalGovernmentKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.code})"

    def clean(self):
        if self.code and self.kind and self.country:
            try:
                validators.validate_local_government_code(country=self.country, kind=self.kind, code=self.code)
            except ValidationError as error:
                raise ValidationError({"code": error}) from None
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})


class LocalGovernmentMembership(models.Model):
    """A local government's membership of an association, with dates; a unit may belong to several."""

    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("local government"), on_delete=models.PROTECT, related_name="memberships"
    )
    association = models.ForeignKey(Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="local_memberships")
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["association", "local_government__name"]
        verbose_name = _("membership of a local government")
        verbose_name_plural = _("memberships of local governments")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="lg_membership_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["local_government", "association"],
                condition=Q(left_on__isnull=True),
                name="lg_membership_one_open_per_association",
            ),
        ]

    def __str__(self):
        return f"{self.local_government.name} – {self.association.short_name}"


class Role(models.Model):
    """A person's role in an association, with dates.

    Created and ended only by `members.services.role_grant` / `role_end`, which also grant and revoke the
    django-guardian object permissions (through the association's group for that role).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="association_roles")
    association = models.ForeignKey(Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    title = models.CharField(_("function"), max_length=150, blank=True, help_text=_("E.g. President of the Board."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ended by")
    )

    class Meta:
        ordering = ["association", "kind", "user__last_name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="role_ends_after_start"),
            models.UniqueConstraint(
                fields=["user", "association", "kind"], condition=Q(ends_on__isnull=True), name="role_one_open_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} – {self.get_kind_display()} ({self.association.short_name})"

    @property
    def is_open(self) -> bool:
        return self.ends_on is None
