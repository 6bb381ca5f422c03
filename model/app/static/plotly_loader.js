// plotly's distribution is a UMD script: given a ``module`` object it exports Plotly there.
export default {
  async initialize({ model }) {
    if (shared.loading) return;
    shared.loading = true;
    const code = "const module = { exports: {} };\n" + model.get("bundle")
      + "\nexport default module.exports;";
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    try {
      shared.resolve((await import(url)).default);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  render() {},
};
