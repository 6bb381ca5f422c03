"""A download button for widget apps (Voilà, JupyterLab): the file is made in Python on click.

The browser sends a click to the kernel; the kernel builds the file and sends its bytes back as
a message buffer; the browser saves them as a file. Nothing is built until someone asks, so the
app's update handler never pays for an Excel workbook nobody downloads.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "download-button jupyter-button widget-button";
  button.textContent = model.get("label");
  button.title = model.get("help");
  button.onclick = () => model.send({ event: "download" });
  model.on("change:label", () => { button.textContent = model.get("label"); });
  model.on("msg:custom", (msg, buffers) => {
    if (msg.event !== "file") return;
    const blob = new Blob(buffers, { type: msg.mime });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = msg.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
  el.appendChild(button);
}
export default { render };
"""


class DownloadButton(anywidget.AnyWidget):
    """A button that saves ``make()``'s ``(file name, mime type, bytes)`` in the browser.

    ``on_error(exc)`` is called instead when ``make`` raises (the app shows the message).
    """

    _esm = _ESM
    label = traitlets.Unicode("Download").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)  # the hover text ("tooltip" is taken by DOMWidget)

    def __init__(
        self,
        label: str,
        make: Callable[[], tuple[str, str, bytes]],
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
            filename, mime, data = self._make()
        except Exception as exc:  # shown in the app, never a traceback in the page
            if self._on_error is None:
                raise
            self._on_error(exc)
            return
        self.send({"event": "file", "filename": filename, "mime": mime}, [data])

    def click(self) -> tuple[str, str, bytes]:
        """What a click downloads (for tests and scripts): ``(file name, mime type, bytes)``."""
        return self._make()
