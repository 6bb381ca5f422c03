// prepay's download button (model/app/download.py): a click asks the kernel for a file; its
// bytes come back as a message buffer and the browser saves them. A slow file (a proposal)
// shows the seconds waited on the button until the file or a failure arrives.
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "download-button jupyter-button widget-button";
  button.textContent = model.get("label");
  button.title = model.get("help");
  let timer = null;
  const idle = () => {
    clearInterval(timer);
    timer = null;
    button.disabled = false;
    button.classList.remove("busy");
    button.textContent = model.get("label");
  };
  button.onclick = () => {
    if (timer) return;
    model.send({ event: "download" });
    if (!model.get("slow")) return;
    const started = Date.now();
    button.disabled = true;
    button.classList.add("busy");
    const tick = () => {
      const seconds = Math.round((Date.now() - started) / 1000);
      button.textContent = model.get("busy_label").replace("{seconds}", seconds);
    };
    tick();
    timer = setInterval(tick, 1000);
  };
  model.on("change:label", () => { if (!timer) button.textContent = model.get("label"); });
  model.on("change:help", () => { button.title = model.get("help"); });
  model.on("msg:custom", (msg, buffers) => {
    if (msg.event === "failed") { idle(); return; }
    if (msg.event !== "file") return;
    idle();
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
  return () => clearInterval(timer);
}
export default { render };
