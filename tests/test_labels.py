"""The glossary (treatydata/i18n/glossary/*.csv): both languages for every string, the same placeholders,
one Chinese term per concept, and no string the code never asks for."""

from __future__ import annotations

import csv
import re
import string
from pathlib import Path

import pytest

from treatydata.errors import ArgumentError
from treatydata.i18n import labels

PACKAGE = Path(labels.__file__).parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Chinese words the glossary must not use, with the term it uses for the same concept.  A party is
#: 缔约国, as A/59/204 writes it (「《公约》缔约国有82个」 counts the European Community too).
ONE_TERM = {"批准国": "缔约国", "缔约方": "缔约国", "地区": "区域", "你": "您"}
#: Chinese punctuation (full-width): a Chinese text made of placeholders and these alone (such as
#: "{mark}（{exercise}）：{message}") is Chinese too.
CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff1f]")


def fields(s: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(s) if name is not None)


def test_every_key_has_both_languages_with_the_same_placeholders():
    table = labels.entries()
    assert len(table) > 50
    for key, text in table.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z0-9_][a-z0-9_ -]*", key), key
        assert text["en"].strip() and text["zh"].strip(), key
        assert fields(text["en"]) == fields(text["zh"]), key
        assert not CJK.search(text["en"]), f"{key}: Chinese in the English text"
        zh = text["zh"]
        assert CJK.search(zh) or CJK_PUNCTUATION.search(zh), f"{key}: no Chinese in the Chinese text: {zh!r}"


def test_one_chinese_term_per_concept():
    for key, text in labels.entries().items():
        zh = text["zh"]
        for avoid, use in ONE_TERM.items():
            assert avoid not in zh, f"{key}: {text['zh']!r} says {avoid}; the glossary's term is {use}"


#: Sections asked for by a notebook's code rather than by the package: section -> the notebook
#: (the English edition; its Chinese twin has the same code cells, tests/test_paired_notebooks.py).
NOTEBOOK_SECTIONS = {
    p.stem: next((PACKAGE.parent / "notebooks").glob(f"{p.stem[2:]}_*.ipynb"), PACKAGE.parent / "notebooks" / p.name)
    for p in labels.files()
    if p.stem.startswith("nb")
}


def test_every_key_is_used_by_the_package():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    sections = {key.split(".", 1)[0] for key in labels.entries()} - set(NOTEBOOK_SECTIONS)
    used_sections = {s for s in sections if f'"{s}"' in source or f'"{s}.' in source}
    assert used_sections == sections, sections - used_sections
    for key in labels.entries():
        if key.split(".", 1)[0] in NOTEBOOK_SECTIONS:
            continue  # asked for by a notebook: test_every_notebook_key_is_used_by_its_notebook
        if key.startswith("exercise.") and key[len("exercise.") : len("exercise.") + 1].isdigit():
            continue  # asked for by exercise id: test_every_exercise_has_its_text
        name = key.split(".", 1)[1]
        assert f'"{name}"' in source or f'"{key}"' in source, f"{key} is never asked for"


@pytest.mark.parametrize("section", sorted(NOTEBOOK_SECTIONS))
def test_every_notebook_key_is_used_by_its_notebook(section):
    import json

    if not NOTEBOOK_SECTIONS[section].is_file():
        pytest.skip("needs the source checkout's notebooks/")
    cells = json.loads(NOTEBOOK_SECTIONS[section].read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    keys = [key for key in labels.entries() if key.startswith(section + ".")]
    assert keys, f"no glossary key in section {section!r}"
    for key in keys:
        name = key.split(".", 1)[1]
        if name.startswith("column_"):  # a column header, asked for by labels.table(..., section=...)
            assert f'section="{section}"' in code, f"{key}: the notebook never passes section={section!r}"
            continue
        assert f'"{key}"' in code, f"{key} is never asked for by {NOTEBOOK_SECTIONS[section].name}"


def test_the_files_are_plain_csv_with_a_fixed_header_and_keys_given_once():
    keys = []
    assert labels.files()[0].name == "package.csv" and len(labels.files()) > 1
    for path in labels.files():
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == ["key", "en", "zh"], path
        assert all(len(r) == 3 for r in rows), [r for r in rows if len(r) != 3]
        keys += [r[0] for r in rows[1:]]
        if path.stem in NOTEBOOK_SECTIONS:  # a notebook's file holds its own section only
            assert {k.split(".", 1)[0] for k in keys[-len(rows) + 1 :]} == {path.stem}, path
    assert len(keys) == len(set(keys)) == len(labels.entries())


def test_a_key_repeated_in_another_file_is_refused_with_both_places(tmp_path, monkeypatch):
    (tmp_path / "package.csv").write_text("key,en,zh\nchart.a,A,甲\n", encoding="utf-8")
    (tmp_path / "nb09.csv").write_text("key,en,zh\nnb09.b,B,乙\nchart.a,A,甲\n", encoding="utf-8")
    monkeypatch.setattr(labels, "GLOSSARY", tmp_path)
    labels.entries.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"nb09.csv, line 3: key 'chart.a' already given in package.csv, line 2"):
            labels.entries()
    finally:
        monkeypatch.undo()
        labels.entries.cache_clear()


def test_table_names_headers_and_coded_values_without_touching_numbers():
    import pandas as pd

    frame = pd.DataFrame(
        {"region": ["asia_pacific"], "regional_group": ["asia_pacific"], "note": ["weog"], "ok": [True], "parties": [7]}
    ).set_index("region")
    zh = labels.table(frame, "zh")
    # the index's name heads the header row (as the columns' name), not a second header row of its own
    assert zh.columns.name == "区域（附件）" and zh.index.name is None and zh.index.tolist() == ["亚洲及太平洋"]
    assert zh.to_html().count("<tr") == 2  # one header row, one body row
    assert zh.iloc[0].tolist() == ["亚太国家组", "weog", "是", 7]  # "note" is neither a region nor a group column
    assert zh.columns.tolist() == ["联合国区域组", "note", "ok", "缔约国数"]
    assert labels.table(frame, "en").iloc[0, 0] == "Asia-Pacific" and frame.iloc[0, 0] == "asia_pacific"
    multi = frame.reset_index().set_index(["region", "regional_group"])
    assert labels.table(multi, "zh").index.tolist() == [("亚洲及太平洋", "亚太国家组")]
    with pytest.raises(ArgumentError):
        labels.table(frame.parties, "zh")
    gaps = labels.table(pd.DataFrame({"days": [161.0, float("nan"), 3.838], "n": [1, 2, 3]}), "zh")
    assert gaps["days"].tolist() == ["161.000", labels.MISSING, "3.838"] and gaps["n"].tolist() == [1, 2, 3]


def test_text_section_and_days():
    assert labels.text("chart.threshold", "en", threshold=40) == "40 instruments: threshold for entry into force"
    assert labels.section("region", "zh")["weog"] == "西欧和其他国家"
    assert labels.by_lang("group")["en"]["african"] == "African"
    assert labels.day_span("2003-12-30", "2004-01-02") == "30 Dec 2003 – 2 Jan 2004"
    # Chinese days as the source prints them: no spaces, a span with 至 (2003年9月23日至26日)
    assert labels.day_span("2003-12-30", "2004-01-02", "zh") == "2003年12月30日至2004年1月2日"
    assert labels.day_span("2004-06-28", "2004-07-08", "zh") == "2004年6月28日至7月8日"
    assert labels.day_span("2003-09-23", "2003-09-26", "zh") == "2003年9月23日至26日"
    assert labels.day("2004-07-20", "zh") == "2004年7月20日"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: labels.text("chart.nothing"), "key"),
        (lambda: labels.text("chart.date", "fr"), "lang"),
        (lambda: labels.section("nothing"), "name"),
    ],
)
def test_unknown_keys_and_languages_are_refused(call, argument):
    with pytest.raises(ArgumentError) as err:
        call()
    assert err.value.argument == argument


def test_every_exercise_has_its_text_and_nothing_more():
    from treatydata.teaching import exercises

    wanted = set()
    for ex_id, ex in exercises.EXERCISES.items():
        base = "exercise." + ex_id.replace(".", "_")
        wanted |= {base, base + "_hint"} | {f"{base}_{key}" for _, key in ex.mistakes}
    given = {k for k in labels.entries() if k.startswith("exercise.") and k[9].isdigit()}
    assert given == wanted


def test_bold_renders_in_both_languages():
    """CommonMark leaves ``**`` as text when the closing mark follows punctuation and a letter or
    Chinese character follows it ("**接近生效门槛。**每项"): no glossary text may show a stray mark."""
    import mistune

    for key, text in labels.entries().items():
        for lang in ("en", "zh"):
            rendered = re.sub(r"<code>.*?</code>", "", mistune.html(text[lang]), flags=re.S)
            assert "**" not in rendered, f"{key} ({lang}): {text[lang]!r}"


def test_jiaru_means_accession_only():
    """加入 is the glossary's word for accession; joining in general (by either form) is 参加."""
    for key, text in labels.entries().items():
        zh = text["zh"]
        if "加入" in zh:
            assert "accession" in text["en"].lower() or "acced" in text["en"].lower(), f"{key}: {zh!r}"
