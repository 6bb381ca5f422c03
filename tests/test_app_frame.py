"""Under Voilà the explorer notebook shows a frame at once and the kernel fills it with the app
just after the cell; anywhere else the cell builds the app itself."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from model import app_frame, paths
from model.errors import PrepayError

EXPLORER = paths.NOTEBOOKS_DIR / "explorer.ipynb"


def test_outside_voila_the_call_is_the_app_itself(monkeypatch):
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    from model.app import ExplorerApp

    assert isinstance(app_frame.explorer(), ExplorerApp)


def test_a_failed_build_shows_its_message_in_the_frame_escaped(monkeypatch):
    import model.app

    def broken(**_):
        raise PrepayError("splits.csv row 1, fixed: <b>x</b> is not a number (allowed: a number)")

    monkeypatch.setattr(model.app, "explorer_app", broken)
    frame = app_frame.w.VBox([])
    app_frame.fill(frame)
    (message,) = frame.children
    assert "The explorer could not start: splits.csv row 1, fixed: &lt;b&gt;x&lt;/b&gt;" in (
        message.value
    )
    assert not hasattr(frame, "app")


def test_under_voila_without_an_event_loop_the_frame_is_filled_at_once(monkeypatch):
    monkeypatch.setenv("VOILA_APP_PORT", "8866")
    frame = app_frame.explorer()
    assert frame.children == (frame.app.widget,)


@pytest.mark.slow
def test_under_voila_the_cell_shows_the_frame_and_the_kernel_fills_it_after(monkeypatch, tmp_path):
    monkeypatch.setenv("VOILA_APP_PORT", "8866")  # what Voilà sets in its kernels
    nb = nbformat.read(EXPLORER, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "frame = _\n"
            "print(type(frame).__name__, len(frame.children), frame.children[0] is "
            "frame.app.widget)\n"
            "print(frame.app.headline['total'].value)"
        )
    )
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    shown = nb.cells[0].outputs[0]["data"]
    # When the cell ended, the frame held only the "Loading" line.
    assert "application/vnd.jupyter.widget-view+json" in shown
    loading = 'VBox(children=(HTML(value=\'<div class="prepay-loading"'
    assert shown["text/plain"].startswith(loading)
    text = "".join(o.get("text", "") for o in nb.cells[1].outputs)
    first, total = text.splitlines()[:2]
    assert first == "VBox 1 True"
    # The app's default: 12-month prepay at $50,000 a month, on target: 12 × 50,000 × 0.8.
    assert "$480,000.00" in total
