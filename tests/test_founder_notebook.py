"""notebooks/founder.ipynb runs headless (nbclient) on small fixture parameters, and is committed
with its outputs cleared."""

import nbformat
import pytest

from prepay_modeller.inputs import paths

NOTEBOOK = paths.NOTEBOOKS_DIR / "founder.ipynb"


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_parameters_cell_is_tagged_and_first_code_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])


@pytest.mark.slow
def test_executes_headless_with_small_parameters(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    # As papermill does: a cell after the parameters overrides them.
    nb.cells.insert(
        index + 1,
        nbformat.v4.new_code_cell("draws = 300\nseed = 1\ndiscount_rate = 0.05"),
    )
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 4  # npv, beat payg, distribution, agency
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "prepay-12" in text and "prob_beats_payg" in text
