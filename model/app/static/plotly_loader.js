// plotly's distribution is a UMD script: given a ``module`` object it exports Plotly there.
// The bundle is compiled after ``initialize`` returns: anywidget gives a widget's initialize
// 2 s, which compiling 1.2 MB of JavaScript can pass on a busy or slow machine; the charts wait
// for the shared promise instead.
export default {
  initialize({ model }) {
    if (shared.loading) return;
    shared.loading = true;
    const code = "const module = { exports: {} };\n" + model.get("bundle")
      + "\nexport default module.exports;";
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    import(url)
      .then((loaded) => shared.resolve(loaded.default))
      .catch((error) => console.error("plotly.js did not load", error))
      .finally(() => URL.revokeObjectURL(url));
  },
  render() {},
};
