"""Stored analysis results: linkage runs and the pairs people review.

Writes go through :mod:`habeas.web.analysis.linkage`, never ``.save()`` from a view or
a command.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from habeas.web.cases.models import Record


class LinkRun(models.Model):
    """One run of record linkage over the database: settings, version, counts, timings.

    Every person id stored on a record comes from a run, and the run keeps what is
    needed to reproduce it (the Splink model JSON and habeas's own settings).
    """

    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"))
    habeas_version = models.CharField(_("habeas version"), max_length=40)
    settings = models.JSONField(_("settings"), default=dict)
    run_by = models.CharField(_("run by"), max_length=150, blank=True, default="")
    n_records = models.PositiveIntegerField(_("records"), default=0)
    n_people = models.PositiveIntegerField(_("people"), default=0)
    n_links = models.PositiveIntegerField(
        _("automatic links"), default=0, help_text=_("pairs linked without review")
    )
    n_review = models.PositiveIntegerField(
        _("pairs to review"), default=0, help_text=_("pairs in the review band")
    )
    n_decisions = models.PositiveIntegerField(
        _("decisions applied"), default=0, help_text=_("reviewers' decisions passed to the run")
    )
    n_relinked = models.PositiveIntegerField(
        _("records relinked"),
        default=0,
        help_text=_("records whose person changed (or that had none before)"),
    )
    n_people_created = models.PositiveIntegerField(_("people created"), default=0)
    n_people_removed = models.PositiveIntegerField(
        _("people removed"), default=0, help_text=_("people left with no record")
    )
    timings = models.JSONField(_("timings (seconds)"), default=dict)

    class Meta:
        verbose_name = _("link run")
        verbose_name_plural = _("link runs")
        ordering = ("-started",)

    def __str__(self) -> str:
        return f"{self.started:%Y-%m-%d %H:%M}: {self.n_records} → {self.n_people}"

    @property
    def incremental(self) -> bool:
        """Whether the run linked only new records with an earlier run's model."""
        return bool(self.settings.get("incremental", False))


class Decision(models.TextChoices):
    """A reviewer's verdict on a pair of records."""

    SAME = "same", _("same person")
    DIFFERENT = "different", _("different people")
    UNSURE = "unsure", _("unsure")


class ReviewPair(models.Model):
    """Two records the model could not decide on, with the evidence and the verdict.

    ``record_l`` is the record with the smaller primary key. Pairs a reviewer decided
    are kept across runs (the decision is passed to every later run); undecided pairs
    are replaced by each run's review band.
    """

    record_l = models.ForeignKey(
        Record, models.CASCADE, related_name="+", verbose_name=_("first record")
    )
    record_r = models.ForeignKey(
        Record, models.CASCADE, related_name="+", verbose_name=_("second record")
    )
    run = models.ForeignKey(
        LinkRun,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairs",
        verbose_name=_("link run"),
        help_text=_("the run that last scored the pair"),
    )
    match_probability = models.FloatField(_("match probability"), null=True, blank=True)
    match_weight = models.FloatField(_("match weight"), null=True, blank=True)
    evidence = models.JSONField(
        _("evidence"), default=dict, help_text=_("match weight of each compared field")
    )
    decision = models.CharField(
        _("decision"), max_length=10, null=True, blank=True, choices=Decision.choices
    )
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pair to review")
        verbose_name_plural = _("pairs to review")
        ordering = ("-match_probability",)
        constraints = (
            models.UniqueConstraint(fields=["record_l", "record_r"], name="review_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(record_l__lt=models.F("record_r")),
                name="review_pair_ordered",
            ),
        )

    def __str__(self) -> str:
        return f"{self.record_l_id} ~ {self.record_r_id}: {self.decision or '?'}"
