"""The app layer: the no-code Voilà explorer for sales teams and founders, its server and its
client link view. The layers: ``docs/architecture.md``; the app itself: ``docs/app.md``."""
