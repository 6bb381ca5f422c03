"""The document checker's rules on a document's text (issue 19), without a browser: a small
proposal as ``pdftotext -layout`` reads one (the figures of DOMAIN.md's 6-month prepay, Bluefin
at 80 % then 150 %), then one contradiction planted at a time. The checker must find each and
say where; the untouched document must pass. (tests/test_proposal_batch.py runs it on real
PDFs of every option, horizon and language.)"""

import pytest

from prepay_modeller.presentation import checker

PARAMS = {
    "prospect": "Bluefin Payroll",
    "contact": "Marco Ruiz",
    "option": "prepay-6",
    "horizon": 6,
    "start": "2027-01-01",
    "payment_terms": 30,
    "language": "",
    "currency": "",
}
HEADINGS = ["Summary", "Invoices and when they are due", "Every option side by side", "Appendix"]
HTML = "".join(f"<h2>{h}</h2>" for h in HEADINGS) + (
    '<span class="prospect-name">Bluefin Payroll</span><h3>Per quarter</h3>'
    '<p class="footer">Northbeam Growth Partners · Proposal for Bluefin Payroll</p>'
)
# By hand (DOMAIN.md's worked example): prepayment $202,500 due on day 0; Q1's variable part
# $10,800 issued 31 March, due 30 days later; total $294,300 against $300,000: $5,700 (1.9 %)
# less. Break-even: fixed 202,500 + 13,500 p + 54,000 p = 300,000 at p = 97,500 / 67,500 =
# 144.44 %. The 3-month prepay renewed over the 6 months: 310,650, break-even 121.05 %.
PAGE_1 = """\
Summary
We propose the 6-month prepay for 6 months from 1 January 2027.
 Prepayment                                 $202,500.00, due on 1 January 2027
 Pay-as-you-go, same 6 months               $300,000.00
 Saving at the performance you expect       $5,700.00 (1.9%) less than pay-as-you-go
 Break-even                        If every quarter performs at 144.44%, the 6-month prepay
                                   costs what pay-as-you-go costs over 6 months; if every
                                   quarter performs below that, it costs less.
Invoices and when they are due
The prepayment of the term is invoiced and due on the term's first day: the first, $202,500.00, on
1 January 2027.
 Issued           Due             Invoice                                        Amount
 1 Jan 2027       1 Jan 2027      Prepayment of the fixed part, Q1, Q2      $202,500.00
 31 Mar 2027      30 Apr 2027     Variable part, Q1                          $10,800.00
 30 Jun 2027      30 Jul 2027     Variable part, Q2                          $81,000.00
                                  Total                                     $294,300.00
Every option side by side
Option        Monthly price  Prepaid  Variable  Total  Saving vs pay-as-you-go  Break-even
Pay-as-you-go     $50,000.00                        $300,000.00            —           —
3-month prepay $47,500.00 $213,750.00 $96,900.00 $310,650.00 −$10,650.00 (−3.55%) 121.05%
6-month prepay (proposed) $45,000.00 $202,500.00 $91,800.00 $294,300.00 $5,700.00 (1.9%) 144.44%
Total cost against performance
                     6-month prepay: 144.44%
              3-month prepay: 121.05%
                                      1 / 2"""
PAGE_2 = """\
Appendix
 Option                      6-month prepay
Per quarter
 Q1 Foundation   90%   20%   80%
 Q2 Impact       60%   80%   150%
Northbeam Growth Partners · Proposal for Bluefin Payroll
                                      2 / 2"""


def pages(first: str = PAGE_1, second: str = PAGE_2, height: float = 842.0):
    out = []
    for text in (first, second):
        lines = text.split("\n")
        # Words down to near the page's foot: pages read as full unless a test says otherwise.
        words = [(30.0 + i * 14, 44.0 + i * 14, "w") for i in range(len(lines))] + [
            (700.0, 712.0, "end")
        ]
        out.append(checker.Page(lines=lines, height=height, words=words))
    return out


def problems(first: str = PAGE_1, second: str = PAGE_2, params=None, html: str = HTML):
    check = checker.Check(pages(first, second), params or PARAMS, html)
    return check.run(), check


def test_the_document_as_it_should_be_reads_as_one_voice():
    found, check = problems()
    assert found == []
    # And it read what it checks: three break-evens for the 6-month prepay, one saving, the
    # due sentences.
    assert check.seen["break_evens"]["prepay-6"] == {
        "the summary": {checker.Decimal("144.44")},
        "the options table": {checker.Decimal("144.44")},
        "the cost chart": {checker.Decimal("144.44")},
    }
    assert check.seen["saving"] == (checker.Decimal("5700.00"), checker.Decimal("5700.00"))
    assert len(check.invoices) == 3 and check.seen["due"]


def test_two_break_evens_for_one_option_fail_the_document():
    # The 6-month prepay: 144.44% over its 6 months, 127.78% over a year.
    planted = PAGE_1.replace("performs at 144.44%", "performs at 127.78%")
    found, _ = problems(planted)
    assert found == [
        "two break-evens for 6-month prepay: the summary 127.78%; the options table 144.44%; "
        "the cost chart 144.44%"
    ]
    chart = PAGE_1.replace("6-month prepay: 144.44%", "6-month prepay: 127.78%")
    assert "two break-evens for 6-month prepay" in problems(chart)[0][0]
    other = PAGE_1.replace("3-month prepay: 121.05%", "3-month prepay: 113.16%")
    assert "two break-evens for 3-month prepay" in problems(other)[0][0]


def test_a_summary_saving_the_comparison_does_not_show_fails():
    # The 3-month prepay: "97,434.00 less" in the summary, "−89,766.00" compared.
    planted = PAGE_1.replace("$5,700.00 (1.9%) less", "$34,043.34 (5.7%) less")
    assert problems(planted)[0] == [
        "the summary says 6-month prepay saves 34043.34 against pay-as-you-go, the options "
        "table 5700.00"
    ]
    opposite = PAGE_1.replace(
        "$5,700.00 (1.9%) less than pay-as-you-go",
        "$5,700.00 more than pay-as-you-go: the variable part pays for results above target",
    )
    assert (
        "saves -5700.00 against pay-as-you-go, the options table 5700.00"
        in problems(opposite)[0][0]
    )


def test_a_due_date_no_invoice_has_fails():
    planted = PAGE_1.replace(
        "$202,500.00, due on 1 January 2027", "$202,500.00, due on 1 February 2027"
    )
    assert problems(planted)[0] == [
        "a sentence says 202500.00 is due on 2027-02-01, which no invoice is"
    ]


def test_first_day_of_each_month_where_invoices_fall_on_the_28th_fails():
    payg = PAGE_1.replace(
        " Prepayment                                 $202,500.00, due on 1 January 2027",
        " Price     $50,000.00 a month, invoiced and due on the first day of each month",
    )
    payg = payg.replace(" 1 Jan 2027       1 Jan 2027 ", " 28 Feb 2027      28 Feb 2027 ")
    found = problems(payg, params={**PARAMS, "start": "2027-02-28"})[0]
    assert any(p.startswith("the document says invoices are due on the first day") for p in found)


def test_code_names_and_untranslated_words_fail():
    coded = PAGE_1.replace("6-month prepay (proposed)", "prepay-6 (proposed)")
    assert "the code name 'prepay-6' is shown to the client" in problems(coded)[0]
    seeded = PAGE_2.replace(" Option ", " Simulation   2,000 draws, seed 0\n Option ")
    assert "the code name 'seed' is shown to the client" in problems(second=seeded)[0]
    # A French document with an English sentence left in it.
    french = {**PARAMS, "language": "fr", "currency": "EUR"}
    text = "Synthèse\nNous proposons le prépaiement. The prepayment is paid over 6 months.\n"
    found = checker.Check(pages(text, "Annexe"), french, "<h2>Synthèse</h2>")
    checker.codes_and_words(found)
    assert found.problems == [
        f"the English word {w!r} is not translated" for w in ("The", "prepayment", "over", "months")
    ]
    # An Arabic document with a Latin word its catalogue never uses; names and products pass.
    arabic = {**PARAMS, "language": "ar_AE", "currency": "AED", "prospect": "Al Waha"}
    text = "الملخص\nنقترح Al Waha عبر HubSpot total\n"
    found = checker.Check(pages(text, "ملحق"), arabic, "<h2>الملخص</h2>")
    checker.codes_and_words(found)
    assert found.problems == ["the Latin word 'total' in an Arabic document is not translated"]


def test_pages_mostly_blank_heading_alone_or_footer_alone_fail():
    first, second = pages()
    first.words = [(30.0, 44.0, "w"), (300.0, 314.0, "w")]  # ends at 37 % of the page
    check = checker.Check([first, second], PARAMS, HTML)
    checker.page_layout(check)
    assert check.problems == ["page 1 is mostly blank (63% of it empty)"]
    alone = PAGE_1.replace("                                      1 / 2", "Appendix\n   1 / 2")
    found = problems(alone, "Appendix\nNorthbeam Growth Partners · Proposal for Bluefin Payroll")[0]
    assert "page 1 ends with a heading alone ('Appendix')" in found
    footer = "Northbeam Growth Partners · Proposal for Bluefin Payroll\n   2 / 2"
    assert "the last page (page 2) holds only the footer" in problems(second=footer)[0]


def test_a_table_split_after_fewer_than_three_rows_fails():
    # The invoice table's heading and first row at the foot of page 1, its head repeated at the
    # top of page 2 (print CSS repeats it) with the other rows.
    html = HTML + "<table><thead><tr><th>Issued</th><th>Due</th></tr></thead></table>"
    cut = PAGE_1.index(" 31 Mar 2027")
    first = PAGE_1[:cut] + "   1 / 2"
    second = " Issued   Due   Invoice   Amount\n" + PAGE_1[cut:].replace("   1 / 2", "") + PAGE_2
    found, _ = problems(first, second, html=html)
    assert "a table is split after 1 row at the foot of page 1" in found
    # Three rows before the break are enough.
    cut = PAGE_1.index("                                  Total ")
    first = PAGE_1[:cut] + "   1 / 2"
    second = " Issued   Due   Invoice   Amount\n" + PAGE_1[cut:].replace("   1 / 2", "") + PAGE_2
    assert not any("table is split" in p for p in problems(first, second, html=html)[0])


@pytest.mark.parametrize(
    "text, rtl, expected, canon",
    [
        ("6-month prepay", False, True, "6\u2212monthprepay"),
        ("\u2068$5,700.00\u2069 (1.9%)", False, False, "$5,700.001.9%"),
        # pdftotext writes a lām-alif ligature's glyphs: "الأداء" comes out as "األداء".
        ("الأداء المتوقع", True, True, "األداءالمتوقع"),
        ("إلى جنب", True, True, "إىلجنب"),
        ("كل الخيارات", True, True, "كلالخيارات"),  # not a ligature: two words
    ],
)
def test_canonical_forms_match_what_pdftotext_writes(text, rtl, expected, canon):
    assert checker.canonical(text, rtl, expected) == canon
