"""The core: the exact model of DOMAIN.md (terms, quotes, comparisons, OKR scores, the sweep,
time value, uncertainty, the engagement and its invoices). It reads no file and knows no
framework. The rules: ``docs/model.md``; the layers: ``docs/architecture.md``."""
