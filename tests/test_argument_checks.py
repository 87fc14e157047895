"""The argument checks one by one (issue 19, item 4): each refusal's message names the argument
first, shows the value given and says what is accepted.  The public functions' cases in
test_arguments.py assert only the exception's type and its ``argument``: the wording lives here,
once per check, so a reworded message changes one case here, not hundreds there."""

from __future__ import annotations

import pandas as pd
import pytest

from treatydata import checks, vocab
from treatydata.errors import ArgumentError

LO, HI = pd.Timestamp("2001-01-01"), pd.Timestamp("2001-12-31")  # a made-up accepted range

CASES = {
    "as_day, a format": (
        lambda: vocab.as_day("2003/09/26", argument="date"),
        "date",
        "'2003/09/26'",
        "'YYYY-MM-DD'",
    ),
    "as_day, a type": (lambda: vocab.as_day(2003, argument="when"), "when", "2003", "'YYYY-MM-DD'"),
    "as_day, out of range": (
        lambda: vocab.as_day("2002-01-01", argument="date", lo=LO, hi=HI),
        "date",
        "'2002-01-01'",
        "from 2001-01-01 to 2001-12-31",
    ),
    "check_period, reversed": (
        lambda: vocab.check_period("2001-10-01", "2001-09-01"),
        "end",
        "'2001-09-01'",
        "on or after the start",
    ),
    "check_choice, unknown id": (
        lambda: vocab.check_choice("b", ["a", "c"], argument="x", what="letter"),
        "x",
        "'b'",
        "['a', 'c']",
    ),
    "check_choices, one unknown id of several": (
        lambda: vocab.check_choices(["a", "z"], ["a", "c"], argument="xs", what="letter"),
        "xs",
        "'z'",
        "['a', 'c']",
    ),
    "check_instruments": (
        lambda: vocab.check_instruments("treaty"),
        "instruments",
        "'treaty'",
        str(list(vocab.INSTRUMENTS)),
    ),
    "check_regions": (lambda: vocab.check_regions(3), "regions", "3", str(list(vocab.REGIONS))),
    "check_lang": (lambda: vocab.check_lang("fr"), "lang", "'fr'", "['en', 'zh']"),
    "check_int, a type": (lambda: checks.check_int(2.5, argument="n", lo=1), "n", "2.5", "an int of at least 1"),
    "check_int, a bool": (lambda: checks.check_int(True, argument="n"), "n", "True", "an int"),
    "check_int, out of range": (
        lambda: checks.check_int(9, argument="n", lo=1, hi=5),
        "n",
        "9",
        "from 1 to 5",
    ),
    "check_number, a type": (
        lambda: checks.check_number("x", argument="alpha", lo=0, hi=1),
        "alpha",
        "'x'",
        "strictly between 0 and 1",
    ),
    "check_number, out of range": (
        lambda: checks.check_number(1.5, argument="alpha", lo=0, hi=1),
        "alpha",
        "1.5",
        "strictly between 0 and 1",
    ),
    "check_flag": (lambda: checks.check_flag("yes", argument="normalize"), "normalize", "'yes'", "True or False"),
    "check_frame, not a frame": (
        lambda: checks.check_frame([1], argument="df", columns=["a"]),
        "df",
        "list",
        "pandas.DataFrame with columns ['a']",
    ),
    "check_frame, a column lacking": (
        lambda: checks.check_frame(pd.DataFrame({"x": [1]}), argument="df", columns=["date"]),
        "df",
        "columns ['x']",
        "columns ['date']",
    ),
    "check_frame, dates as text": (
        lambda: checks.check_frame(pd.DataFrame({"d": ["2001-01-01"]}), argument="df", dates=["d"]),
        "df",
        "column 'd' holds str",
        "datetime64",
    ),
    "check_series, not a series": (
        lambda: checks.check_series([1], argument="s"),
        "s",
        "list",
        "pandas.Series",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refusal_names_the_argument_the_value_and_what_is_accepted(case):
    call, argument, shown, accepted = CASES[case]
    with pytest.raises(ArgumentError) as err:
        call()
    message = str(err.value)
    assert err.value.argument == argument, message
    assert message.startswith(f"{argument}: ") and shown in message and accepted in message, message
    assert "\n" not in message, "one line"


def test_every_check_has_a_case():
    """Each check function of vocab and checks is exercised above (a new check gets a case)."""
    import inspect

    names = {
        f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        for module in (vocab, checks)
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and name.startswith(("check_", "as_"))
    }
    called = {case.split(",")[0] for case in CASES}
    missing = sorted(n for n in names if n.split(".")[1] not in called)
    assert not missing, f"checks without a case: {missing}"
