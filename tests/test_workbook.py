"""The auditable workbook (issue 24): LibreOffice Calc recalculates every exported formula and
finds the model's figures to the cent.

Each scenario of a grid (every option at every horizon from 3 to 24 months it fits,
performances 0 to 250 %, rates with odd cents and a half-cent tie, month-end and leap-day
starts, payment terms from 0 to 60 days) is exported twice: with its cached values, and without
any, so that LibreOffice must compute every formula itself. One LibreOffice run recalculates
them all (it starts slowly). Then:

- every recalculated figure equals the core's (the quote, the comparison, the NPV table and
  rule 11's IRR) to the cent (:func:`workbook_checks.check_figures`);
- every recalculated cell equals the value cached in the export, what a viewer that does not
  recalculate shows;
- a workbook exported by ``prepay export`` whose ``performance_q2`` and ``rate`` were then
  changed, as a CFO changes them, recalculates to the ``total`` of ``prepay quote`` for the
  changed inputs.

One scenario per option and horizon here (CI time); ``bench/workbook.py --grid`` runs three.
"""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from prepay_modeller.cli import main
from prepay_modeller.core.quote import quote
from prepay_modeller.inputs.terms import make_terms
from prepay_modeller.presentation import xlsx
from prepay_modeller.presentation.i18n import speech
from tests import libreoffice
from tests.workbook_checks import OPTIONS, cents, check_cached, check_figures, grid, money, named
from tests.workbook_checks import terms_of as scenario

pytestmark = [
    pytest.mark.skipif(libreoffice.soffice() is None, reason="needs LibreOffice"),
    pytest.mark.xdist_group("workbook"),  # one LibreOffice recalculation, on one worker
]

EDITED = {"option": "prepay-6", "horizon": "12", "performance": "0.8,1.5,1,1.2"}
# In French and Arabic the formulas name sheets as translated ('Calculs'!, an Arabic name).
CLIENTS = {"fr": "EUR", "ar": "AED"}
EDITED_TO = {"performance_q2": Decimal("1.37"), "rate": Decimal("43210.99")}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """``(case, cached workbook, recalculated workbook)`` for the grid, and the edited export
    recalculated: one LibreOffice run for all."""
    folder = tmp_path_factory.mktemp("workbooks")
    cases, sources = grid(), []
    for n, case in enumerate(cases):
        t, rate = scenario(case), case["discount_rate"]
        (folder / f"case{n}.xlsx").write_bytes(xlsx.build(t, discount_rate=rate, cache=False))
        (folder / f"cached{n}.xlsx").write_bytes(xlsx.build(t, discount_rate=rate))
        sources.append(folder / f"case{n}.xlsx")
    for language, currency in CLIENTS.items():
        t, client = scenario(cases[9]), speech(language, currency)
        (folder / f"{language}.xlsx").write_bytes(xlsx.build(t, client, 0.1, cache=False))
        (folder / f"cached-{language}.xlsx").write_bytes(xlsx.build(t, client, 0.1))
        sources.append(folder / f"{language}.xlsx")
    edited = folder / "edited.xlsx"
    argv = ["export", "--start", "2027-01-01", "--out", str(edited)]
    for key, value in EDITED.items():
        argv += [f"--{key}", value]
    assert main(argv) == 0
    book = openpyxl.load_workbook(edited)  # as a CFO would: type over the inputs
    for name, value in EDITED_TO.items():
        sheet, cell = next(iter(book.defined_names[name].destinations))
        book[sheet][cell.replace("$", "")].value = value
    book.save(edited)
    made = libreoffice.convert([*sources, edited], folder / "out", work=folder)

    def pair(cached, recalculated):
        return tuple(openpyxl.load_workbook(p, data_only=True) for p in (cached, recalculated))

    rows = [(case, *pair(folder / f"cached{n}.xlsx", made[n])) for n, case in enumerate(cases)]
    clients = {
        language: pair(folder / f"cached-{language}.xlsx", made[len(cases) + k])
        for k, language in enumerate(CLIENTS)
    }
    return rows, openpyxl.load_workbook(made[-1], data_only=True), clients


def test_every_recalculated_figure_is_the_models_to_the_cent(recalculated):
    rows, _, _ = recalculated
    assert len(rows) == 22 and {case["option"] for case, *_ in rows} == set(OPTIONS)
    for case, _cached, book in rows:
        check_figures(book, case)


def test_the_cached_values_are_what_libreoffice_computes(recalculated):
    rows, _, _ = recalculated
    assert sum(check_cached(cached, book, case) for case, cached, book in rows) > 20_000


def test_in_french_and_arabic_the_formulas_compute_the_same(recalculated):
    rows, _, clients = recalculated
    case = rows[9][0]
    q = quote(scenario(case))
    for language, (cached, book) in clients.items():
        assert book.sheetnames[0] != "Inputs"
        assert check_cached(cached, book, language) > 500
        for key in ("total", "payg_total", "savings_vs_payg"):
            assert cents(named(book, key)) == money(q.totals[key]), (language, key)


def test_a_changed_performance_and_rate_give_prepay_quotes_total(recalculated, capsys):
    _, book, _ = recalculated
    performance = EDITED["performance"].split(",")
    performance[1] = str(EDITED_TO["performance_q2"])
    argv = ["quote", "--start", "2027-01-01", "--format", "json", "--option", EDITED["option"],
            "--horizon", EDITED["horizon"], "--rate", str(EDITED_TO["rate"]),
            "--performance", ",".join(performance)]  # fmt: skip
    assert main(argv) == 0
    total = json.loads(capsys.readouterr().out, parse_float=Decimal)["totals"]["total"]
    assert cents(named(book, "total")) == money(total)
    before = quote(make_terms(start="2027-01-01", **EDITED)).total
    assert money(total) != money(before)  # the change did move the figure
    assert named(book, "rate") == float(EDITED_TO["rate"])
    assert named(book, "performance_q2") == float(EDITED_TO["performance_q2"])
