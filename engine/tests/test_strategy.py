"""Strategy scoring mechanics, on a small hand-made model (the real weights live in the
knowledge base; the archetype tests in knowledge/tests run against them)."""

import pytest

from engine.common import Text
from engine.strategy import (
    DisadvantageSpec,
    Driver,
    FactSpec,
    OptionKind,
    OptionSpec,
    Profile,
    Rule,
    StrategyModel,
    rank,
)


def t(text: str) -> Text:
    return Text(text, text.upper())


def model(**overrides: object) -> StrategyModel:
    values: dict[str, object] = {
        "version": "test",
        "options": (
            OptionSpec("coherent", t("Sammenhæng"), OptionKind.STRATEGY, 0.6),
            OptionSpec("standard", t("Standard"), OptionKind.STRATEGY, 0.5),
            OptionSpec("shared", t("Fællesskab"), OptionKind.OPERATING_MODEL, 0.3),
        ),
        "facts": (
            FactSpec("cost_pressure", t("Omkostningspres"), 1, 5),
            FactSpec("share", t("Andel"), 0, 1, percent=True),
            FactSpec("inhabitants", t("Indbyggere"), 10_000, 100_000),
        ),
        "rules": (
            Rule("standard", "cost_pressure", 0.4, t("Billigere.")),
            Rule("coherent", "share", -0.2, t("Mindre behov.")),
            Rule("shared", "inhabitants", -0.6, t("Små kommuner.")),
        ),
        "disadvantages": (
            DisadvantageSpec(
                "shadow",
                "standard",
                t("Skygge-IT"),
                0.4,
                (Driver("cost_pressure", 0.4),),
                (t("Inddrag"),),
            ),
            DisadvantageSpec("slow", "standard", t("Langsom"), 0.3),
            DisadvantageSpec("rare", "standard", t("Sjælden"), 0.1),
            DisadvantageSpec("lost", "shared", t("Videnstab"), 0.5, (Driver("inhabitants", -0.2),)),
        ),
        "max_disadvantages": 2,
    }
    values.update(overrides)
    return StrategyModel(**values)  # type: ignore[arg-type]


def test_unknown_profile_follows_the_prior_with_zero_confidence() -> None:
    ranking = rank(Profile(), model())
    assert ranking.recommended == ranking.prior_recommended == "coherent"
    assert not ranking.overrides_prior
    assert [o.key for o in ranking.strategies] == ["coherent", "standard"]
    assert all(o.confidence == 0 and not o.overrides_prior for o in ranking.strategies)
    assert set(ranking.missing_facts) == {"cost_pressure", "share", "inhabitants"}
    assert "bekræfter" in ranking.summary.da


def test_facts_override_the_prior_and_the_explanation_says_so() -> None:
    ranking = rank(Profile(cost_pressure=5), model())
    standard = ranking.option("standard")
    assert ranking.recommended == "standard"
    assert ranking.overrides_prior
    assert standard.score == pytest.approx(0.7)
    assert standard.rank == 1 and standard.prior_rank == 2 and standard.overrides_prior
    assert standard.confidence == 1.0
    contribution = standard.contributions[0]
    assert (contribution.fact, contribution.direction) == ("cost_pressure", "for")
    assert contribution.magnitude == pytest.approx(0.2)
    assert "taler for" in contribution.text.da and "speaks for" in contribution.text.en
    assert "Billigere." in contribution.text.da
    assert "frem for" in ranking.summary.da
    assert "væk fra kildernes udgangspunkt" in standard.summary.da


def test_low_values_push_against() -> None:
    ranking = rank({"cost_pressure": 1}, model())
    standard = ranking.option("standard")
    assert standard.contributions[0].direction == "against"
    assert "taler imod" in standard.contributions[0].text.da
    assert standard.score == pytest.approx(0.3)


def test_fact_at_pivot_contributes_nothing() -> None:
    assert rank(Profile(cost_pressure=3), model()).option("standard").contributions == ()


def test_disadvantages_most_likely_first_with_drivers_and_mitigations() -> None:
    standard = rank(Profile(cost_pressure=5), model()).option("standard")
    assert [d.key for d in standard.disadvantages] == ["shadow", "slow"]  # top 2 of 3
    shadow = standard.disadvantages[0]
    assert shadow.likelihood == pytest.approx(0.6)
    assert shadow.flagged
    assert shadow.mitigations == (t("Inddrag"),)
    assert shadow.drivers[0].fact == "cost_pressure"
    assert not standard.disadvantages[1].flagged


def test_operating_model_overrides_prior_across_the_threshold() -> None:
    ranking = rank(Profile(inhabitants=10_000), model())
    shared = ranking.option("shared")
    assert shared.kind is OptionKind.OPERATING_MODEL
    assert shared.score == pytest.approx(0.6)
    assert shared.overrides_prior
    assert shared.disadvantages[0].likelihood == pytest.approx(0.6)
    assert ranking.others == (shared,)
    assert not rank(Profile(inhabitants=55_000), model()).option("shared").overrides_prior


def test_scores_are_clamped_and_extra_facts_are_read() -> None:
    ranking = rank(Profile(extra={"share": 0.0}), model())
    coherent = ranking.option("coherent")
    assert coherent.score == pytest.approx(0.7)
    assert "0 %" in coherent.contributions[0].text.da
    huge = StrategyModel(
        "x",
        (OptionSpec("coherent", t("S"), OptionKind.STRATEGY, 0.95),),
        (FactSpec("share", t("Andel"), 0, 1),),
        (Rule("coherent", "share", -0.5, t("w")),),
        (),
    )
    assert rank({"share": 0.0}, huge).option("coherent").score == 1.0


def test_unknown_option_key_raises() -> None:
    with pytest.raises(KeyError):
        rank(Profile(), model()).option("nope")


def test_model_without_strategies() -> None:
    only = model(
        options=(OptionSpec("shared", t("F"), OptionKind.OPERATING_MODEL, 0.3),),
        rules=(),
        disadvantages=(),
    )
    ranking = rank(Profile(), only)
    assert ranking.recommended == ""
    assert ranking.strategies == ()
    assert ranking.others[0].confidence == 0.0
    assert "ingen strategier" in ranking.summary.da


@pytest.mark.parametrize(
    "overrides",
    [
        {"rules": (Rule("nope", "share", 0.1, t("x")),)},
        {"rules": (Rule("standard", "nope", 0.1, t("x")),)},
        {"disadvantages": (DisadvantageSpec("d", "nope", t("x"), 0.1),)},
        {"disadvantages": (DisadvantageSpec("d", "standard", t("x"), 0.1, (Driver("nope", 1),)),)},
        {"facts": (FactSpec("a", t("a"), 0, 1), FactSpec("a", t("a"), 0, 1))},
    ],
)
def test_model_validation(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        model(**overrides)


def test_fact_scale_validation_and_display() -> None:
    with pytest.raises(ValueError):
        FactSpec("x", t("x"), 5, 5)
    spec = FactSpec("n", t("n"), 0, 100_000)
    assert spec.display(45_000, "da") == "45.000"
    assert spec.display(45_000, "en") == "45,000"
    assert spec.normalise(-5) == 0.0
