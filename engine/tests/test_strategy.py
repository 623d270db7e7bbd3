"""Strategy scoring mechanics, on a small hand-made model (the real weights live in the
knowledge base; the archetype tests in knowledge/tests run against them)."""

from decimal import Decimal

import pytest

from engine.common import Text
from engine.errors import EngineError
from engine.strategy import (
    CaseEvidence,
    Condition,
    Contradiction,
    DataCoverage,
    DisadvantageSpec,
    Driver,
    FactSpec,
    OptionKind,
    OptionSpec,
    Precondition,
    Profile,
    Rule,
    StrategyModel,
    check,
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
            Rule("standard", "cost_pressure", 0.4, t("Billigere."), t("Dyrere.")),
            Rule("coherent", "share", -0.2, t("Meget at vinde."), t("Mindre behov.")),
            Rule("shared", "inhabitants", -0.6, t("Små kommuner."), t("Store kommuner.")),
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
    assert all(o.coverage == 0 and not o.overrides_prior for o in ranking.strategies)
    assert set(ranking.missing_facts) == {"cost_pressure", "share", "inhabitants"}
    assert "0 af 3 forhold kendt" in ranking.summary.da
    assert ranking.data_coverage.share == 0.0 and ranking.margin == pytest.approx(0.1)


def test_facts_override_the_prior_and_the_explanation_says_so() -> None:
    ranking = rank(Profile(cost_pressure=5), model(min_coverage=0.3))
    standard = ranking.option("standard")
    assert ranking.recommended == "standard"
    assert ranking.overrides_prior
    assert standard.score == pytest.approx(0.7)
    assert standard.rank == 1 and standard.prior_rank == 2 and standard.overrides_prior
    assert standard.coverage == 1.0
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
        (Rule("coherent", "share", -0.5, t("w"), t("v")),),
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
    assert ranking.others[0].coverage == 0.0
    assert "ingen strategier" in ranking.summary.da


@pytest.mark.parametrize(
    "overrides",
    [
        {"rules": (Rule("nope", "share", 0.1, t("x"), t("y")),)},
        {"rules": (Rule("standard", "nope", 0.1, t("x"), t("y")),)},
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


# Reasons, ties, margins, preconditions, evidence and fact hygiene ----------------------------


def test_the_reason_follows_the_direction_of_a_negative_weight() -> None:
    low = rank({"share": 0.0}, model()).option("coherent").contributions[0]
    high = rank({"share": 1.0}, model()).option("coherent").contributions[0]
    assert low.direction == "for" and "Meget at vinde." in low.text.da
    assert "Mindre behov." not in low.text.da
    assert high.direction == "against" and "Mindre behov." in high.text.da
    assert "MINDRE BEHOV." in high.text.en
    against = rank({"cost_pressure": 1}, model()).option("standard").contributions[0]
    assert "Dyrere." in against.text.da and "Billigere." not in against.text.da


def test_a_tie_is_explicit_and_not_a_clear_winner() -> None:
    # standard: 0.5 + 0.4 x (0.75 - 0.5) = 0.6 = coherent's prior
    ranking = rank({"cost_pressure": 4, "share": 0.5, "inhabitants": 55_000}, model())
    assert ranking.tied == ("coherent", "standard")
    assert ranking.margin == 0.0
    assert not ranking.clear_winner
    assert [o.rank for o in ranking.strategies] == [1, 1]
    assert "Ingen klar vinder" in ranking.summary.da and "står lige" in ranking.summary.da
    assert "No clear winner" in ranking.summary.en
    # the tie is listed by the prior, and says so
    assert ranking.strategies[0].key == "coherent"
    assert "forhåndsvurdering" in ranking.summary.da


def test_ranking_uses_unclamped_scores_at_the_extremes() -> None:
    strong = StrategyModel(
        "x",
        (
            OptionSpec("a", t("A"), OptionKind.STRATEGY, 0.9),
            OptionSpec("b", t("B"), OptionKind.STRATEGY, 0.8),
        ),
        (FactSpec("f", t("F"), 0, 1),),
        (Rule("a", "f", 0.4, t("+"), t("-")), Rule("b", "f", 0.8, t("+"), t("-"))),
        (),
    )
    ranking = rank({"f": 1.0}, strong)
    a, b = ranking.option("a"), ranking.option("b")
    assert a.score == b.score == 1.0  # both clamp for display
    assert b.raw_score == pytest.approx(1.2) and a.raw_score == pytest.approx(1.1)
    assert ranking.recommended == "b" and ranking.margin == pytest.approx(0.1)
    assert ranking.clear_winner and not ranking.tied


def test_a_small_lead_is_no_clear_winner() -> None:
    ranking = rank(
        {"cost_pressure": 4.2, "share": 0.5, "inhabitants": 55_000}, model(clear_margin=0.05)
    )
    assert ranking.recommended == "standard"
    assert ranking.margin == pytest.approx(0.02)
    assert not ranking.clear_winner and not ranking.tied
    assert "kun 2 point foran" in ranking.summary.da and "by only 2 points" in ranking.summary.en


def test_enough_data_and_a_clear_lead_confirm_the_prior() -> None:
    ranking = rank({"cost_pressure": 2, "share": 0.5, "inhabitants": 55_000}, model())
    assert ranking.clear_winner and ranking.recommended == "coherent"
    assert ranking.data_coverage == DataCoverage(3, 3)
    assert "bekræfter" in ranking.summary.da and "confirm" in ranking.summary.en
    assert DataCoverage(0, 0).share == 0.0
    assert DataCoverage(9, 16).text.da == "Datagrundlag: 9 af 16 forhold kendt"


def gated(**overrides: object) -> StrategyModel:
    preconditions = (
        Precondition(
            "commitment",
            "commitment",
            2,
            ("coherent", "standard"),
            0.4,
            t("forvaltningernes opbakning"),
            t("Uden opbakning hentes gevinsterne ikke."),
        ),
        Precondition(
            "mandate", "mandate", 2, ("standard",), 0.35, t("et mandat"), t("Kræver mandat.")
        ),
    )
    facts = (
        FactSpec("cost_pressure", t("Omkostningspres"), 1, 5, whole=True),
        FactSpec("share", t("Andel"), 0, 1, percent=True),
        FactSpec("inhabitants", t("Indbyggere"), 10_000, 100_000),
        FactSpec("commitment", t("Opbakning"), 1, 5, whole=True),
        FactSpec("mandate", t("Mandat"), 1, 5, whole=True),
    )
    return model(facts=facts, preconditions=preconditions, **overrides)


def test_an_unmet_precondition_caps_the_strategy_with_the_reason() -> None:
    ranking = rank({"cost_pressure": 5, "mandate": 1}, gated())
    standard = ranking.option("standard")
    assert standard.blocked and standard.raw_score == pytest.approx(0.35)
    assert [c.key for c in standard.caps] == ["mandate"]
    assert "Forudsætning mangler: et mandat" in standard.caps[0].text.da
    assert "Kræver mandat." in standard.summary.da
    assert ranking.recommended == "coherent"
    assert ranking.strategies[-1].key == "standard"
    # met, or unknown: no cap
    assert not rank({"cost_pressure": 5, "mandate": 2}, gated()).option("standard").blocked
    assert not rank({"cost_pressure": 5}, gated()).option("standard").blocked


def test_none_fits_until_the_precondition_is_established() -> None:
    ranking = rank({"commitment": 1, "mandate": 1}, gated())
    assert ranking.none_fits and ranking.recommended == ""
    assert not ranking.clear_winner and ranking.tied == ()
    assert [p.key for p in ranking.establish_first] == ["commitment", "mandate"]
    assert ranking.summary.da.startswith(
        "Ingen strategi passer endnu: først skal forvaltningernes opbakning og et mandat på plads."
    )
    assert "FORVALTNINGERNES OPBAKNING" in ranking.summary.en
    assert not ranking.overrides_prior


def test_a_losing_own_case_caps_the_option_and_a_paying_one_is_noted() -> None:
    losing = CaseEvidence("shared", "Fælles drift", Decimal("-1571234"), Decimal("7330000"))
    shared = rank({"inhabitants": 10_000}, model(), [losing]).option("shared")
    assert shared.blocked and shared.score == pytest.approx(0.45)
    assert "−1,6 mio. kr." in shared.caps[0].text.da
    assert "hele casen: 7,3 mio. kr." in shared.caps[0].text.da
    assert "−1.6 mio. kr." in shared.caps[0].text.en
    paying = CaseEvidence("shared", "Fælles drift", Decimal("250000"))
    result = rank({"inhabitants": 10_000}, model(), [paying]).option("shared")
    assert not result.blocked and result.score == pytest.approx(0.6)
    assert "250.000 kr." in result.notes[0].da and "»Fælles drift«" in result.notes[0].en


def test_check_warns_about_values_beyond_the_scale_and_contradictions() -> None:
    contradiction = Contradiction(
        "both",
        (Condition("share", at_least=0.9), Condition("count", at_most=1)),
        t("Modstrid."),
    )
    facts = (
        FactSpec("share", t("Andel"), 0, 1, percent=True),
        FactSpec("count", t("Antal"), 0, 3, highest=20),
    )
    checked = StrategyModel("c", (), facts, (), (), contradictions=(contradiction,))
    warnings = check({"share": 0.95, "count": 0.5}, checked)
    assert [w.key for w in warnings] == ["contradiction:both"]
    assert warnings[0].facts == ("share", "count")
    beyond = check({"count": 7}, checked)
    assert beyond[0].key == "scale:count"
    assert "tæller som 3" in beyond[0].text.da and "counts as 3" in beyond[0].text.en
    assert check(Profile(), checked) == ()
    for bad, reason in ((21, "out_of_bounds"), (float("nan"), "not_a_number")):
        with pytest.raises(EngineError) as caught:
            check({"count": bad}, checked)
        assert caught.value.params["reason"] == reason
    whole = StrategyModel("w", (), (FactSpec("w", t("W"), 1, 5, whole=True),), (), ())
    with pytest.raises(EngineError):
        rank({"w": 2.5}, whole)
    assert rank({"w": 2.0}, whole).warnings == ()
    assert rank({"w": 2.5}, whole, strict=False).data_coverage.known == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"preconditions": (Precondition("p", "nope", 2, ("standard",), 0.4, t("x"), t("y")),)},
        {"preconditions": (Precondition("p", "share", 2, ("nope",), 0.4, t("x"), t("y")),)},
        {"contradictions": (Contradiction("c", (), t("x")),)},
        {"contradictions": (Contradiction("c", (Condition("nope", 1),), t("x")),)},
        {"clear_margin": 0.0},
    ],
)
def test_preconditions_and_contradictions_are_validated(overrides: dict[str, object]) -> None:
    with pytest.raises(EngineError):
        model(**overrides)


def test_bounds_must_contain_the_scale() -> None:
    with pytest.raises(EngineError):
        FactSpec("x", t("x"), 0, 10, highest=5)
    assert FactSpec("x", t("x"), 0, 10, lowest=-1).bounds() == (-1, 10)


def test_the_strategy_package_keeps_its_public_names_and_their_home_modules() -> None:
    """``engine.strategy`` is a package split by responsibility; every name the rest of
    the project imports from it is still there, and is the object of its home module."""
    import engine.strategy as package
    from engine.strategy import facts, model, ranking, results

    assert package.__all__ == [
        "BitingDisadvantage",
        "Cap",
        "CaseEvidence",
        "Condition",
        "Contradiction",
        "Contribution",
        "DataCoverage",
        "DisadvantageSpec",
        "Driver",
        "FactSpec",
        "FactWarning",
        "OptionKind",
        "OptionResult",
        "OptionSpec",
        "Precondition",
        "Profile",
        "Ranking",
        "Rule",
        "StrategyModel",
        "check",
        "points",
        "rank",
    ]
    homes = (model, results, facts, ranking)
    for name in package.__all__:
        (home,) = [m for m in homes if name in m.__all__]
        assert getattr(package, name) is getattr(home, name)
