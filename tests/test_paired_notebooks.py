"""Paired notebooks: each notebook under ``notebooks/zh/`` is the Chinese edition of the English
notebook of the same name in ``notebooks/``, kept in step with it.

- Its English twin exists.
- The two have the same cells in the same order: the same cell types and the same tags.
- Their code cells are identical, apart from the parameters cell (tagged ``parameters``), which
  sets ``LANG = "en"`` in the English edition and ``LANG = "zh"`` in the Chinese one.  Sentences the
  code prints come from the glossary (``treatydata/glossary/nbNN.csv``) in ``LANG``, so the same code
  speaks each edition's language.
- Its prose is Chinese: every markdown cell holds Chinese, and the **Latin-word share** of all its
  markdown is at most 5%.

The Latin-word share, as :func:`latin_share` computes it, is ``latin / (latin + cjk)`` over the
markdown once code, links and identifiers are taken out:

1. taken out: fenced code blocks, inline code spans (`` `td.validate()` ``), HTML tags, URLs and
   link targets (the ``(...)`` of ``[text](...)``; the link text stays);
2. taken out: identifiers, i.e. runs of ``[A-Za-z0-9_./()+-]`` holding an underscore, a slash, a
   ``()`` or a dot between two letters or digits (``state_id``, ``data/README.md``, ``A/59/204``,
   ``td.validate()``);
3. ``latin`` counts the words left, a word being a run of ``[A-Za-z]+`` (``pandas``, ``PDF``);
   ``cjk`` counts the CJK characters (each Chinese character stands for one word here, as a
   Chinese reader reads them).
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat
import pytest

from .stored_report import stored_edition

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
PAIRS = sorted(ZH.glob("*.ipynb"))
#: At most this share of the Chinese edition's prose may be Latin-letter words (see the module docstring).
MAX_LATIN_SHARE = 0.05

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
HTML_TAG = re.compile(r"<[^>\n]+>")
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
TOKEN = re.compile(r"[A-Za-z0-9_./()+-]+")
IDENTIFIER = re.compile(r"_|/|\(\)|[A-Za-z0-9]\.[A-Za-z0-9]")
WORD = re.compile(r"[A-Za-z]+")


def latin_share(markdown: str) -> tuple[float, int, int]:
    """``(share, latin, cjk)`` for a piece of markdown, as the module docstring defines them."""
    text = FENCED.sub(" ", markdown)
    text = CODE_SPAN.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    text = LINK_TARGET.sub("] ", text)
    text = URL.sub(" ", text)
    text = TOKEN.sub(lambda m: " " if IDENTIFIER.search(m.group()) else m.group(), text)
    latin, cjk = len(WORD.findall(text)), len(CJK.findall(text))
    return (latin / (latin + cjk) if latin + cjk else 0.0), latin, cjk


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _lang(source: str) -> object:
    """The value the cell assigns to ``LANG`` (None if it assigns none, or not a plain string)."""
    found = None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LANG" for t in node.targets):
            found = node.value.value if isinstance(node.value, ast.Constant) else None
    return found


def pairing_problems(en, zh) -> list[str]:
    """What keeps ``zh`` (a notebook) from being the Chinese edition of ``en``; empty if nothing."""
    problems = []
    kinds_en = [(c.cell_type, _tags(c)) for c in en.cells]
    kinds_zh = [(c.cell_type, _tags(c)) for c in zh.cells]
    if kinds_en != kinds_zh:
        for k, (a, b) in enumerate(zip(kinds_en, kinds_zh)):
            if a != b:
                problems.append(f"cell {k + 1}: {b[0]} tagged {b[1]}, but {a[0]} tagged {a[1]} in English")
                break
        if len(kinds_en) != len(kinds_zh):
            problems.append(f"{len(kinds_zh)} cells, but {len(kinds_en)} in English")
        return problems
    params = [k for k, c in enumerate(en.cells) if "parameters" in _tags(c)]
    if len(params) != 1:
        problems.append(f"{len(params)} cells tagged 'parameters', not one")
    for k, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type == "code" and k not in params and a.source != b.source:
            problems.append(f"cell {k + 1}: code differs from the English edition's")
        if a.cell_type == "markdown" and not CJK.search(b.source):
            problems.append(f"cell {k + 1}: markdown without Chinese: {b.source[:60]!r}")
    for k in params:
        if _lang(en.cells[k].source) != "en":
            problems.append(f"cell {k + 1}: the English parameters cell does not set LANG = 'en'")
        if _lang(zh.cells[k].source) != "zh":
            problems.append(f"cell {k + 1}: the parameters cell does not set LANG = 'zh'")
    share, latin, cjk = latin_share("\n\n".join(c.source for c in zh.cells if c.cell_type == "markdown"))
    if share > MAX_LATIN_SHARE:
        problems.append(f"Latin words are {share:.1%} of the prose ({latin} words, {cjk} CJK characters)")
    return problems


def test_there_are_paired_notebooks():
    assert PAIRS, f"no notebook in {ZH}"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_the_chinese_edition_is_in_step_with_the_english_one(path):
    twin = NOTEBOOKS / path.name
    assert twin.is_file(), f"{path.relative_to(ROOT)} has no English twin {twin.relative_to(ROOT)}"
    en, zh = nbformat.read(twin, as_version=4), nbformat.read(path, as_version=4)
    problems = pairing_problems(en, zh)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_the_chinese_prose_is_chinese(path):
    zh = nbformat.read(path, as_version=4)
    share, latin, cjk = latin_share("\n\n".join(c.source for c in zh.cells if c.cell_type == "markdown"))
    assert cjk > 200, "too little prose to be a translation"
    assert share <= MAX_LATIN_SHARE, f"{share:.1%}: {latin} Latin words, {cjk} CJK characters"


def test_the_latin_share_leaves_out_code_links_and_identifiers():
    assert latin_share("运行 `td.validate()`，见 [说明](https://example.org/a_b) 和 data/README.md。")[1] == 0
    assert latin_share("一个 `state_id` 列表，文件 A/59/204，00_start_here.ipynb")[1:] == (0, 6)
    assert latin_share("```python\nimport treatydata\n```\n数据") == (0.0, 0, 2)
    assert latin_share("一个 pandas DataFrame") == (2 / 4, 2, 2)
    assert latin_share("") == (0.0, 0, 0)


@pytest.mark.skipif(not PAIRS, reason="no paired notebook")
def test_a_pair_out_of_step_is_caught():
    path = PAIRS[0]
    en, zh = nbformat.read(NOTEBOOKS / path.name, as_version=4), nbformat.read(path, as_version=4)
    code = next(k for k, c in enumerate(zh.cells) if c.cell_type == "code" and "parameters" not in _tags(c))
    param = next(k for k, c in enumerate(zh.cells) if "parameters" in _tags(c))
    markdown = next(k for k, c in enumerate(zh.cells) if c.cell_type == "markdown")

    def broken(change) -> list[str]:
        nb = copy.deepcopy(zh)
        change(nb)
        return pairing_problems(en, nb)

    def edit(k, source):
        return lambda nb: setattr(nb.cells[k], "source", source)

    assert any("code differs" in p for p in broken(edit(code, zh.cells[code].source + "\nprint('hi')")))
    assert any("LANG = 'zh'" in p for p in broken(edit(param, 'LANG = "en"')))
    assert any("cell" in p and "tagged" in p for p in broken(lambda nb: nb.cells[code].metadata.update(tags=["x"])))
    assert any("cells, but" in p for p in broken(lambda nb: nb.cells.pop()))
    assert any("without Chinese" in p for p in broken(edit(markdown, en.cells[markdown].source)))
    english = "\n\n".join(c.source for c in en.cells if c.cell_type == "markdown")
    assert any("Latin words are" in p for p in broken(edit(markdown, zh.cells[markdown].source + "\n\n" + english)))


SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def readers_edition(lang: str) -> str:
    """The reader's edition as ``report --lang`` writes it, from the notebooks' stored outputs."""
    return stored_edition(lang, "reader")[0]


def visible_text(page_html: str) -> str:
    """What a reader of the page reads: no scripts, styles or tags; entities decoded."""
    import html

    return html.unescape(HTML_TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", page_html)))


def test_every_notebook_has_its_chinese_edition():
    english = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in PAIRS) == english


def test_the_chinese_readers_edition_is_chinese_throughout():
    """Prose, tables, printed findings, title page, methods and citation: Latin-letter words (outside
    code and identifiers) at most 5% of the words of the whole zh report."""
    from treatydata.publish import report

    assert all(p.parent == ZH for p in report._package_notebooks("zh")), "report --lang zh uses notebooks/zh/"
    text = visible_text(readers_edition("zh"))
    share, latin, cjk = latin_share(text)
    assert cjk > 5000, "the report is mostly empty"
    assert share <= MAX_LATIN_SHARE, f"{share:.1%}: {latin} Latin words, {cjk} CJK characters"
    english = latin_share(visible_text(readers_edition("en")))
    assert english[0] > 0.9, "the measure would tell an English report from a Chinese one"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + PAIRS, ids=lambda p: p.name)
def test_markdown_renders_without_stray_marks(path):
    """Every markdown cell, and every markdown the code displays, as the report renders it (mistune,
    nbconvert's renderer): no ``**`` left as text (a Chinese sentence can keep CommonMark from closing
    a bold span: "**接近生效门槛。**每项")."""
    import mistune

    nb = nbformat.read(path, as_version=4)
    for k, cell in enumerate(nb.cells):
        sources = [cell.source] if cell.cell_type == "markdown" else []
        sources += [o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", [])]
        for source in filter(None, sources):
            rendered = re.sub(r"<code>.*?</code>", "", mistune.html(source), flags=re.S)
            assert "**" not in rendered, f"cell {k + 1}: {re.findall(r'.{0,20}[*][*].{0,20}', rendered)}"
