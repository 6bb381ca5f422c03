"""notebooks/founder.ipynb: committed thin and without outputs; run by papermill with the issue's
parameters it gives a static report whose HTML export shows charts as charts (plotly drawing
them, not plotly's JSON as text), with the core's figures, and no legend over an axis title."""

import json
from pathlib import Path

import nbformat
import pytest

from prepay_modeller.inputs import paths
from prepay_modeller.presentation.pdf import CHROMIUM
from prepay_modeller.presentation.plotlyjs import plotly_basic

# One xdist worker runs this module, so its module-scoped fixture is made once (make test).
pytestmark = pytest.mark.xdist_group("founder_notebook")

NOTEBOOK = paths.NOTEBOOKS_DIR / "founder.ipynb"
PARAMETERS = ("cash", "burn", "burn_growth", "option", "rate", "performance")


def test_committed_without_outputs_and_thin():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
    # It wires and shows: the parameters, then one call.
    assert len(code) == 2
    assert "founder_notebook(" in code[1].source and "import" in code[1].source


def test_parameters_cell_is_tagged_and_first_code_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    names = {
        line.split("=")[0].split(":")[0].strip()
        for line in first.source.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert set(PARAMETERS) <= names


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """``papermill founder.ipynb out.ipynb -p cash 900000 -p burn 60000``, then the HTML export
    (``jupyter nbconvert --to html --no-input``)."""
    import papermill
    from nbconvert import HTMLExporter

    folder = tmp_path_factory.mktemp("founder")
    out = folder / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"cash": 900000, "burn": 60000, "start": "2027-01-01", "draws": 500},
        progress_bar=False,
        cwd=str(folder),
    )
    nb = nbformat.read(out, as_version=4)
    exporter = HTMLExporter()
    exporter.exclude_input = True
    html, _ = exporter.from_notebook_node(nb)
    page = folder / "out.html"
    page.write_text(html, encoding="utf-8")
    return nb, html, page


@pytest.mark.slow
def test_papermill_run_is_a_static_report(report):
    nb, html, _ = report
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # No widget: nothing an export cannot draw, no widget state, nothing fetched from a CDN.
    assert "widgets" not in nb.metadata
    assert not [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html
    # Charts as charts: plotly.js once, five figures drawn by it, never their JSON as text.
    assert html.count("Plotly.newPlot(") == 5
    assert html.count(plotly_basic()[:200]) == 1
    assert "{'data'" not in html and "&#x27;data&#x27;" not in html
    # The core's figures (hand-worked in tests/test_app_founder.py): 900,000 less 13 x 60,000
    # less 480,000; the first month-end below zero is month 10.
    assert "−$360,000.00" in html and ">9 months<" in html


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_charts_draw_in_chromium_with_no_legend_over_an_axis_title(browser, report):
    _, _, page_file = report
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "() => document.querySelectorAll('.plotly-graph-div .main-svg').length >= 10"
        )
        boxes = page.evaluate(
            """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(d => {
                const box = s => { const e = d.querySelector(s);
                  if (!e) return null; const r = e.getBoundingClientRect();
                  return [r.left, r.top, r.right, r.bottom]; };
                return {legend: box('.legend'), x: box('.xtitle'), y: box('.ytitle'),
                        traces: d.data.length};
            })"""
        )
    finally:
        page.close()
    assert len(boxes) == 5 and all(b["traces"] for b in boxes)

    def overlap(a, b):
        return a and b and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for chart in boxes:
        assert chart["legend"], json.dumps(chart)
        assert not overlap(chart["legend"], chart["x"]), json.dumps(chart)
        assert not overlap(chart["legend"], chart["y"]), json.dumps(chart)
