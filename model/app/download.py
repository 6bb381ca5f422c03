"""A download button for widget apps (Voilà, JupyterLab): the file is made in Python on click.

The browser sends a click to the kernel; the kernel builds the file and sends its bytes back as
a message buffer; the browser saves them as a file. Nothing is built until someone asks, so the
app's update handler never pays for an Excel workbook nobody downloads.

A *slow* button (a proposal: seconds of rendering) answers later: ``make`` returns ``None`` and
whoever makes the file calls :meth:`DownloadButton.deliver` (or :meth:`fail`) when it is ready;
meanwhile the button shows the seconds waited (``static/download.js``).
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

from prepay_modeller.inputs import paths

_ESM = paths.PACKAGE_DIR / "app" / "static" / "download.js"

File = tuple[str, str, bytes]


class DownloadButton(anywidget.AnyWidget):
    """A button that saves ``make()``'s ``(file name, mime type, bytes)`` in the browser.

    ``on_error(exc)`` is called instead when ``make`` raises (the app shows the message). With
    ``slow=True``, ``make`` may return ``None`` and the file follows through :meth:`deliver`.
    """

    _esm = _ESM
    label = traitlets.Unicode("Download").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)  # the hover text ("tooltip" is taken by DOMWidget)
    slow = traitlets.Bool(False).tag(sync=True)
    busy_label = traitlets.Unicode("Rendering… {seconds} s").tag(sync=True)  # {seconds} waited

    def __init__(
        self,
        label: str,
        make: Callable[[], File | None],
        on_error: Callable[[Exception], None] | None = None,
        help: str = "",
        **kwargs,
    ):
        super().__init__(label=label, help=help, **kwargs)
        self._make = make
        self._on_error = on_error
        self.on_msg(self._handle)

    def _handle(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("event") != "download":
            return
        try:
            made = self._make()
        except Exception as exc:  # shown in the app, never a traceback in the page
            self.fail()
            if self._on_error is None:
                raise
            self._on_error(exc)
            return
        if made is not None:
            self.deliver(*made)

    def deliver(self, filename: str, mime: str, data: bytes) -> None:
        """Send the file to the browser, which saves it."""
        self.send({"event": "file", "filename": filename, "mime": mime}, [data])

    def fail(self) -> None:
        """No file is coming: the button is ready again (the app says why)."""
        self.send({"event": "failed"})

    def click(self) -> File | None:
        """What a click downloads (for tests and scripts): ``(file name, mime type, bytes)``."""
        return self._make()
