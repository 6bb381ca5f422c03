// prepay's link bar (model/app/link_widget.py). On the page Voila serves it tells the kernel
// the page's query string (a preheated kernel ran the notebook before the page was asked for,
// so it cannot know it otherwise), then keeps the address bar on the scenario
// (history.replaceState) and shows the link with a button that copies it.
function render({ model, el }) {
  const live = model.get("live");
  const input = document.createElement("input");
  input.type = "text";
  input.readOnly = true;
  input.className = "share-link-text widget-input";
  const copy = document.createElement("button");
  copy.className = "share-link-copy jupyter-button widget-button";
  const label = () => { copy.textContent = model.get("copy_label"); };
  label();
  const base = () => (live ? location.origin + location.pathname : model.get("base"));
  const link = () => base() + (model.get("query") ? "?" + model.get("query") : "");
  let ready = !live;
  const show = () => {
    input.value = link();
    if (live && ready) history.replaceState(history.state, "", link());
  };
  copy.onclick = async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand("copy");
    }
    copy.textContent = model.get("copied_label");
    setTimeout(label, 1500);
  };
  const title = () => { if (live && model.get("title")) document.title = model.get("title"); };
  title();
  // Back on the page after looking elsewhere (another tab, another window): tell the kernel,
  // which reads again what it lists from the server. Only once the page is set up ("ready").
  let away = false;
  const left = () => { away = true; };
  const shown = () => {
    if (!ready || !away || document.visibilityState !== "visible") return;
    away = false;
    model.send({ event: "shown" });
  };
  const visibility = () => (document.visibilityState === "visible" ? shown() : left());
  window.addEventListener("blur", left);
  window.addEventListener("focus", shown);
  document.addEventListener("visibilitychange", visibility);
  model.on("change:query", show);
  model.on("change:copy_label", label);
  model.on("change:title", title);
  model.on("msg:custom", (msg) => {
    if (msg.event === "ready") { ready = true; show(); }
  });
  input.value = link();
  el.append(input, copy);
  if (live) model.send({ event: "opened", search: location.search });
  return () => {
    model.off("change:query", show);
    model.off("change:copy_label", label);
    model.off("change:title", title);
    window.removeEventListener("blur", left);
    window.removeEventListener("focus", shown);
    document.removeEventListener("visibilitychange", visibility);
  };
}
export default { render };
