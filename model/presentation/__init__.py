"""The presentation layer: renders what the core computed (text tables, JSON, charts, HTML
through Jinja2 templates, the client's language through Babel, the proposal template's engines and
the PDF) and adds no figure of its own. The layers: ``docs/architecture.md``."""
