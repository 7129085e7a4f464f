"""Record linkage on the database: snapshot the records, link them, store the people.

:func:`link_database` is what ``habeas link`` (without ``--records``) and ``habeas
demo`` run: it reads the records (:func:`records_snapshot`) and the reviewers'
decisions (:func:`review_decisions`), calls :func:`habeas.linkage.link_records`, and
stores the outcome with :func:`store_linkage` in one transaction. Decisions are never
lost: a decided pair stays in :class:`ReviewPair` and goes to every later run.

When the last run left a trained model and the only change since is records without a
person (a list imported since), :func:`link_database` links just those records
(:func:`habeas.linkage.incremental.link_new_records`): no re-training, and every
stored person keeps its id. :func:`incremental_plan` says when that is possible and,
when it is not, why a full run is needed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from habeas import __version__
from habeas.domain.errors import HabeasError
from habeas.domain.schema import PERSON_ID
from habeas.web.analysis.models import Decision, LinkRun, ReviewPair
from habeas.web.cases.models import Person, Record
from habeas.web.cases.rows import json_safe

if TYPE_CHECKING:
    from habeas.domain.progress import ProgressCallback
    from habeas.linkage.model import LinkResult
    from habeas.linkage.settings import LinkSettings

#: Rows per bulk write.
BATCH_SIZE = 2_000
#: Prefix of the per-comparison match weight columns of ``LinkResult.pairs``.
WEIGHT_PREFIX = "mw_"


class UnknownRecord(HabeasError, LookupError):
    """A pair or decision names a record the database does not hold."""


def records_snapshot() -> pd.DataFrame:
    """The stored records in the canonical columns, without any earlier ``person_id``."""
    from habeas.web.cases.exports import records_frame

    frame = records_frame()
    return frame.drop(columns=[PERSON_ID], errors="ignore")


def review_decisions() -> pd.DataFrame:
    """Reviewers' "same"/"different" decisions as ``unique_id_l, unique_id_r, decision``.

    ``unique_id`` is ``source|record_id``, as :func:`habeas.linkage.link_records`
    expects. "Unsure" verdicts are left out: they decide nothing.
    """
    rows = ReviewPair.objects.filter(decision__in=[Decision.SAME, Decision.DIFFERENT])
    values = rows.values_list(
        "record_l__source__code",
        "record_l__record_id",
        "record_r__source__code",
        "record_r__record_id",
        "decision",
    )
    table = [(f"{sl}|{rl}", f"{sr}|{rr}", d) for sl, rl, sr, rr, d in values]
    return pd.DataFrame(table, columns=["unique_id_l", "unique_id_r", "decision"], dtype=object)


@dataclasses.dataclass(frozen=True)
class LinkPlan:
    """Full or incremental, and why: what :func:`link_database` will do.

    Attributes
    ----------
    incremental
        True to link only the records without a person, with ``previous``'s model.
    reason
        Why, in a few words (shown by ``habeas link``).
    previous
        The run whose model an incremental run uses.
    """

    incremental: bool
    reason: str
    previous: LinkRun | None = None


def incremental_plan(*, allowed: bool = True) -> LinkPlan:
    """Whether the next run can link only the records without a person.

    It can when the latest run stored a trained model, some records have a person and
    some do not, no linked record was edited after that run, and no reviewer decided,
    since it started, on two linked records in a way their stored people contradict
    ("different" in one person, "same" in two). Anything else needs a full run, which
    re-trains the model and re-clusters every record.
    """
    from habeas.linkage.incremental import UntrainedModel, splink_model

    if not allowed:
        return LinkPlan(False, "a full run was asked for")
    previous = LinkRun.objects.order_by("-started", "-pk").first()
    if previous is None:
        return LinkPlan(False, "no earlier run")
    try:
        splink_model(previous.settings)
    except UntrainedModel:
        return LinkPlan(False, "the last run has no trained model")
    if not Record.objects.filter(person=None).exists():
        return LinkPlan(False, "no record without a person")
    linked = Record.objects.exclude(person=None)
    if not linked.exists():
        return LinkPlan(False, "no record linked yet")
    if linked.filter(updated__gt=previous.finished).exists():
        return LinkPlan(False, "linked records were edited since the last run")
    if _contradicted_decisions(previous):
        return LinkPlan(False, "reviewers decided on linked records since the last run")
    return LinkPlan(True, "only records without a person", previous)


def _contradicted_decisions(previous: LinkRun) -> bool:
    """A decision taken since ``previous`` started that the stored people contradict."""
    recent = ReviewPair.objects.filter(
        decided_at__gt=previous.started,
        record_l__person__isnull=False,
        record_r__person__isnull=False,
    )
    return any(
        (decision == Decision.SAME) != (left == right)
        for decision, left, right in recent.filter(
            decision__in=[Decision.SAME, Decision.DIFFERENT]
        ).values_list("decision", "record_l__person_id", "record_r__person_id")
    )


def link_database(
    *,
    settings: LinkSettings | None = None,
    run_by: str = "",
    progress: ProgressCallback | None = None,
    incremental: bool = True,
) -> LinkRun:
    """Link the stored records and store people, run and review queue.

    Parameters
    ----------
    settings
        Linkage settings (defaults of :class:`habeas.linkage.settings.LinkSettings`).
    run_by
        Who ran it (login name), stored on the run.
    progress
        Optional ``progress(step, done, total)`` callback.
    incremental
        Link only the records without a person, with the last run's model, when
        :func:`incremental_plan` allows it (the default); False forces a full run.

    Returns
    -------
    LinkRun
        The stored run, with its counts; ``run.incremental`` and
        ``run.settings["why"]`` say which kind of run it was and why.
    """
    from habeas.linkage.model import link_records

    started = timezone.now()
    plan = incremental_plan(allowed=incremental)
    decisions = review_decisions()
    if plan.incremental:
        from habeas.linkage.incremental import link_new_records
        from habeas.web.cases.exports import records_frame

        frame = records_frame()
        new = frame[PERSON_ID].isna().to_numpy()
        result = link_new_records(
            frame[~new].reset_index(drop=True),
            frame[new].drop(columns=PERSON_ID).reset_index(drop=True),
            model=plan.previous.settings,
            settings=settings,
            decisions=decisions,
            progress=progress,
        )
        based_on = {"based_on_run": plan.previous.pk}
    else:
        records = records_snapshot()
        result = link_records(records, settings=settings, decisions=decisions, progress=progress)
        based_on = {}
    noted = {**result.settings, "incremental": plan.incremental, "why": plan.reason, **based_on}
    result = dataclasses.replace(result, settings=noted)
    return store_linkage(result, started=started, run_by=run_by, n_decisions=len(decisions))


def _record_keys() -> dict[str, tuple[int, str | None]]:
    """``source|record_id`` → (record pk, current person id)."""
    rows = Record.objects.values_list("id", "source__code", "record_id", "person__person_id")
    return {f"{s}|{r}": (pk, person) for pk, s, r, person in rows}


def _pk(keys: dict[str, tuple[int, str | None]], unique_id: str) -> int:
    try:
        return keys[unique_id][0]
    except KeyError:
        raise UnknownRecord(f"record {unique_id!r} is not in the database") from None


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 4)


def _evidence(row: dict[str, Any], columns: Iterable[str]) -> dict[str, float | None]:
    return {c.removeprefix(WEIGHT_PREFIX): _number(row[c]) for c in columns}


def store_linkage(
    result: LinkResult,
    *,
    started: datetime | None = None,
    run_by: str = "",
    n_decisions: int = 0,
) -> LinkRun:
    """Store a link result: people, each record's person, the run and the review queue.

    One transaction. Person rows are created for new person ids and removed when no
    record is left with them; records whose person is unchanged are not written.
    Undecided review pairs are replaced by this run's review band; decided pairs are
    kept (their scores updated when the run scored them again). An incremental result
    (``result.settings["incremental"]``) only adds its pairs: the queue of the earlier
    runs is about records it did not score again, so it stays.

    Parameters
    ----------
    result
        What :func:`habeas.linkage.link_records` returned for the stored records.
    started
        When the run started (default: now).
    run_by
        Who ran it.
    n_decisions
        How many reviewers' decisions the run was given.

    Returns
    -------
    LinkRun

    Raises
    ------
    UnknownRecord
        When the result names a record the database does not hold.
    """
    started = started or timezone.now()
    with transaction.atomic():
        keys = _record_keys()
        frame = result.records
        uids = frame["source"].astype(str) + "|" + frame["record_id"].astype(str)
        wanted = dict(zip(uids, frame[PERSON_ID].astype(str), strict=True))
        people = dict(Person.objects.values_list("person_id", "id"))
        new_ids = sorted(set(wanted.values()) - people.keys())
        Person.objects.bulk_create(
            [Person(person_id=p) for p in new_ids], batch_size=BATCH_SIZE, ignore_conflicts=True
        )
        if new_ids:
            people = dict(Person.objects.values_list("person_id", "id"))
        changed = [
            Record(pk=_pk(keys, uid), person_id=people[person])
            for uid, person in wanted.items()
            if keys.get(uid, (None, None))[1] != person
        ]
        Record.objects.bulk_update(changed, ["person"], batch_size=BATCH_SIZE)
        removed, _ = Person.objects.filter(records__isnull=True).delete()
        pairs = result.pairs
        n_links = int((pairs["band"] == "link").sum()) if len(pairs) else 0
        run = LinkRun.objects.create(
            started=started,
            finished=timezone.now(),
            habeas_version=__version__,
            settings=json_safe(result.settings),
            run_by=run_by,
            n_records=len(frame),
            n_people=len(set(wanted.values())),
            n_links=n_links,
            n_decisions=n_decisions,
            n_relinked=len(changed),
            n_people_created=len(new_ids),
            n_people_removed=removed,
            timings=json_safe(result.timings),
        )
        replace = not result.settings.get("incremental", False)
        run.n_review = _store_review_pairs(run, pairs, keys, replace=replace)
        run.save(update_fields=["n_review"])
    return run


def _store_review_pairs(
    run: LinkRun,
    pairs: pd.DataFrame,
    keys: dict[str, tuple[int, str | None]],
    *,
    replace: bool = True,
) -> int:
    """Replace the undecided pairs by the run's review band (``replace=False``: add the
    band to them); rescore decided pairs."""
    weights = [c for c in pairs.columns if c.startswith(WEIGHT_PREFIX)]
    scored: dict[tuple[int, int], tuple[dict[str, Any], bool]] = {}
    if len(pairs):
        left = pairs["unique_id_l"].astype(str).map(lambda u: _pk(keys, u)).to_numpy()
        right = pairs["unique_id_r"].astype(str).map(lambda u: _pk(keys, u)).to_numpy()
        in_band = (pairs["band"] == "review").to_numpy()
        decided = set(
            ReviewPair.objects.exclude(decision=None).values_list("record_l_id", "record_r_id")
        )
        ordered = [(min(a, b), max(a, b)) for a, b in zip(left, right, strict=True)]
        keep = [bool(b) or k in decided for k, b in zip(ordered, in_band, strict=True)]
        rows = pairs[keep].to_dict("records")
        chosen = [(k, bool(b)) for k, b, x in zip(ordered, in_band, keep, strict=True) if x]
        for (key, band), row in zip(chosen, rows, strict=True):
            scored[(int(key[0]), int(key[1]))] = (row, band)
    if replace:
        ReviewPair.objects.filter(decision=None).delete()
    existing = {(p.record_l_id, p.record_r_id): p for p in ReviewPair.objects.all()}
    create, update = [], []
    for (lo_pk, hi_pk), (row, _in_band) in scored.items():
        values = {
            "run": run,
            "match_probability": _number(row["match_probability"]),
            "match_weight": _number(row["match_weight"]),
            "evidence": _evidence(row, weights),
        }
        pair = existing.get((lo_pk, hi_pk))
        if pair is None:
            create.append(ReviewPair(record_l_id=lo_pk, record_r_id=hi_pk, **values))
        else:
            for name, value in values.items():
                setattr(pair, name, value)
            update.append(pair)
    ReviewPair.objects.bulk_create(create, batch_size=BATCH_SIZE)
    ReviewPair.objects.bulk_update(
        update, ["run", "match_probability", "match_weight", "evidence"], batch_size=BATCH_SIZE
    )
    return sum(1 for _, in_band in scored.values() if in_band)


def decide_pair(
    record_l: Record, record_r: Record, decision: str, *, decided_by: str = ""
) -> ReviewPair:
    """Record a reviewer's verdict on two records (creating the pair if the queue lacks it).

    A "different" verdict on two records the model linked automatically splits them at
    the next run; "same" joins them. Either way the verdict is kept for every run.
    """
    if decision not in Decision.values:
        raise HabeasError(f"decision must be one of {', '.join(Decision.values)}: {decision!r}")
    if record_l.pk == record_r.pk:
        raise HabeasError(f"a record cannot be paired with itself: {record_l}")
    lo, hi = sorted((record_l.pk, record_r.pk))
    with transaction.atomic():
        pair, _ = ReviewPair.objects.update_or_create(
            record_l_id=lo,
            record_r_id=hi,
            defaults={
                "decision": decision,
                "decided_by": decided_by,
                "decided_at": timezone.now(),
            },
        )
    return pair
