"""The counts data/README.md, the README and the pages of docs/ state about the data are computed
here, so the prose cannot drift; and the README's links, paths and picture lead somewhere real."""

from __future__ import annotations

import re
from pathlib import Path

import treatydata as td
from treatydata.source._paths import data_dir
from treatydata.source.build import read_annex
from treatydata.source.totals import fits_totals

README = " ".join((data_dir() / "README.md").read_text(encoding="utf-8").split())
ROOT = Path(__file__).resolve().parent.parent
TOP = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))


def _flat(path: Path) -> str:
    """A Markdown file's text with its line breaks and runs of spaces as single spaces, and without
    the ``>`` that starts each line of a quotation."""
    return " ".join(re.sub(r"^\s*>", "", path.read_text(encoding="utf-8"), flags=re.M).split())


def test_short_row_counts_in_data_readme():
    annex = read_annex()
    short = [r for r in annex.rows if len(r.dates) < len(td.INSTRUMENTS)]
    table = td.load_column_assignments()
    basis = table["basis"].value_counts()
    assert f"{len(short)} of the {len(annex.rows)} rows print fewer than four dates" in README
    assert f"**basis `totals` ({basis['totals']} rows)**" in README
    assert f"**basis `judgement` ({basis['judgement']} rows)**" in README
    assert f"the totals allow {len(list(fits_totals(annex)))} readings in all" in README
    assert f"reproduces all {len(short)} assignments" in README
    with_convention = td.load_ratifications().query("instrument == 'convention'").state_id.nunique()
    assert f"all {with_convention} rows have a Convention date" in README and with_convention == len(annex.rows)


def test_judgement_rows_named_in_data_readme():
    table = td.load_column_assignments()
    states = td.load_states().set_index("name_zh")["name_en"].astype(str)
    for name_zh in table.loc[table["basis"] == "judgement", "name_zh"]:
        assert states[name_zh] in README, name_zh


def test_every_correction_is_listed_in_data_readme():
    for c in td.load_corrections().itertuples():
        assert f"`{c.correction_id}`" in README
        assert re.search(rf"\| {re.escape(c.as_printed)} \| {re.escape(c.corrected)} \|", README)


def test_data_readme_lists_every_validation_check():
    from treatydata.validation.validate import CHECKS

    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    section = text.split("## Validation", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| (.*) \|$", section, re.M)
    assert [name for name, _ in rows] == list(CHECKS)
    assert {name: what for name, what in rows} == {name: what for name, (_, _, what) in CHECKS.items()}


def test_the_number_of_checks_is_the_one_the_readmes_state():
    from treatydata.validation.validate import CHECKS

    assert f"runs the {len(CHECKS)} checks below" in README
    assert f"({len(CHECKS)} named checks" in _flat(TOP)
    for path in (TOP, *PAGES):
        stated = {int(n) for n in re.findall(r"\b(\d+) named checks\b", _flat(path))}
        assert stated <= {len(CHECKS)}, (path.name, stated)


def test_the_readings_and_members_the_readme_and_docs_count_are_computed():
    text = " ".join(_flat(path) for path in (TOP, *PAGES))
    readings = sum(1 for _ in fits_totals(read_annex()))
    stated = {int(n) for n in re.findall(r"\b(\d+) readings\b", text)}
    assert stated == {readings}, stated
    members = {int(n) for n in re.findall(r"\b(\d+) members\b", text)}
    assert members == {len(td.load_un_members())}, members
    assert f"the UN's {len(td.load_un_members())} members of 2004" in _flat(TOP)


def test_the_dates_and_threshold_the_readme_states_are_the_data_s():
    top = _flat(TOP)
    events = td.load_events().set_index("event_id")
    annex = events.loc["annex_as_of", "date_start"]
    stated = re.findall(r"\bas of (\d{1,2} [A-Z][a-z]+ \d{4})", top)
    assert len(stated) == 3 and set(stated) == {f"{annex.day} {annex:%B %Y}"}, stated  # summary, source, citation
    start, end = events.loc["treaty_event_2003", ["date_start", "date_end"]]
    assert f'"Focus 2003" ({start.day}-{end.day} {end:%B %Y})' in top
    (threshold,) = set(td.load_instruments()["eif_threshold"])
    assert f"the {threshold}th instrument" in top and f"{threshold}th instrument + 90 days" in top
    assert f"towards the {threshold}." in top and f"the {threshold}-instrument threshold" in top


def test_the_citation_names_this_version():
    assert f"Tables from treatydata {td.__version__}," in _flat(TOP)


def test_the_readme_stays_short_and_names_only_the_public_api():
    """A README for users first (issue 19): the detail lives in docs/, the package's own layout in
    CONTRIBUTING.md, so a module moved inside the package never makes the README wrong."""
    text = TOP.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    inner = re.findall(r"\btreatydata(?:\.|/)(?!ipynb)[a-z_]\w*", text)
    assert not inner, inner
    for name in re.findall(r"\btd\.(\w+)", text):
        assert name in td.__all__, name


def _links(path: Path) -> list[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def _anchors(path: Path) -> set[str]:
    """GitHub's ids of a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_relative_link_in_the_readme_and_docs_leads_to_a_file():
    checked = 0
    others = ("SECURITY.md", "CONTRIBUTING.md", "CHANGELOG.md", "data/README.md", "notebooks/README.md")
    for page in (TOP, *(ROOT / name for name in others), *PAGES):
        for link in _links(page):
            if re.match(r"[a-z]+:", link):
                continue
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.exists() and path.is_relative_to(ROOT), f"{page.name}: {link} leads nowhere"
            if anchor:
                assert anchor in _anchors(path), f"{page.name}: {link}: no such heading in {path.name}"
            checked += 1
    assert checked > 20


def test_the_paths_the_readme_and_docs_give_exist():
    for page in (TOP, *PAGES):
        text = page.read_text(encoding="utf-8")
        paths = set(re.findall(r"`((?:tests|notebooks|scripts|jupyter-config|data|docs)/[\w./-]*)`", text))
        for path in sorted(paths):
            assert (ROOT / path).exists(), f"{page.name} names {path}, which does not exist"


def test_the_readme_picture_is_a_chart_the_report_exports(tmp_path):
    """The picture is the report's own chart file, smaller (docs/report-and-export.md says how it
    was made): its name must still be one the report gives that notebook's charts, and its
    proportions that chart's, so a renamed or redrawn chart fails here rather than going stale."""
    import nbformat

    from treatydata.publish.report import NOTEBOOK_DIR
    from treatydata.publish.report_charts import chart_outputs, export_charts

    pictures = re.findall(r"!\[([^\]]+)\]\((docs/images/[^)]+)\)", TOP.read_text(encoding="utf-8"))
    assert len(pictures) == 1, pictures
    alt, link = pictures[0]
    assert len(alt.split()) >= 10, "alt text says what the chart shows"
    picture = ROOT / link
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 250 * 1024, len(data)
    assert f"`images/{picture.name}`" in (ROOT / "docs" / "report-and-export.md").read_text(encoding="utf-8")

    stem, number = re.fullmatch(r"(\d\d_[a-z_]+)_(\d\d)_[a-z-]+\.png", picture.name).groups()
    nb = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    cells = [k for k, _ in chart_outputs(nb)]
    assert len(cells) >= int(number), f"{stem} displays {len(cells)} charts"
    nb.cells = nb.cells[: cells[int(number) - 1] + 1]  # export only up to the picture's chart
    exported = {p.name: p for p in export_charts(nb, stem, tmp_path)}
    assert picture.name in exported, sorted(exported)

    def size(png: bytes) -> tuple[int, int]:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")

    (w, h), (rw, rh) = size(data), size(exported[picture.name].read_bytes())
    assert abs(w / h - rw / rh) < 0.01 * rw / rh, ((w, h), (rw, rh))


def test_the_chinese_name_counts_in_data_readme_are_computed():
    members = td.load_un_members()
    parties = int(members.iso3.isin(td.load_states().iso3.dropna()).sum())
    assert f"The {parties} members that are parties have the name the annex prints" in README
    assert f"The {len(members) - parties} others have the United Nations' Chinese short name" in README
