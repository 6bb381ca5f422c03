// prepay's link bar (model/app/link_widget.py). On the page Voila serves it tells the kernel
// the page's query string (a preheated kernel ran the notebook before the page was asked for,
// so it cannot know it otherwise), then keeps the address bar on the scenario
// (history.replaceState) and shows the link with a button that copies it. Where the app has a
// public address (prepay app --public-url), the link shown starts with it; where the seller's
// kernel can sign, a second row gives the signed client link to send the prospect.
function row(className, labelOf, textOf, model) {
  const input = document.createElement("input");
  input.type = "text";
  input.readOnly = true;
  input.className = className + "-text widget-input";
  const copy = document.createElement("button");
  copy.className = className + "-copy jupyter-button widget-button";
  const label = () => { copy.textContent = model.get(labelOf); };
  label();
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
  const box = document.createElement("div");
  box.className = className + "-row";
  box.append(input, copy);
  return { box, input, label, show: () => { input.value = textOf(); } };
}

function render({ model, el }) {
  const live = model.get("live");
  const here = () => (live ? location.origin + location.pathname : model.get("base"));
  const query = () => (model.get("query") ? "?" + model.get("query") : "");
  const link = () => (model.get("public") || here()) + query();
  const mine = row("share-link", "copy_label", link, model);
  const client = row("client-link", "client_label", () => model.get("client"), model);
  let ready = !live;
  const show = () => {
    mine.show();
    client.show();
    client.box.style.display = model.get("client") ? "" : "none";
    // The address bar stays on this page's own address (replaceState cannot leave its origin).
    if (live && ready) history.replaceState(history.state, "", here() + query());
  };
  const labels = () => { mine.label(); client.label(); };
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
  model.on("change:client", show);
  model.on("change:copy_label", labels);
  model.on("change:client_label", labels);
  model.on("change:title", title);
  model.on("msg:custom", (msg) => {
    if (msg.event === "ready") { ready = true; show(); }
  });
  show();
  el.append(mine.box, client.box);
  if (live) model.send({ event: "opened", search: location.search });
  return () => {
    model.off("change:query", show);
    model.off("change:client", show);
    model.off("change:copy_label", labels);
    model.off("change:client_label", labels);
    model.off("change:title", title);
    window.removeEventListener("blur", left);
    window.removeEventListener("focus", shown);
    document.removeEventListener("visibilitychange", visibility);
  };
}
export default { render };
