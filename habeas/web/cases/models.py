"""The system of record: sources, import batches, records, people and quarantine.

Writes go through :mod:`habeas.web.cases.actions`, never ``.save()`` from a view or a
command. The canonical record columns are declared once in
:mod:`habeas.domain.schema`; the :class:`Record` fields are derived from them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from habeas.domain.schema import COLUMNS, Column, Kind

#: Canonical columns that are not plain Record fields (``source`` is a foreign key).
_KEY_COLUMNS = ("source", "record_id")

# Width of each kind's canonical value. Codes and ISO dates are short; names and free
# text are unbounded (a lawyer's narrative can run to pages).
_MAX_LENGTH: dict[Kind, int | None] = {
    Kind.ID: 500,  # as long as ingest accepts (habeas.ingest.normalise.LIMITS)
    Kind.TEXT: None,
    Kind.NAME: None,
    Kind.SEX: 1,
    Kind.DATE: 10,  # yyyy-mm-dd or yyyy-mm: text, so month precision survives
    Kind.AGE: 3,
    Kind.DUI: 10,
    Kind.DISTRICT: 4,
    Kind.DEPARTMENT: 2,
    Kind.CENTRE: 40,
    Kind.CODE: 40,
    Kind.CODES: None,
    Kind.YESNO: 3,
}

#: Canonical columns stored as Record fields of the same name, in schema order.
RECORD_FIELDS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.name not in _KEY_COLUMNS)

#: Indexed because linkage blocks on them and lists are filtered by them.
_INDEXED = {"dui", "arrest_date", "died_in_custody"}


def max_length(column: str) -> int | None:
    """The longest value the database keeps for a canonical column (None: unbounded)."""
    return _MAX_LENGTH[next(c.kind for c in COLUMNS if c.name == column)]


def _field(column: Column) -> models.Field:
    length = _MAX_LENGTH[column.kind]
    # The schema's English names and docs are the msgids; locale/es holds their Spanish.
    options = {"null": True, "blank": True, "help_text": _(column.doc)}
    options["verbose_name"] = _(column.name.replace("_", " "))
    options["db_index"] = column.name in _INDEXED
    if length is None:
        return models.TextField(**options)
    return models.CharField(max_length=length, **options)


class DuiStatus(models.TextChoices):
    """How a record's DUI read (the values of :class:`habeas.domain.dui.DuiStatus`)."""

    MISSING = "missing", _("missing")
    MALFORMED = "malformed", _("malformed")
    BAD_CHECK_DIGIT = "bad_check_digit", _("wrong check digit")
    VALID = "valid", _("valid")


class StepKind(models.TextChoices):
    """Kinds of custody step (the values of :class:`habeas.domain.custody.StepKind`)."""

    ARREST = "arrest", _("arrest")
    POLICE_CUSTODY = "police_custody", _("police custody")
    WHEREABOUTS_KNOWN = "whereabouts_known", _("whereabouts known")
    FIRST_HEARING = "first_hearing", _("first hearing")
    PROVISIONAL_DETENTION = "provisional_detention", _("provisional detention")
    TRANSFER = "transfer", _("transfer")
    RELEASE = "release", _("release")
    CONVICTION = "conviction", _("conviction")
    DEATH = "death", _("death")


class Precision(models.TextChoices):
    """How precise a stored date is (:class:`habeas.domain.dates.Precision`)."""

    DAY = "day", _("day")
    MONTH = "month", _("month")


class Source(models.Model):
    """An organisation's list (a source of records), identified by its code."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, help_text=_("source_kind vocabulary code"))
    official = models.BooleanField(_("official"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.code


class ImportBatch(models.Model):
    """One import of one file: what was read, how, and what became of each row."""

    source = models.ForeignKey(
        Source, models.PROTECT, related_name="batches", verbose_name=_("source")
    )
    file_name = models.CharField(_("file"), max_length=500)
    sheet = models.CharField(_("sheet"), max_length=200, null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    encoding = models.CharField(_("encoding"), max_length=40, null=True, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict)
    mapping_fingerprint = models.CharField(
        _("mapping fingerprint"),
        max_length=64,
        default="",
        help_text=_("SHA-256 of the mapping as sorted JSON"),
    )
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    n_rows = models.PositiveIntegerField(_("rows"), default=0)
    n_imported = models.PositiveIntegerField(_("imported"), default=0)
    n_updated = models.PositiveIntegerField(_("updated records"), default=0)
    n_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    n_quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    n_warnings = models.PositiveIntegerField(_("warnings"), default=0)
    n_absent = models.PositiveIntegerField(
        _("absent"),
        default=0,
        help_text=_("records of the source imported before that this file does not list (kept)"),
    )
    habeas_version = models.CharField(_("habeas version"), max_length=40)
    imported_by = models.CharField(_("imported by"), max_length=150, blank=True, default="")

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ("-started",)
        constraints = (
            # The same file read with the same mapping twice for a source adds nothing;
            # a fixed mapping reads the same file again.
            models.UniqueConstraint(
                fields=["source", "sha256", "mapping_fingerprint"], name="batch_unique_file"
            ),
        )

    def __str__(self) -> str:
        return f"{self.source.code}: {self.file_name}"


class Person(models.Model):
    """A person detained, to whom linkage resolves one or more records."""

    person_id = models.CharField(_("person id"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("person_id",)

    def __str__(self) -> str:
        return self.person_id


# The canonical columns as an abstract model, so Record's fields follow the schema.
CanonicalColumns = type(
    "CanonicalColumns",
    (models.Model,),
    {
        "__module__": __name__,
        "__doc__": "Every canonical record column, normalised (None when unknown).",
        "Meta": type("Meta", (), {"abstract": True}),
        **{c.name: _field(c) for c in COLUMNS if c.name not in _KEY_COLUMNS},
    },
)


class Record(CanonicalColumns):
    """One row of one list as the source reported it: raw cells and normalised values."""

    source = models.ForeignKey(
        Source, models.PROTECT, related_name="records", verbose_name=_("source")
    )
    record_id = models.CharField(_("record id"), max_length=_MAX_LENGTH[Kind.ID])
    batch = models.ForeignKey(
        ImportBatch,
        models.PROTECT,
        related_name="records",
        verbose_name=_("import batch"),
        help_text=_("the import that last wrote this record"),
    )
    row = models.PositiveIntegerField(_("row in the file"))
    raw = models.JSONField(_("raw cells"), default=dict)
    dui_status = models.CharField(
        _("DUI status"), max_length=20, null=True, blank=True, choices=DuiStatus.choices
    )
    warnings = models.JSONField(_("warnings"), default=list)
    person = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("person"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ("source", "record_id")
        constraints = (
            models.UniqueConstraint(fields=["source", "record_id"], name="record_unique_id"),
        )

    def __str__(self) -> str:
        return f"{self.source_id}:{self.record_id}"

    def values(self) -> dict[str, str | None]:
        """The canonical values, by column name, ``source`` as its code."""
        out: dict[str, str | None] = {"source": self.source.code, "record_id": self.record_id}
        out.update({name: getattr(self, name) for name in RECORD_FIELDS})
        return out


class RecordRevision(models.Model):
    """The values a record had before a re-import changed it: nothing is lost."""

    record = models.ForeignKey(
        Record, models.CASCADE, related_name="revisions", verbose_name=_("record")
    )
    batch = models.ForeignKey(
        ImportBatch,
        models.PROTECT,
        related_name="+",
        verbose_name=_("import batch"),
        help_text=_("the import that had written these values"),
    )
    replaced_by = models.ForeignKey(
        ImportBatch, models.PROTECT, related_name="revisions", verbose_name=_("replaced by")
    )
    row = models.PositiveIntegerField(_("row in the file"))
    raw = models.JSONField(_("raw cells"), default=dict)
    values = models.JSONField(_("normalised values"), default=dict)
    dui_status = models.CharField(
        _("DUI status"), max_length=20, null=True, blank=True, choices=DuiStatus.choices
    )
    warnings = models.JSONField(_("warnings"), default=list)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("record revision")
        verbose_name_plural = _("record revisions")
        ordering = ("record", "created")


class CustodyStep(models.Model):
    """One dated step of a record's custody (arrest, hearing, transfer, death...)."""

    record = models.ForeignKey(
        Record, models.CASCADE, related_name="custody_steps", verbose_name=_("record")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=StepKind.choices)
    date = models.CharField(_("date"), max_length=10, help_text=_("ISO yyyy-mm-dd or yyyy-mm"))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices)
    centre = models.CharField(_("centre"), max_length=40, null=True, blank=True)
    note = models.TextField(_("note"), null=True, blank=True)

    class Meta:
        verbose_name = _("custody step")
        verbose_name_plural = _("custody steps")
        ordering = ("record", "position")
        constraints = (
            models.UniqueConstraint(fields=["record", "position"], name="custody_step_unique"),
        )


class QuarantinedRow(models.Model):
    """A row that failed validation, kept with every raw cell and the reasons.

    A row stays to fix until a later import of its source resolves it: that import
    accepted a record with the row's ``record_id`` (the team fixed the row), or
    quarantined that ``record_id`` again (the newer row is the one to fix). A row
    without a ``record_id`` cannot be matched, so it stays until fixed by hand.
    """

    class Resolution(models.TextChoices):
        IMPORTED = "imported", _("imported by a later import")
        SUPERSEDED = "superseded", _("quarantined again by a later import")

    batch = models.ForeignKey(
        ImportBatch,
        models.CASCADE,
        related_name="quarantined_rows",
        verbose_name=_("import batch"),
    )
    row = models.PositiveIntegerField(_("row in the file"))
    record_id = models.CharField(
        _("record id"), max_length=_MAX_LENGTH[Kind.ID], null=True, blank=True
    )
    raw = models.JSONField(_("raw cells"), default=dict)
    problems = models.JSONField(
        _("problems"), default=list, help_text=_("[{row, column, field, value, message, severity}]")
    )
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.CharField(
        _("resolution"), max_length=20, blank=True, default="", choices=Resolution.choices
    )
    resolved_by_batch = models.ForeignKey(
        ImportBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resolved_quarantine",
        verbose_name=_("resolved by"),
        help_text=_("the later import that resolved this row"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")
        ordering = ("batch", "row")
