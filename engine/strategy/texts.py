"""The words of a ranking: each contribution's reason (chosen by the direction of its
effect), an option's summary, the note or cap from its own business case and the
ranking's summary (no clear winner, ties, none fits yet, thin data)."""

from __future__ import annotations

from collections.abc import Mapping

from engine.common import Text
from engine.money import format_mio
from engine.strategy.model import CaseEvidence, FactSpec, OptionSpec, Precondition, StrategyModel
from engine.strategy.results import Cap, Contribution, DataCoverage, OptionResult, points

# Everything here serves engine.strategy.scoring and engine.strategy.ranking.
__all__: list[str] = []


def contribution(
    spec: FactSpec,
    raw: float,
    normalised: float,
    delta: float,
    target: Text,
    why: tuple[Text, Text] | None,
) -> Contribution:
    pushes_up = delta > 0
    value_da, value_en = spec.display(raw, "da"), spec.display(raw, "en")
    verb_da = "taler for" if pushes_up else "taler imod"
    verb_en = "speaks for" if pushes_up else "speaks against"
    da = f"{spec.label.da}: {value_da} - {verb_da} {target.da}."
    en = f"{spec.label.en}: {value_en} - {verb_en} {target.en}."
    if why is not None:
        reason = why[0] if pushes_up else why[1]
        da, en = f"{da} {reason.da}", f"{en} {reason.en}"
    return Contribution(
        fact=spec.key,
        value=raw,
        normalised=round(normalised, 4),
        direction="for" if pushes_up else "against",
        magnitude=round(abs(delta), 4),
        text=Text(da, en),
    )


def option_summary(
    option: OptionSpec, score: float, overrides: bool, top: Text | None, caps: tuple[Cap, ...]
) -> Text:
    da = (
        f"{option.label.da}: {points(score)} point af 100 "
        f"(forhåndsvurdering {points(option.prior)})."
    )
    en = f"{option.label.en}: {points(score)} points of 100 (prior {points(option.prior)})."
    for cap in caps:
        da += f" {cap.text.da}"
        en += f" {cap.text.en}"
    if overrides:
        da += " Kommunens egne forhold flytter vurderingen væk fra kildernes udgangspunkt."
        en += " The municipality's own facts move it away from the sources' starting point."
    if top is not None:
        da += f" Vigtigst: {top.da}"
        en += f" Most important: {top.en}"
    return Text(da, en)


def case_cap(model: StrategyModel, evidence: CaseEvidence) -> tuple[Cap | None, Text]:
    own_da, own_en = format_mio(evidence.npv), format_mio(evidence.npv).replace(",", ".")
    whole = ""
    whole_en = ""
    if evidence.whole_npv is not None:
        whole = f" (hele casen: {format_mio(evidence.whole_npv)})"
        whole_en = f" (the whole case: {format_mio(evidence.whole_npv).replace(',', '.')})"
    if evidence.npv < 0:
        text = Text(
            f"Kommunens egen nutidsværdi i business casen »{evidence.name}« er {own_da}"
            f"{whole}, så den kan ikke anbefales, før casen går i plus for kommunen.",
            f"The municipality's own net present value in the business case "
            f"»{evidence.name}« is {own_en}{whole_en}, so it cannot be recommended until "
            "the case pays for the municipality.",
        )
        return Cap("business_case", min(model.case_cap, model.recommend_threshold), text), text
    return None, Text(
        f"Kommunens egen nutidsværdi i business casen »{evidence.name}« er {own_da}{whole}.",
        f"The municipality's own net present value in the business case »{evidence.name}« "
        f"is {own_en}{whole_en}.",
    )


def joined_names(labels: list[Text]) -> Text:
    def join(words: list[str], word: str) -> str:
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {word} {words[-1]}"

    return Text(join([t.da for t in labels], "og"), join([t.en for t in labels], "and"))


def ranking_summary(
    results: Mapping[str, OptionResult],
    order: list[str],
    prior_first: str,
    margin: float | None,
    tied: tuple[str, ...],
    establish: tuple[Precondition, ...],
    coverage: DataCoverage,
    model: StrategyModel,
) -> Text:
    if not order:
        return Text("Modellen indeholder ingen strategier.", "The model holds no strategies.")
    first = results[order[0]]
    if establish and first.blocked:
        what = joined_names([p.text for p in establish])
        return Text(
            f"Ingen strategi passer endnu: først skal {what.da} på plads. "
            + " ".join(p.why.da for p in establish),
            f"No strategy fits yet: first establish {what.en}. "
            + " ".join(p.why.en for p in establish),
        )
    thin = coverage.share < model.min_coverage
    basis = Text(
        f"{coverage.text.da}, så resultatet hviler mest på kildernes udgangspunkt. ",
        f"{coverage.text.en}, so the result rests mostly on the sources' starting point. ",
    )
    opening = basis if thin else Text("", "")
    if len(tied) > 1:
        names = joined_names([results[k].label for k in tied])
        return Text(
            f"{opening.da}Ingen klar vinder: {names.da} står lige med "
            f"{points(first.score)} point. Kommunens forhold afgør ikke rækkefølgen mellem "
            "dem; de står efter kildernes forhåndsvurdering.",
            f"{opening.en}No clear winner: {names.en} tie at {points(first.score)} points. "
            "The municipality's facts do not decide between them; they are listed by the "
            "sources' prior.",
        )
    if margin is not None and margin < model.clear_margin:
        second = results[order[1]]
        return Text(
            f"{opening.da}Ingen klar vinder: {first.label.da} ligger kun {points(margin)} "
            f"point foran {second.label.da}, under grænsen på {points(model.clear_margin)} "
            "point for en klar anbefaling. Drøft begge.",
            f"{opening.en}No clear winner: {first.label.en} leads {second.label.en} by only "
            f"{points(margin)} points, below the {points(model.clear_margin)} needed for a "
            "clear recommendation. Discuss both.",
        )
    if thin:
        return Text(
            f"{basis.da}{first.label.da} står først.",
            f"{basis.en}{first.label.en} comes first.",
        )
    if order[0] != prior_first:
        prior = results[prior_first].label
        return Text(
            f"Kommunens egne forhold peger på {first.label.da} frem for {prior.da}, "
            "som kilderne anbefaler de fleste kommuner.",
            f"The municipality's own facts point to {first.label.en} rather than {prior.en}, "
            "which the sources recommend for most municipalities.",
        )
    return Text(
        f"{first.label.da} passer bedst; kommunens forhold bekræfter kildernes udgangspunkt.",
        f"{first.label.en} fits best; the municipality's facts confirm the sources' "
        "starting point.",
    )
