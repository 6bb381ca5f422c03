"""Printing report pages to PDF with one headless Chromium, reused for many reports.

Starting Chromium costs seconds; a page in a running one costs a fraction of that. The printer
loads a report's HTML offline, waits until every plotly chart has drawn, then prints it with the
report's print CSS (A4, page breaks kept out of tables and charts) and page numbers.
"""

from __future__ import annotations

import secrets

from markupsafe import Markup

from prepay_modeller.presentation.html import render

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 is 210 mm wide; less 14 mm margins each side, 182 mm is about 688 CSS pixels. Drawing the
# charts at that width makes them fit the printed page exactly.
PRINT_WIDTH = 688
# Every chart is drawn: plotly.js has made its SVG in the chart's div (after laying it out).
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(d => d.querySelector('.main-svg'))"""


# Put a report into the printer's page: its styles and body replace the last report's, and only
# the report's own chart scripts (those carrying the nonce of its Content-Security-Policy) are
# run again, now with the page's nonce. DOMParser runs nothing, so nothing else in it can.
INJECT = """([html, nonce]) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
  const own = ((csp && csp.getAttribute('content')) || '').match(/'nonce-([^']+)'/);
  // The last report's styles go; plotly.js's own stylesheet (it adds one to the head) stays.
  document.head.querySelectorAll('style[data-report]').forEach(s => s.remove());
  doc.head.querySelectorAll('style').forEach(s => {
    const style = document.importNode(s, true);
    style.setAttribute('data-report', '');
    document.head.appendChild(style);
  });
  document.title = doc.title;
  // The report's language and direction (an Arabic report is right to left).
  for (const name of ['lang', 'dir']) {
    const value = doc.documentElement.getAttribute(name);
    if (value) document.documentElement.setAttribute(name, value);
    else document.documentElement.removeAttribute(name);
  }
  document.body.innerHTML = doc.body.innerHTML;
  for (const old of Array.from(document.body.querySelectorAll('script'))) {
    if (!own || old.getAttribute('nonce') !== own[1]) { old.remove(); continue; }
    const script = document.createElement('script');
    script.nonce = nonce;
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}"""
RELOAD_EVERY = 25  # a fresh page now and then, so that nothing piles up in a long batch


class Printer:
    """One Chromium (async Playwright) that prints many reports; close it when done.

    Parsing plotly.js (megabytes) is most of what loading a report costs, so the printer keeps
    one page with plotly.js loaded and swaps each report's content into it: a PDF then costs
    well under a second instead of a cold browser's three.
    """

    def __init__(self, playwright, browser):
        self._playwright = playwright
        self._browser = browser
        self._context = None
        self._page = None
        self._nonce = secrets.token_urlsafe(16)
        self._printed = 0

    @classmethod
    async def start(cls) -> Printer:
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        try:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Exception:
            await playwright.stop()
            raise
        printer = cls(playwright, browser)
        await printer._open()
        return printer

    async def _open(self) -> None:
        from prepay_modeller.presentation.plotlyjs import plotly_basic

        if self._context is not None:
            await self._context.close()
        self._context = await self._browser.new_context(
            offline=True, viewport={"width": PRINT_WIDTH, "height": 1100}
        )
        self._page = await self._context.new_page()
        await self._page.emulate_media(media="print")
        page = render("print_page.html.j2", nonce=self._nonce, plotly_js=Markup(plotly_basic()))
        await self._page.set_content(str(page), wait_until="load")
        self._printed = 0

    async def pdf(self, page_html: str, footer: str = "", timeout: float = 30.0) -> bytes:
        """The PDF of one report page (as ``reports.runner.export_html`` makes it), once its
        charts have drawn."""
        if self._printed >= RELOAD_EVERY:
            await self._open()
        self._printed += 1
        page = self._page
        try:
            await page.evaluate(INJECT, [page_html, self._nonce])
            await page.wait_for_function(CHARTS_DRAWN, timeout=timeout * 1000)
            return await page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=str(render("print_footer.html.j2", footer=footer)),
            )
        except Exception:
            await self._open()  # the next report gets a clean page
            raise

    async def close(self) -> None:
        try:
            await self._browser.close()
        finally:
            await self._playwright.stop()
