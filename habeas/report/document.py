"""The report as a document: sections of headline figures, charts, tables and prose.

:func:`document` turns a :class:`~habeas.report.build.Report` into a plain structure
(sections of blocks) in one language; :mod:`habeas.report.render` lays it out as HTML
and WeasyPrint paginates the same HTML. Every sentence goes through Django's gettext
(Spanish first); numbers and dates are formatted by :mod:`habeas.report.i18n`.

Every share is written with its denominator and its unknowns ("37 % of 12,400 people
with a known answer; unknown for 8,100"): an unknown is never counted as a no.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from habeas.domain import centres, gazetteer, legal, vocab
from habeas.report import charts
from habeas.report.blocks import (
    Block,
    Section,
    duration_text,
    interval_text,
    level_text,
    limit_text,
    share_text,
)
from habeas.report.build import Report
from habeas.report.choropleth import MAP_ATTRIBUTION, department_map
from habeas.report.estimates import UNKNOWN, Question
from habeas.report.i18n import number, percent
from habeas.report.methods import methods_section


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
        % {"level": level_text(lang)},
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
            "level": level_text(lang),
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
            _("detained (estimated, %(level)s interval)") % {"level": level_text(lang)},
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
                    _("detained (estimated, %(level)s interval)") % {"level": level_text(lang)},
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
        _deaths_chart(by_centre, _("Deaths in custody by place of death"), lang),
        _deaths_chart(causes, _("Deaths in custody by reported cause"), lang),
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


def _deaths_chart(frame: pd.DataFrame, title: str, lang: str) -> Block:
    """A bar chart of documented deaths by ``frame``'s ``label``."""
    svg = charts.bar_chart(
        frame,
        category="label",
        value="deaths",
        title=title,
        value_label=_("deaths (documented)"),
        lang=lang,
        color=charts.DIED_COLOR,
    )
    return Block("chart", svg=svg)


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
                    estimated_label=_("estimated (%(level)s interval)")
                    % {"level": level_text(lang)},
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
        methods_section(report, lang),
    ]
