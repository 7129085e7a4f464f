"""The report as a document: sections of headline figures, charts, tables and prose.

:func:`document` turns a :class:`~habeas.report.build.Report` into a plain structure
(sections of blocks) in one language; :mod:`habeas.report.render` lays it out as HTML
and WeasyPrint paginates the same HTML. Every sentence goes through Django's gettext
(Spanish first); numbers and dates are formatted by :mod:`habeas.report.i18n`.

Every share is written with its denominator and its unknowns ("37 % of 12,400 people
with a known answer; unknown for 8,100"): an unknown is never counted as a no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from habeas.domain import centres, gazetteer, legal, vocab
from habeas.estimate.results import LEVEL
from habeas.indicators import DurationSummary, LimitCheck, Share
from habeas.report import charts
from habeas.report.build import Report
from habeas.report.choropleth import MAP_ATTRIBUTION, department_map
from habeas.report.estimates import METHOD_PARAMETERS, UNKNOWN, Question
from habeas.report.i18n import day, number, percent


@dataclass
class Block:
    """One element of a section: ``kind`` is chart, table, shares, figures or text."""

    kind: str
    title: str = ""
    svg: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[dict[str, str]] = field(default_factory=list)
    text: str = ""
    note: str = ""


@dataclass
class Section:
    """A numbered section of the report."""

    id: str
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


def _level(lang: str) -> str:
    """The intervals' level, "95 %" or "95%"."""
    return percent(LEVEL, lang, decimals=0)


def _unknown_label(value: Any) -> str:
    return _("unknown") if value in (None, UNKNOWN, "(missing)") else str(value)


def share_text(share: Share, lang: str) -> str:
    """ "37 % of 12,400 people with a known answer; unknown for 8,100"."""
    if share.known == 0:
        return _("no person with a known answer; unknown for %(unknown)s") % {
            "unknown": number(share.unknown, lang)
        }
    return _("%(share)s of %(known)s people with a known answer; unknown for %(unknown)s") % {
        "share": percent(share.share, lang),
        "known": number(share.known, lang),
        "unknown": number(share.unknown, lang),
    }


def limit_text(check: LimitCheck, lang: str) -> str:
    """A limit check in words: the share beyond, of how many, and what the dates cannot tell."""
    told = check.beyond + check.within
    return _(
        "%(share)s beyond the limit, of %(told)s people whose dates tell; "
        "dates too vague for %(undetermined)s, unknown for %(unknown)s"
    ) % {
        "share": percent(check.share_beyond, lang),
        "told": number(told, lang),
        "undetermined": number(check.undetermined, lang),
        "unknown": number(check.unknown, lang),
    }


def duration_text(summary: DurationSummary, lang: str) -> str:
    """ "median 12 days (quartiles 5–15), of 9,000 people; unknown for 4,000"."""
    if summary.known == 0:
        return _("no person with both dates; unknown for %(unknown)s") % {
            "unknown": number(summary.unknown, lang)
        }
    return _(
        "median %(median)s days (half between %(q1)s and %(q3)s; longest %(max)s), "
        "of %(known)s people with both dates; unknown for %(unknown)s"
    ) % {
        "median": number(summary.median_days, lang, decimals=1),
        "q1": number(summary.q1_days, lang, decimals=1),
        "q3": number(summary.q3_days, lang, decimals=1),
        "max": number(summary.max_days, lang),
        "known": number(summary.known, lang),
        "unknown": number(summary.unknown, lang),
    }


def interval_text(
    estimate: float | None, lower: float | None, upper: float | None, lang: str
) -> str:
    """ "12.345 (11.000–14.000)"; an em dash when there is no estimate."""
    if estimate is None or pd.isna(estimate):
        return "—"
    return f"{number(estimate, lang)} ({number(lower, lang)}–{number(upper, lang)})"


# -- labels of codes ------------------------------------------------------------------


def _limit_label(code: str, lang: str) -> str:
    if code == "in_force":
        return _("the domestic limit in force on the day of arrest")
    return legal.limit(code).label(lang)


def _rule_label(code: str, lang: str) -> str:
    """A row of the domestic-rules table: a limit, or why no rule could be told."""
    if code == "unknown":
        return _("arrest date unknown")
    if code == "undetermined":
        return _("arrest month straddles a change of rule")
    return _limit_label(code, lang)


def _share_label(key: str) -> str:
    labels = {
        "warrant_shown": _("a judicial warrant was shown at arrest"),
        "in_flagrante": _("arrested in flagrante delicto"),
        "grounds_prior_record": _("arrested on the grounds of a prior record"),
        "grounds_community": _("arrested for living in a gang-affected community"),
        "grounds_none_stated": _("no reason for the arrest stated"),
        "counsel_access": _("had a lawyer at the first hearing"),
        "mass_hearing": _("first hearing was a mass (collective) hearing"),
        "signs_of_violence": _("the body showed signs of violence"),
    }
    if key.startswith("whereabouts_unknown_"):
        days = key.removeprefix("whereabouts_unknown_").removesuffix("d")
        return _("the family did not learn the place of detention within %(days)s days") % {
            "days": days
        }
    return labels.get(key, key)


def _code_label(vocabulary: str, code: Any, lang: str) -> str:
    if code in (None, UNKNOWN):
        return _("unknown")
    terms = vocab.VOCABULARIES[vocabulary]
    return terms.label(code, lang) if code in terms else str(code)


def _centre_label(code: Any) -> str:
    if code in (None, UNKNOWN):
        return _("unknown")
    try:
        return centres.centre(code).name
    except KeyError:
        return str(code)


def _dimension_label(by: str, value: Any, lang: str) -> str:
    if value in (None, UNKNOWN):
        return _("unknown")
    if by == "sex":
        return {"F": _("women"), "M": _("men")}.get(value, value)
    if by == "age_group":
        return {
            "under_18": _("under 18"),
            "18_29": _("18 to 29"),
            "30_44": _("30 to 44"),
            "45_59": _("45 to 59"),
            "60_plus": _("60 and over"),
        }.get(value, value)
    if by == "group":
        return _code_label("groups", value, lang)
    if by == "department":
        try:
            return gazetteer.department(value).name
        except KeyError:
            return str(value)
    return str(value)


# -- sections -------------------------------------------------------------------------


def _headline(report: Report, lang: str) -> Section:
    est = report.estimates
    ind = report.indicators
    items = []
    for question, label in (
        (est.detentions, _("people detained")),
        (est.deaths, _("deaths in custody")),
    ):
        documented = ind.people if question.what == "detentions" else ind.deaths
        items.append(
            {
                "label": _("%(what)s, documented") % {"what": label},
                "value": number(documented, lang),
            }
        )
        items.append(_estimate_item(question, label, lang))
    adults = sum(d.adults_2024_est for d in gazetteer.departments())
    detained = est.detentions.headline
    items.append(
        {
            "label": _("share of the adult population detained (documented)"),
            "value": percent(ind.people / adults, lang, decimals=2),
            "detail": _("of %(adults)s adults (2024 census, estimated adult share)")
            % {"adults": number(adults, lang)},
        }
    )
    if detained is not None:
        items.append(
            {
                "label": _("share of the adult population detained (estimated)"),
                "value": percent(detained.estimate / adults, lang, decimals=2),
                "detail": f"{percent(detained.lower / adults, lang, decimals=2)}–"
                f"{percent(detained.upper / adults, lang, decimals=2)}",
            }
        )
    domestic = next((c for c in ind.hearing_limit_checks if c.key == "domestic_in_force"), None)
    if domestic is not None:
        items.append(
            {
                "label": _("held beyond the legal limit before seeing a judge"),
                "value": percent(domestic.share_beyond, lang),
                "detail": limit_text(domestic, lang),
            }
        )
    blocks = [Block("figures", items=items)]
    if report.inputs.truth:
        blocks.append(Block("text", text=_truth_text(report, lang)))
    return Section(
        "headline",
        _("Headline figures"),
        _(
            "Documented counts are people, not records: records about the same person in "
            "several lists were linked into one. Estimates add the people no list "
            "documented, with a %(level)s interval."
        )
        % {"level": _level(lang)},
        blocks,
    )


def _estimate_item(question: Question, label: str, lang: str) -> dict[str, str]:
    result = question.headline
    if result is None:
        reason = "; ".join(question.failed.values())
        return {"label": _("%(what)s, estimated") % {"what": label}, "value": "—", "detail": reason}
    return {
        "label": _("%(what)s, estimated") % {"what": label},
        "value": number(result.estimate, lang),
        "detail": _("%(level)s interval %(lower)s–%(upper)s (%(method)s)")
        % {
            "level": _level(lang),
            "lower": number(result.lower, lang),
            "upper": number(result.upper, lang),
            "method": result.method,
        },
    }


def _truth_text(report: Report, lang: str) -> str:
    truth = report.inputs.truth or {}
    text = _(
        "These data are simulated: the simulator's truth is %(detained)s people detained "
        "and %(died)s deaths in custody, of whom %(documented)s people were on at least "
        "one list."
    ) % {
        "detained": number(truth.get("detained"), lang),
        "died": number(truth.get("died"), lang),
        "documented": number(truth.get("documented"), lang),
    }
    for question, key in (
        (report.estimates.detentions, "detained"),
        (report.estimates.deaths, "died"),
    ):
        result, true = question.headline, truth.get(key)
        if result is None or true is None:
            continue
        inside = result.lower <= true <= result.upper
        text += " " + (
            _("The interval of %(what)s (%(lower)s–%(upper)s) contains the true %(true)s.")
            if inside
            else _("The interval of %(what)s (%(lower)s–%(upper)s) misses the true %(true)s.")
        ) % {
            "what": _("people detained") if key == "detained" else _("deaths in custody"),
            "lower": number(result.lower, lang),
            "upper": number(result.upper, lang),
            "true": number(true, lang),
        }
    return text


def _time_section(report: Report, lang: str) -> Section:
    monthly = report.indicators.counts["month"]
    svg = charts.monthly_chart(
        monthly.rename(columns={"value": "month"}),
        title=_("People detained and deaths in custody, by month of arrest"),
        detained_label=_("people detained"),
        died_label=_("deaths in custody"),
        month_label=_("month of arrest"),
        lang=lang,
    )
    unknown = monthly.loc[monthly["value"] == UNKNOWN, "detained"].sum()
    note = _("Arrest month unknown for %(n)s people (not shown).") % {"n": number(unknown, lang)}
    return Section(
        "time",
        _("Over time"),
        _("Documented people by the month of their (earliest recorded) arrest."),
        [Block("chart", svg=svg, note=note)],
    )


def _place_section(report: Report, lang: str) -> Section:
    rates = report.indicators.rates_by_department
    svg = department_map(
        rates,
        value="per_100k_adults",
        title=_("People detained per 100,000 adults, by department (documented)"),
        legend_title=_("per 100,000 adults"),
        lang=lang,
        no_data_label=_("no data"),
    )
    by_department = report.estimates.by.get("department")
    estimated = {}
    if by_department is not None:
        estimated = {row["value"]: row for row in by_department.to_dict("records")}
    rows = []
    for row in rates.to_dict("records"):
        est = estimated.get(row["name"], {})
        rows.append(
            [
                row["name"],
                number(row["adults"], lang),
                number(row["detained"], lang),
                number(row["per_100k_adults"], lang, decimals=1),
                percent(row["share_of_adults"], lang, decimals=2),
                interval_text(est.get("estimate"), est.get("lower"), est.get("upper"), lang),
                number(row["died"], lang),
            ]
        )
    unknown = rates.attrs.get("unknown", 0)
    table = Block(
        "table",
        title=_("Detention rates by department"),
        header=[
            _("department"),
            _("adults (est.)"),
            _("detained (documented)"),
            _("per 100,000 adults"),
            _("share of adults"),
            _("detained (estimated, %(level)s interval)") % {"level": _level(lang)},
            _("deaths (documented)"),
        ],
        rows=rows,
        note=_(
            "Department of residence, else of arrest; unknown for %(n)s people. Adults are "
            "0.74 × the 2024 census population; six departments' populations are analyst "
            "estimates (see the gazetteer's README)."
        )
        % {"n": number(unknown, lang)},
    )
    return Section(
        "place",
        _("Where"),
        "",
        [Block("chart", svg=svg, note=MAP_ATTRIBUTION), table],
    )


def _who_section(report: Report, lang: str) -> Section:
    blocks = []
    for by, title in (
        ("sex", _("By sex")),
        ("age_group", _("By age group at arrest")),
        ("group", _("Targeted groups")),
    ):
        counts = report.indicators.counts[by]
        estimated = {}
        if by in report.estimates.by:
            estimated = {r["value"]: r for r in report.estimates.by[by].to_dict("records")}
        rows = []
        for row in counts.to_dict("records"):
            est = estimated.get(row["value"], {})
            rows.append(
                [
                    _dimension_label(by, row["value"], lang),
                    number(row["detained"], lang),
                    interval_text(est.get("estimate"), est.get("lower"), est.get("upper"), lang)
                    if by in report.estimates.by
                    else _("not estimated"),
                    number(row["died"], lang),
                ]
            )
        note = ""
        if by == "group":
            note = _(
                "A person in two groups counts in both. Groups are not estimated: a "
                "person's group is known only from the lists that record it, so those lists "
                "catch every known member by definition and capture-recapture would say "
                "nobody is missing."
            )
        blocks.append(
            Block(
                "table",
                title=title,
                header=[
                    "",
                    _("detained (documented)"),
                    _("detained (estimated, %(level)s interval)") % {"level": _level(lang)},
                    _("deaths (documented)"),
                ],
                rows=rows,
                note=note,
            )
        )
    return Section("who", _("Who"), "", blocks)


def _due_process_section(report: Report, lang: str) -> Section:
    ind = report.indicators
    checks = ind.hearing_limit_checks
    frame = pd.DataFrame(
        {
            "label": [_limit_label(c.limit_code, lang) for c in checks],
            "share": [c.share_beyond for c in checks],
            "known": [c.beyond + c.within for c in checks],
            "unknown": [c.unknown + c.undetermined for c in checks],
        }
    )
    svg = charts.limits_chart(
        frame,
        title=_("Time from arrest to first hearing: share beyond each limit"),
        share_label=_("share beyond the limit"),
        no_data_label=_("no data"),
        lang=lang,
    )
    limit_items = [
        {"label": _limit_label(c.limit_code, lang), "text": limit_text(c, lang)} for c in checks
    ]
    shares = [
        *ind.arrest_shares,
        ind.counsel_share,
        ind.whereabouts_share,
        ind.hearing_type_share,
    ]
    share_frame = pd.DataFrame(
        {
            "label": [_share_label(s.key) for s in shares],
            "share": [s.share for s in shares],
            "known": [s.known for s in shares],
            "unknown": [s.unknown for s in shares],
        }
    )
    shares_svg = charts.limits_chart(
        share_frame,
        title=_("Arrest and hearing: share of people with a known answer"),
        share_label=_("share"),
        no_data_label=_("no data"),
        lang=lang,
    )
    rules = ind.domestic_rules
    rule_rows = [
        [_rule_label(r["rule_code"], lang), number(r["people"], lang)]
        for r in rules.to_dict("records")
    ]
    return Section(
        "due_process",
        _("Due process"),
        _(
            "Each person is judged against the rules in force on the day of their arrest "
            "(the law as data: Constitution Art. 13, the state-of-exception decrees, ICCPR "
            "Art. 9(3)). A breach is counted only when the calendar dates prove it: a "
            "hearing two days after the arrest is counted within 48 hours. This gives the "
            "benefit of the doubt to the state."
        ),
        [
            Block("chart", svg=svg),
            Block("shares", title=_("Time to the first hearing"), items=limit_items),
            Block(
                "text",
                text=_("Time from arrest to first hearing: %(text)s.")
                % {"text": duration_text(ind.hearing_delay, lang)},
            ),
            Block(
                "table",
                title=_("Domestic rule in force on the day of arrest"),
                header=[_("rule"), _("people arrested")],
                rows=rule_rows,
            ),
            Block("chart", svg=shares_svg),
            Block(
                "shares",
                title=_("Arrest, counsel and family"),
                items=[{"label": _share_label(s.key), "text": share_text(s, lang)} for s in shares],
            ),
        ],
    )


def _deaths_section(report: Report, lang: str) -> Section:
    ind = report.indicators
    by_centre = ind.deaths_by_centre.assign(label=lambda f: [_centre_label(c) for c in f["centre"]])
    causes = ind.death_causes.assign(
        label=lambda f: [_code_label("death_cause", c, lang) for c in f["cause"]]
    )
    blocks = [
        Block(
            "chart",
            svg=charts.bar_chart(
                by_centre,
                category="label",
                value="deaths",
                title=_("Deaths in custody by place of death"),
                value_label=_("deaths (documented)"),
                lang=lang,
                color=charts.DIED_COLOR,
            ),
        ),
        Block(
            "chart",
            svg=charts.bar_chart(
                causes,
                category="label",
                value="deaths",
                title=_("Deaths in custody by reported cause"),
                value_label=_("deaths (documented)"),
                lang=lang,
                color=charts.DIED_COLOR,
            ),
        ),
        Block(
            "shares",
            items=[
                {
                    "label": _share_label(ind.violence_share.key),
                    "text": share_text(ind.violence_share, lang),
                },
                {
                    "label": _("time from arrest to death"),
                    "text": duration_text(ind.arrest_to_death, lang),
                },
            ],
        ),
    ]
    return Section(
        "deaths",
        _("Deaths in custody"),
        _(
            "The reported cause is the cause a list recorded (often the official one); "
            "the Nelson Mandela Rules (Rule 71) require every death in custody to be "
            "investigated independently."
        ),
        blocks,
    )


def _centres_section(report: Report, lang: str) -> Section:
    ind = report.indicators
    svg = charts.occupancy_chart(
        ind.occupancy,
        title=_("People held at the end of each month, by centre (documented)"),
        held_label=_("people held"),
        capacity_label=_("official capacity"),
        lang=lang,
    )
    provisional, provisional_checks = ind.provisional_detention, ind.provisional_limits
    items = [
        {"label": _("time in provisional detention"), "text": duration_text(provisional, lang)}
    ]
    items += [
        {"label": _limit_label(c.limit_code, lang), "text": limit_text(c, lang)}
        for c in provisional_checks
    ]
    items.append(
        {
            "label": _("time from arrest to release"),
            "text": duration_text(ind.arrest_to_release, lang),
        }
    )
    return Section(
        "centres",
        _("Detention centres and time held"),
        _(
            "Lists give only the last known place of detention, so transfers are not seen: "
            "a person is counted in their last known centre from arrest until release, "
            "death or the data snapshot. Official capacities are public for few centres."
        ),
        [Block("chart", svg=svg), Block("shares", items=items)],
    )


def _estimates_section(report: Report, lang: str) -> Section:
    est = report.estimates
    blocks = []
    for by, title in (
        ("department", _("Documented and estimated people detained, by department")),
        ("period", _("Documented and estimated people detained, by half-year of arrest")),
        ("sex", _("Documented and estimated people detained, by sex")),
        ("age_group", _("Documented and estimated people detained, by age group")),
        ("month", _("Documented and estimated people detained, by month of arrest")),
    ):
        frame = est.by.get(by)
        if frame is None:
            continue
        frame = frame.assign(label=[_dimension_label(by, v, lang) for v in frame["value"]])
        blocks.append(
            Block(
                "chart",
                svg=charts.estimates_chart(
                    frame,
                    title=title,
                    documented_label=_("documented"),
                    estimated_label=_("estimated (%(level)s interval)") % {"level": _level(lang)},
                    lang=lang,
                ),
            )
        )
    return Section(
        "estimates",
        _("How many were not documented"),
        _(
            "Multiple systems estimation (capture-recapture) uses how the lists overlap "
            "to estimate how many people no list documented. Strata with fewer than "
            "%(n)s documented people are not estimated."
        )
        % {"n": number(50, lang)},
        blocks,
    )


def _methods_section(report: Report, lang: str) -> Section:
    blocks = [_sources_block(report, lang), _linkage_block(report, lang)]
    blocks += _estimation_blocks(report, lang)
    blocks.append(_limits_block(lang))
    blocks.append(
        Block(
            "text",
            title=_("Data"),
            text=_(
                "Data snapshot of %(snapshot)s; report made on %(created)s with habeas "
                "%(version)s. Every figure can be reproduced with `habeas indicators "
                "--json`. Map: %(map)s."
            )
            % {
                "snapshot": day(report.inputs.snapshot),
                "created": day(report.created.date()),
                "version": report.version,
                "map": MAP_ATTRIBUTION,
            },
        )
    )
    return Section("methods", _("Methods"), "", blocks)


def _sources_block(report: Report, lang: str) -> Block:
    table = report.sources_table()
    rows = [
        [
            str(r["source"]),
            str(r["name"]),
            number(r["records"], lang),
            number(r["people"], lang),
            number(r["only_here"], lang),
        ]
        for r in table.to_dict("records")
    ]
    return Block(
        "table",
        title=_("Sources"),
        header=[
            _("code"),
            _("list"),
            _("records"),
            _("people"),
            _("people on no other list"),
        ],
        rows=rows,
    )


def _linkage_block(report: Report, lang: str) -> Block:
    run = report.inputs.link_run or {}
    text = _(
        "Records were linked into people by probabilistic record linkage (the "
        "Fellegi-Sunter model in Splink, with comparisons tuned to Salvadoran names: two "
        "surnames, particles, married names, DUI check digits, partial dates). Pairs "
        "whose match probability falls between the two thresholds go to human review."
    )
    if run:
        text += " " + _(
            "Last link run: %(records)s records into %(people)s people; %(review)s "
            "doubtful pairs sent to review, %(decisions)s human decisions applied."
        ) % {
            "records": number(run.get("n_records"), lang),
            "people": number(run.get("n_people"), lang),
            "review": number(run.get("n_review"), lang),
            "decisions": number(run.get("n_decisions"), lang),
        }
    quality = report.inputs.linkage_quality
    if quality:
        text += " " + _(
            "Measured against the known truth: pairwise precision %(p)s, recall %(r)s, "
            "F1 %(f1)s; B-cubed F1 %(b3)s; %(true)s true people, %(found)s found."
        ) % {
            "p": number(quality["pairwise_precision"], lang, decimals=4),
            "r": number(quality["pairwise_recall"], lang, decimals=4),
            "f1": number(quality["pairwise_f1"], lang, decimals=4),
            "b3": number(quality["bcubed_f1"], lang, decimals=4),
            "true": number(quality["n_true_people"], lang),
            "found": number(quality["n_predicted_people"], lang),
        }
    else:
        text += " " + _(
            "No truth is known for these data, so linkage error cannot be measured here; "
            "on the simulated scenario the same model reaches a pairwise F1 near 0.99 "
            "(bench/linkage_quality.py)."
        )
    return Block("text", title=_("Linkage"), text=text)


def _estimation_blocks(report: Report, lang: str) -> list[Block]:
    est = report.estimates
    rows = []
    warnings: dict[tuple[str, str], list[str]] = {}  # (question, warning) → methods
    for question, label in (
        (est.detentions, _("people detained")),
        (est.deaths, _("deaths in custody")),
    ):
        for method in METHOD_PARAMETERS:
            result = question.comparison.get(method)
            if result is None:
                reason = question.failed.get(method) or question.failed.get("all", "")
                rows.append([label, method, number(question.documented, lang), "—", reason])
                continue
            headline = " ★" if result is question.headline else ""
            rows.append(
                [
                    label,
                    method + headline,
                    number(result.observed, lang),
                    interval_text(result.estimate, result.lower, result.upper, lang),
                    _diagnostics_text(result.diagnostics, lang),
                ]
            )
            for warning in result.warnings:
                warnings.setdefault((label, warning), []).append(method)
    text = _(
        "The headline (★) uses %(method)s with seed %(seed)s; the other methods run on the "
        "same tables as a check of how much the figure depends on the model. dga: "
        "Bayesian model averaging over decomposable graphical models (Madigan and York); "
        "lcmcr: the Bayesian latent-class model of Manrique-Vallier; loglinear: the "
        "log-linear model with the lowest BIC (as Rcapture). No method can see people "
        "that no list could ever reach: if a group is hidden from every list, every "
        "estimate undercounts it."
    ) % {"method": est.method, "seed": est.seed}
    blocks = [
        Block("text", title=_("Estimation"), text=text),
        Block(
            "table",
            title=_("Estimates by method"),
            header=[
                _("question"),
                _("method"),
                _("documented"),
                _("estimate (%(level)s interval)") % {"level": _level(lang)},
                _("diagnostics"),
            ],
            rows=rows,
        ),
    ]
    if warnings:
        blocks.append(
            Block(
                "shares",
                title=_("Warnings from the estimation"),
                items=[
                    {"label": f"{label} ({', '.join(methods)})", "text": warning}
                    for (label, warning), methods in warnings.items()
                ],
            )
        )
    return blocks


def _diagnostics_text(diagnostics: dict[str, Any], lang: str) -> str:
    parts = []
    if "rhat" in diagnostics:
        parts.append(f"R-hat {number(diagnostics['rhat'], lang, decimals=2)}")
    if "ess" in diagnostics:
        parts.append(f"ESS {number(diagnostics['ess'], lang)}")
    return ", ".join(parts)


def _limits_block(lang: str) -> Block:
    rows = [
        [
            lim.label(lang),
            lim.citation,
            _("uncertain: ") + lim.note if lim.uncertain else "",
        ]
        for lim in legal.limits()
    ]
    return Block(
        "table",
        title=_("Legal yardsticks"),
        header=[_("limit"), _("source"), _("note")],
        rows=rows,
    )


def document(report: Report, lang: str) -> list[Section]:
    """The report's sections in ``lang`` (call inside ``translation.override(lang)``)."""
    return [
        _headline(report, lang),
        _time_section(report, lang),
        _place_section(report, lang),
        _who_section(report, lang),
        _due_process_section(report, lang),
        _deaths_section(report, lang),
        _centres_section(report, lang),
        _estimates_section(report, lang),
        _methods_section(report, lang),
    ]
