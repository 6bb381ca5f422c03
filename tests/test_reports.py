"""``prepay reports``: validation, hostile input, failure isolation, atomic writes, HTML, PDF.

Rendering costs about a second per report, so each batch is rendered once per module and the
tests read its files.
"""

from __future__ import annotations

import csv
import gc
import html.parser
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from prepay_modeller import cli
from prepay_modeller.inputs.parameters import BY_NAME as PARAMETERS
from prepay_modeller.inputs.parameters import parameters_cell
from prepay_modeller.inputs.paths import PROSPECTS_CSV
from prepay_modeller.reports import runner as reports

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("reports")

TEMPLATE = reports.TEMPLATE
HEADER = (
    "prospect,contact,rate,option,performance_q1,performance_q2,performance_q3,"
    "performance_q4,horizon,start,payment_terms"
)
LONG_NAME = "Ünïcødé Long Name " * 16 + "end"  # 291 characters...
LONG_NAME = (LONG_NAME + "x" * 300)[:300]  # ...made exactly 300
HOSTILE = [
    'Robert"); import os; os.system("touch /tmp/pwned") #',
    "Line one\nLine two '''\"\"\" {x}",
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "../../x",
    LONG_NAME,
    "🚀 Rocket Analytics 😀",
    "شركة النمو المحدودة",
    "Twin Co",
    "Twin Co",
]
RAISES, DIES, HANGS = "Raise in a cell", "Kill the kernel", "Sleep past the timeout"


def write_csv(path: Path, names: list[str], option: str = "prepay-12") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for name in names:
        writer.writerow([name, "<b>Contact</b>", 50000, option, 1, 1.2, "", "", 12, "2027-01-01"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def trap_template(tmp: Path) -> Path:
    """The proposal template with a cell that fails on purpose for three prospects."""
    nb = nbformat.read(TEMPLATE, as_version=4)
    trap = nbformat.v4.new_code_cell(
        f"if prospect == {RAISES!r}:\n"
        "    raise RuntimeError('boom from the template')\n"
        f"if prospect == {DIES!r}:\n"
        "    import os\n"
        "    os._exit(1)\n"
        f"if prospect == {HANGS!r}:\n"
        "    import time\n"
        "    time.sleep(120)\n"
    )
    nb.cells.insert(1, trap)
    path = tmp / "template.ipynb"
    nbformat.write(nb, path)
    return path


def run_cli(*argv: str) -> int:
    return cli.main(["reports", *argv, "--quiet"])


def read_manifest(out: Path) -> list[dict]:
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


# --- a hostile batch, rendered once --------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    csv_path = write_csv(tmp / "prospects.csv", HOSTILE + [RAISES, DIES, HANGS])
    out = tmp / "out"
    assert gc.isenabled() and gc.get_freeze_count() == 0
    code = run_cli(
        str(csv_path),
        "--out",
        str(out),
        "--workers",
        "2",
        "--format",
        "html",
        "--template",
        str(trap_template(tmp)),
        "--timeout",
        "4",
    )
    # The run pauses and freezes Python's garbage collector for its workers' sake (reports.runner
    # _collector_paused): a caller in Python gets it back as it was, nothing left frozen.
    collector = (gc.isenabled(), gc.get_freeze_count())
    return code, out, read_manifest(out), collector


@pytest.mark.slow
def test_a_failing_row_never_stops_the_others_and_exit_is_1(hostile):
    code, out, manifest, collector = hostile
    assert collector == (True, 0)
    assert code == 1
    status = {row["prospect"]: row["status"] for row in manifest}
    assert len(manifest) == len(HOSTILE) + 3
    assert [row["row"] for row in manifest] == [str(n) for n in range(1, len(HOSTILE) + 4)]
    for name in HOSTILE:
        assert status[name] == "ok", name
    assert status[RAISES] == status[DIES] == status[HANGS] == "failed"


KILLS_WORKER = "Kill the render worker"


@pytest.mark.slow
def test_a_row_that_kills_its_worker_process_fails_alone(tmp_path):
    # The kernel's parent is the worker process: killing it breaks the pool, which fails every
    # row that worker and the other had not finished; they are rendered again, one worker each.
    nb = nbformat.read(TEMPLATE, as_version=4)
    nb.cells.insert(
        1,
        nbformat.v4.new_code_cell(
            f"if prospect == {KILLS_WORKER!r}:\n"
            "    import os, signal\n"
            "    os.kill(os.getppid(), signal.SIGKILL)\n"
        ),
    )
    template = tmp_path / "template.ipynb"
    nbformat.write(nb, template)
    names = ["First Co", KILLS_WORKER, "Second Co", "Third Co", "Fourth Co"]
    csv_path = write_csv(tmp_path / "p.csv", names)
    out = tmp_path / "out"
    code = run_cli(
        str(csv_path), "--out", str(out), "--workers", "2", "--format", "html",
        "--template", str(template),
    )  # fmt: skip
    assert code == 1
    manifest = read_manifest(out)
    assert [row["prospect"] for row in manifest] == names  # in row order
    status = {row["prospect"]: row["status"] for row in manifest}
    assert status == {name: "failed" if name == KILLS_WORKER else "ok" for name in names}
    errors = {row["prospect"]: row["error"] for row in manifest}
    assert errors[KILLS_WORKER].startswith("the render worker died")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [row["files"] for row in manifest if row["files"]] + ["index.html", "manifest.csv"]
    )


@pytest.mark.slow
def test_the_manifest_holds_each_error(hostile):
    _, _, manifest = hostile[:3]
    errors = {row["prospect"]: row["error"] for row in manifest}
    assert "RuntimeError: boom from the template" in errors[RAISES]
    assert "process died while rendering" in errors[DIES]
    assert "timed out" in errors[HANGS]
    assert all(errors[name] == "" for name in HOSTILE)


@pytest.mark.slow
def test_only_good_reports_exist_with_no_partial_files(hostile):
    _, out, manifest = hostile[:3]
    expected = {row["files"] for row in manifest if row["status"] == "ok"}
    assert all(row["files"] == "" for row in manifest if row["status"] == "failed")
    files = {p.name for p in out.iterdir()}
    assert files == expected | {"index.html", "manifest.csv"}
    # Names: client-presentable ASCII slugs, unique (the twins too), inside --out.
    assert len(expected) == len(HOSTILE)
    for name in expected:
        assert name.isascii() and len(name) <= 62 and "/" not in name and not name.startswith(".")
        assert (out / name).resolve().parent == out.resolve()
    names = {row["prospect"]: row["files"] for row in manifest}
    assert names["../../x"] == "x-proposal.html"
    assert names["🚀 Rocket Analytics 😀"] == "rocket-analytics-proposal.html"
    assert sorted(row["files"] for row in manifest if row["prospect"] == "Twin Co") == [
        "twin-co-proposal-2.html",
        "twin-co-proposal.html",
    ]
    assert re.fullmatch(r"proposal-[0-9a-f]{8}\.html", names["شركة النمو المحدودة"])


@pytest.mark.slow
def test_hostile_text_never_reaches_a_report_live(hostile):
    _, out, manifest = hostile[:3]
    for row in manifest:
        if row["status"] != "ok":
            continue
        page = (out / row["files"]).read_text(encoding="utf-8")
        tags = parse(page)
        nonce = None
        for tag, attrs in tags.tags:
            assert not any(a.startswith("on") for a in attrs), (tag, attrs)
            for a in ("href", "src", "action", "formaction"):
                assert not str(attrs.get(a, "")).strip().lower().startswith("javascript:")
            if tag == "script":
                assert "src" not in attrs  # no CDN, nothing fetched
                nonce = nonce or attrs["nonce"]
                assert attrs.get("nonce") == nonce  # only the render's own scripts may run
            assert tag != "img"
        # The names reach chart titles inside the charts' scripts only as escaped JSON text.
        charts = "".join(s for s in tags.scripts if "Plotly.newPlot" in s)
        for raw in ("<script>alert", "<img", 'onerror="', 'system("touch', "'xss'"):
            assert raw not in charts
        # (The random CSP nonce is left out: it once spelled "xss" by chance.)
        text = page.replace(nonce, "") if nonce else page
        assert "&lt;script&gt;" in text or "&lt;img" in text or "xss" not in text
        # The name is shown, escaped, on the cover and in the title.
        assert 'Proposal for <span class="prospect-name">' in page
    assert not Path("/tmp/pwned").exists()


@pytest.mark.slow
def test_reports_hold_no_code_and_work_offline(hostile):
    _, out, manifest = hostile[:3]
    page = (out / manifest[7]["files"]).read_text(encoding="utf-8")
    for code in ("proposal.build(", "report.summary()", "import proposal", "In&nbsp;["):
        assert code not in page
    assert "http://" not in "".join(a.get("src", "") for _, a in parse(page).tags)
    assert "default-src 'none'" in page
    # plotly.js basic once, in the page's head: at most 1.5 MB a report (issue 12).
    assert page.count("Plotly.newPlot") == 3
    assert page.count("plotly.js (basic - minified)") == 1
    assert len(page.encode("utf-8")) < 1_500_000


@pytest.mark.slow
def test_index_lists_every_prospect_escaped(hostile):
    _, out, manifest = hostile[:3]
    page = (out / "index.html").read_text(encoding="utf-8")
    tags = parse(page)
    assert not [t for t, _ in tags.tags if t in ("script", "img")]
    links = [a["href"] for t, a in tags.tags if t == "a"]
    assert sorted(links) == sorted(row["files"] for row in manifest if row["files"])
    assert "&lt;script&gt;" in page
    assert "boom from the template" in page


# --- validation -----------------------------------------------------------------------------


def test_bad_cells_are_all_listed_and_nothing_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + ",colour\n"
        "Good,,50000,prepay-12,1,,,,12,2027-01-01,30,\n"
        ",x,abc,prepay-12,-0.3,,,,12,2027-13-01,400,\n"
        "Odd,,50000,prepay-9,1,,,,12,2027-01-01,30,\n"
        "Short,,50000,prepay-6,1,1,1,,6,2027-01-01,30,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_cli(str(bad), "--out", str(out)) == 2
    lines = [line.removeprefix("prepay: error: ") for line in capsys.readouterr().err.splitlines()]
    # The unknown column is an error, and every bad cell of the rows is listed beside it.
    assert lines[0].startswith("bad.csv: column colour is unknown (allowed columns: prospect, ")
    assert lines[1:] == CELL_PROBLEMS
    assert not out.exists()
    bad.write_text("\n".join(line.rsplit(",", 1)[0] for line in bad.read_text().splitlines()))
    assert run_cli(str(bad), "--out", str(out)) == 2
    lines = [line.removeprefix("prepay: error: ") for line in capsys.readouterr().err.splitlines()]
    assert lines == CELL_PROBLEMS
    assert not out.exists()


# The ranges are the core's (the same words as the command line's); the schema only reads types.
# A performance for a quarter past the row's horizon is accepted (DOMAIN.md, "Words for
# clients": used where the options are compared over whole years).
CELL_PROBLEMS = [
    "bad.csv row 2, prospect: (empty) is missing (allowed: a value)",
    "bad.csv row 2, rate: abc is not a number "
    "(allowed: from 1,000 to 1,000,000 a month, to the cent)",
    "bad.csv row 2, performance_q1: -0.3 is less than 0% (allowed: from 0% to 300%, as 0.9 or 90%)",
    "bad.csv row 2, start: 2027-13-01 is not a date "
    "(allowed: a date from 2000-01-01 to 2100-12-31, as YYYY-MM-DD)",
    "bad.csv row 2, payment_terms: 400 is more than 120 (allowed: from 0 to 120 days)",
    "bad.csv row 3, option: prepay-9 is not a known option "
    "(allowed: one of payg, prepay-3, prepay-6, prepay-12)",
]


def test_unusable_arguments_exit_2(tmp_path, capsys):
    out = tmp_path / "out"
    assert run_cli(str(tmp_path / "missing.csv"), "--out", str(out)) == 2
    assert run_cli("--only", "Nobody Inc", "--out", str(out)) == 2
    assert run_cli("--format", "docx", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "missing.csv: file not found" in err
    assert "--only: Nobody Inc is not a prospect" in err
    assert "--format: docx is not a known format" in err
    assert not out.exists()


def test_file_names_a_client_can_read_with_a_suffix_only_on_a_collision():
    assert reports.file_stem("Bluefin Payroll") == "bluefin-payroll-proposal"
    assert reports.file_stem("../../x") == "x-proposal"
    assert reports.file_stem("Zürich Ünïcode AG") == "zurich-unicode-ag-proposal"
    arabic = reports.file_stem("شركة")
    assert re.fullmatch(r"proposal-[0-9a-f]{8}", arabic) and arabic == reports.file_stem("شركة")
    assert reports.file_stem("شركة") != reports.file_stem("مؤسسة")
    assert len(reports.file_stem("a" * 300)) == 48 + len("-proposal")
    assert reports.file_stem("Twin Co", 1) == "twin-co-proposal-2"
    # Two rows whose names give the same slug get a suffix; other rows none.
    rows = [{"row": i, "prospect": n} for i, n in enumerate(["Twin Co", "Other", "twin co!"], 1)]
    stems = [job["stem"] for job in reports.plan(rows, ["html"], TEMPLATE, 10)]
    assert stems == ["twin-co-proposal", "other-proposal", "twin-co-proposal-2"]


def test_only_known_columns_become_parameters_with_plain_values():
    from prepay_modeller.inputs.prospects import load_prospects

    jobs = reports.plan(load_prospects(PROSPECTS_CSV), ["html"], TEMPLATE, 10)
    assert len(jobs) == 12  # ten in English, one in French, one in Arabic
    for job in jobs:
        assert set(job["params"]) <= set(PARAMETERS)
        assert all(type(v) in (str, int, float, bool) for v in job["params"].values())
    # Cedar Ledger gives one performance for a 3-month horizon: one quarter, as given.
    cedar = jobs[2]["params"]
    assert (cedar["horizon"], cedar["performance_q1"], cedar["start"]) == (3, 0.9, "2027-02-01")
    assert "performance_q2" not in cedar


@pytest.mark.slow
def test_template_is_committed_clean_and_documents_its_parameters():
    nb = nbformat.read(TEMPLATE, as_version=4)
    first = nb.cells[0]
    assert first.metadata.get("tags") == ["parameters"]
    assert all(
        not c.get("outputs") and not c.get("execution_count")
        for c in nb.cells
        if c.cell_type == "code"
    )
    help_text = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(TEMPLATE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name, parameter in PARAMETERS.items():
        assert f"{name}: {parameter.annotation}" in help_text
    # The cell is the declaration's, word for word (inputs.parameters is the one source).
    assert first.source == parameters_cell()


# --- atomic writes, PDF ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_then_failed(tmp_path_factory):
    """One prospect rendered to HTML and PDF, then rendered again by a failing template."""
    tmp = tmp_path_factory.mktemp("rerun")
    csv_path = write_csv(tmp / "p.csv", [RAISES])
    out = tmp / "out"
    first = run_cli(str(csv_path), "--out", str(out), "--workers", "1")
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    second = run_cli(
        str(csv_path), "--out", str(out), "--workers", "1", "--template", str(trap_template(tmp))
    )
    return first, files, second, out


@pytest.mark.slow
@pytest.mark.browser
def test_an_earlier_good_report_is_not_replaced_by_a_failed_run(good_then_failed):
    first, files, second, out = good_then_failed
    assert (first, second) == (0, 1)
    reports_ = {n for n in files if n.endswith((".html", ".pdf")) and n != "index.html"}
    assert len(reports_) == 2
    for name in reports_:
        assert (out / name).read_bytes() == files[name]
    assert sorted(p.name for p in out.iterdir()) == sorted(files)  # no temporary files left
    manifest = read_manifest(out)
    assert manifest[0]["status"] == "failed" and manifest[0]["files"] == ""
    # The index still links the earlier good report.
    assert "earlier HTML" in (out / "index.html").read_text(encoding="utf-8")


def _ppm_pixels(path: Path):
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][-width * height * 3 :]
    return width, height, pixels


@pytest.mark.slow
@pytest.mark.browser
def test_the_pdf_reads_as_a_proposal_with_its_charts(good_then_failed, tmp_path):
    _, files, _, out = good_then_failed
    pdf = out / next(n for n in files if n.endswith(".pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Proposal for Raise in a cell",
        "We propose the 12-month prepay",
        "Your payment schedule",
        # The charts are drawn: their axis titles and legends are text in the PDF.
        "Engagement quarter",
        "Quarter maximum (fixed + variable cap)",
        "Paid so far",
        "Performance in every quarter",
        "Every option side by side",
        "What paying early is worth",
        "The key results (illustrative)",
        "Terms",
        "Acceptance",
        "Appendix",
    ):
        assert expected in text, expected
    assert "import" not in text and "report." not in text
    # The fixed bars are drawn in the brand's navy: count navy pixels on the rendered pages.
    subprocess.run(["pdftoppm", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    navy = 0
    for page in sorted(tmp_path.glob("page*.ppm")):
        _, _, px = _ppm_pixels(page)
        navy += sum(
            1
            for i in range(0, len(px) - 2, 3)
            if abs(px[i] - 0x1F) < 25 and abs(px[i + 1] - 0x3B) < 25 and abs(px[i + 2] - 0x73) < 25
        )
    assert navy > 2000


# --- papermill directly, and Dask ------------------------------------------------------------


@pytest.mark.slow
def test_papermill_s_own_command_line_renders_the_page_prepay_reports_renders(tmp_path):
    """The template run by hand with papermill's command line on the batch's engine is the
    proposal ``prepay reports`` writes for the same row, byte for byte but for each render's
    random nonce and chart ids; papermill's metadata says how each cell ran."""
    import datetime as dt

    from prepay_modeller.presentation.render import export_html

    (tmp_path / "p.csv").write_text("prospect,option\nAcme Analytics,prepay-6\n", encoding="utf-8")
    code = run_cli(str(tmp_path / "p.csv"), "--out", str(tmp_path), "--format", "html")
    assert code == 0
    ours = (tmp_path / "acme-analytics-proposal.html").read_text(encoding="utf-8")

    papermill = Path(sys.executable).with_name("papermill")
    done = subprocess.run(
        [str(papermill), str(TEMPLATE), str(tmp_path / "out.ipynb"),
         "-p", "prospect", "Acme Analytics", "-p", "option", "prepay-6",
         "-p", "report_date", dt.date.today().isoformat(),
         "-p", "plotlyjs", "none", "-p", "script_nonce", "by-hand",
         "--engine", "prepay-fork", "--no-progress-bar"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters["prospect"] == "Acme Analytics"
    assert nb.metadata.papermill.exception is None and nb.metadata.papermill.duration > 0
    assert {c.metadata.papermill.status for c in nb.cells} == {"completed"}
    by_hand = export_html(nb, "Acme Analytics", "by-hand", {"prospect": "Acme Analytics"})

    def same(page: str) -> str:
        page = re.sub(r"nonce-[\w-]+|nonce=\"[^\"]+\"", "NONCE", page)
        page = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "UUID", page)
        return re.sub(r'id="cell-id=[^"]+"', 'id="CELL"', page)

    assert 'Proposal for <span class="prospect-name">Acme Analytics</span>' in by_hand
    assert same(by_hand) == same(ours)


@pytest.mark.slow
def test_dask_renders_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    csv_path = write_csv(tmp_path / "p.csv", ["Dask Co"])
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        code = run_cli(
            str(csv_path),
            "--out",
            str(out),
            "--format",
            "html",
            "--dask",
            cluster.scheduler_address,
        )
    assert code == 0
    manifest = read_manifest(out)
    assert manifest[0]["status"] == "ok"
    assert "Dask Co" in (out / manifest[0]["files"]).read_text(encoding="utf-8")


def test_a_prospect_row_can_set_what_prepaying_is_worth(tmp_path, capsys):
    """discount_rate and the Monte Carlo's settings are optional columns: an empty cell or a
    missing column takes the report's default; a bad cell is named with its row."""
    from prepay_modeller.inputs.prospects import load_prospects

    extra = ",discount_rate,uncertainty_spread,uncertainty_draws,uncertainty_seed\n"
    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + extra + "A,,50000,prepay-12,1,,,,12,2027-01-01,30,0.05,0.2,500,9\n"
        "B,,50000,prepay-12,1,,,,12,2027-01-01,30,,,,\n",
        encoding="utf-8",
    )
    a, b = reports.plan(load_prospects(good), ["html"], TEMPLATE, 10)
    assert {k: a["params"][k] for k in extra.strip(",\n").split(",")} == {
        "discount_rate": 0.05,
        "uncertainty_spread": 0.2,
        "uncertainty_draws": 500,
        "uncertainty_seed": 9,
    }
    assert type(a["params"]["uncertainty_draws"]) is int
    assert not set(extra.strip(",\n").split(",")) & set(b["params"])  # the defaults apply

    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + extra + "A,,50000,prepay-12,1,,,,12,2027-01-01,30,-1,1.5,0,-2\n",
        encoding="utf-8",
    )
    assert run_cli(str(bad), "--out", str(tmp_path / "out")) == 2
    lines = [line.removeprefix("prepay: error: ") for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "bad.csv row 1, discount_rate: -1 is -100% or less "
        "(allowed: more than -100% a year, up to 100%, as 0.1 or 10%)",
        "bad.csv row 1, uncertainty_spread: 1.5 is more than 100% (allowed: from 0% to 100%; "
        "0.4 draws each quarter from 60% to 140% of the expected performance; "
        "did you mean 1.5%?)",
        "bad.csv row 1, uncertainty_draws: 0 is less than 1 "
        "(allowed: a whole number from 1 to 200,000)",
        "bad.csv row 1, uncertainty_seed: -2 is less than 0 "
        "(allowed: a whole number from 0 to 4,294,967,295)",
    ]
    assert not (tmp_path / "out").exists()


def test_a_whole_number_column_names_a_fraction_or_text(tmp_path, capsys):
    """horizon, payment_terms and uncertainty_draws are whole numbers (read by inputs.numbers)."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "prospect,option,horizon,payment_terms,uncertainty_draws\n"
        "A,prepay-12,abc,2.5,\n"
        "B,prepay-12,12,30,1.5\n",
        encoding="utf-8",
    )
    assert run_cli(str(bad), "--out", str(tmp_path / "out")) == 2
    lines = [line.removeprefix("prepay: error: ") for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "bad.csv row 1, horizon: abc is not a number (allowed: from 3 to 120 months)",
        "bad.csv row 1, payment_terms: 2.5 is not a whole number (allowed: from 0 to 120 days)",
        "bad.csv row 2, uncertainty_draws: 1.5 is not a whole number "
        "(allowed: a whole number from 1 to 200,000)",
    ]


def test_owner_validity_and_recommend_columns_are_checked_first(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "prospect,option,owner,valid_days,recommend\n"
        "A,prepay-12,Bob,0,maybe\n"
        "B,prepay-12,alex morgan,400,yes\n",
        encoding="utf-8",
    )
    assert run_cli(str(bad), "--out", str(tmp_path / "out")) == 2
    lines = [line.removeprefix("prepay: error: ") for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "bad.csv row 1, valid_days: 0 is less than 1 (allowed: from 1 to 365 days)",
        "bad.csv row 1, recommend: maybe is not yes or no "
        "(allowed: yes or no (also true or false, 1 or 0))",
        "bad.csv row 1, owner: Bob is not a contact (allowed: one of Alex Morgan, Priya Raman, "
        "Jonas Weber (brand.json's contacts), or empty)",
        "bad.csv row 2, valid_days: 400 is more than 365 (allowed: from 1 to 365 days)",
    ]
    assert not (tmp_path / "out").exists()
    good = tmp_path / "good.csv"
    good.write_text("prospect,option,owner,recommend\nA,prepay-12,alex  MORGAN,No\n")
    from prepay_modeller.inputs.prospects import load_prospects

    (row,) = load_prospects(good)
    assert row["recommend"] is False and row["owner"] == "alex  MORGAN"
