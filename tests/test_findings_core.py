"""The findings' types and the one number style (treatydata.findings.core, treatydata.i18n.numbers)."""

import math

import pandas as pd
import pytest

from treatydata.errors import ArgumentError
from treatydata.findings import ClaimError, Finding, Findings, of, require
from treatydata.i18n import numbers


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (5.4021, "5.4"),
        (4.69, "4.7"),
        (0.4472, "0.45"),
        (0.996, "1.0"),
        (9.96, "10"),
        (12.7635, "13"),
        (55.4438, "55"),
        (131.2, "130"),
        (-0.0384, "-0.038"),
        (1, "1.0"),
    ],
)
def test_two_significant_figures(value, shown):
    assert numbers.sig(value) == shown


@pytest.mark.parametrize(
    ("p", "en", "zh"),
    [
        (6.6e-06, "P < 0.001", "P＜0.001"),
        (0.0, "P < 0.001", "P＜0.001"),
        (0.001, "P = 0.001", "P＝0.001"),
        (0.0021, "P = 0.002", "P＝0.002"),
        (0.0294, "P = 0.03", "P＝0.03"),
        (0.4, "P = 0.40", "P＝0.40"),
        (1.0, "P = 1.00", "P＝1.00"),
    ],
)
def test_p_values_never_in_scientific_notation(p, en, zh):
    assert (numbers.pvalue(p, "en"), numbers.pvalue(p, "zh")) == (en, zh)


def test_intervals_percents_and_counts():
    assert numbers.interval(0.3104, 0.6021) == "95% CI 0.31 to 0.60"
    assert numbers.interval(0.3104, 0.6021, "zh", confidence=0.9) == "90%置信区间为0.31至0.60"
    assert numbers.interval(0.3104, 0.6021, label=False) == "0.31 to 0.60"  # a table cell: its header names it
    assert (numbers.percent(0.8661), numbers.percent(1), numbers.count(1317)) == ("87%", "100%", "1,317")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: numbers.pvalue(1.5), "p"),
        (lambda: numbers.pvalue(math.nan), "p"),
        (lambda: numbers.percent(-0.1), "share"),
        (lambda: numbers.interval(0.1, 0.2, label="no"), "label"),
        (lambda: numbers.count(2.5), "n"),
        (lambda: numbers.sig("5"), "value"),
        (lambda: numbers.pvalue(0.1, "fr"), "lang"),
        (lambda: of("04"), "notebook"),
        (lambda: of("01", "fr"), "lang"),
    ],
)
def test_bad_arguments_are_named(call, argument):
    with pytest.raises(ArgumentError) as caught:
        call()
    assert caught.value.argument == argument


def test_findings_show_as_a_list_and_a_table():
    found = Findings(
        "01", "en", (Finding("a", "First, 3 parties.", 3), Finding("b", "Second, HR 0.45.", 0.45, 0.3, 0.6))
    )
    assert found.markdown() == "- First, 3 parties.\n- Second, HR 0.45."
    assert found._repr_markdown_() == found.markdown() and len(found) == 2 and found["b"].low == 0.3
    assert repr(found) == str(found) == found.markdown()  # a plain-text output reads as the sentences
    table = found.to_frame()
    assert list(table.key) == ["a", "b"] and table.loc[1, "high"] == 0.6 and pd.isna(table.loc[0, "low"])
    with pytest.raises(KeyError, match="'c' is not one of this notebook's findings: a, b"):
        found["c"]


def test_a_claim_that_no_longer_holds_refuses():
    require(True, "holds")
    with pytest.raises(ClaimError, match="no longer support this finding: the Convention first"):
        require(False, "the Convention first")
