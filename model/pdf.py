"""Printing report pages to PDF with one headless Chromium, reused for many reports.

Starting Chromium costs seconds; a page in a running one costs a fraction of that. The printer
loads a report's HTML offline, waits until every plotly chart has drawn, then prints it with the
report's print CSS (A4, page breaks kept out of tables and charts) and page numbers.
"""

from __future__ import annotations

import html

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
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(d => d._fullLayout && d.querySelector('.main-svg'))"""


class Printer:
    """One Chromium (async Playwright) that prints many pages; close it when done."""

    def __init__(self, playwright, browser):
        self._playwright = playwright
        self._browser = browser

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
        return cls(playwright, browser)

    async def pdf(self, page_html: str, footer: str = "", timeout: float = 30.0) -> bytes:
        """The PDF of one self-contained HTML page, once its charts have drawn."""
        context = await self._browser.new_context(
            offline=True, viewport={"width": PRINT_WIDTH, "height": 1100}
        )
        try:
            page = await context.new_page()
            await page.emulate_media(media="print")
            await page.set_content(page_html, wait_until="load", timeout=timeout * 1000)
            await page.wait_for_function(CHARTS_DRAWN, timeout=timeout * 1000)
            return await page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#888;">'
                    f'{html.escape(footer)} <span class="pageNumber"></span> / '
                    '<span class="totalPages"></span></div>'
                ),
            )
        finally:
            await context.close()

    async def close(self) -> None:
        try:
            await self._browser.close()
        finally:
            await self._playwright.stop()
