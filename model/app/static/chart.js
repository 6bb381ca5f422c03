// No mode bar: on a shared screen plotly's toolbar covered the chart's title on hover.
const CONFIG = { displaylogo: false, displayModeBar: false };

export default {
  async render({ model, el }) {
    const Plotly = await shared.promise;
    const size = () => {
      const style = getComputedStyle(el);
      return { width: parseFloat(style.width) || 0, height: parseFloat(style.height) || 0 };
    };
    // Every draw is at the element's own width (and, for a chart that fills its box, height):
    // the figure's height otherwise, so that a resize never squeezes a chart into its row.
    let drawnAt = null; // the size of the last draw, as asked of plotly.js
    const draw = () => {
      const figure = model.get("figure");
      const { width, height } = size();
      const layout = { ...(figure.layout ?? {}), width };
      if (model.get("fill") && height > 0) layout.height = height;
      drawnAt = { width, height };
      return Plotly.react(el, figure.data ?? [], layout, CONFIG);
    };
    // The first draw waits until the chart has a width: a chart in a hidden tab is drawn when
    // the tab is first shown, at its real size.
    let drawing = null;
    const resize = new ResizeObserver(() => {
      const { width, height } = size();
      if (width <= 0) return;
      if (!drawing) {
        drawing = draw();
        return;
      }
      drawing = drawing.then(() => {
        const taller = model.get("fill") && Math.abs(drawnAt.height - height) >= 1;
        if (Math.abs(drawnAt.width - width) >= 1 || taller) return draw();
      });
    });
    // A redraw takes tens of ms: it waits until the page has painted what came with it (the
    // headline figures first) and is idle, so that where many pages share the machine's cores
    // (a team's sellers on one app) every headline shows before any chart is redrawn; changes
    // that arrive meanwhile make one redraw, the latest. An idle page redraws within a frame.
    let pending = false;
    const whenIdle = globalThis.requestIdleCallback
      ? (f) => requestIdleCallback(f, { timeout: 400 })
      : (f) => setTimeout(f, 0);
    const later = () => {
      if (!drawing || pending) return; // not drawn yet: the first draw takes the latest figure
      pending = true;
      requestAnimationFrame(() => whenIdle(() => {
        pending = false;
        drawing = drawing.then(draw);
      }));
    };
    model.on("change:figure", later);
    resize.observe(el);
    return () => {
      resize.disconnect();
      model.off("change:figure", later);
      Plotly.purge(el);
    };
  },
};
