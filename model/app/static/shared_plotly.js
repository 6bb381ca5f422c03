// One plotly.js per page, shared by every chart (model/app/plotly_widget.py).
const shared = (globalThis.__prepayPlotly ??= (() => {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve, loading: false };
})());
