"""The reports layer: ``prepay reports`` (one proposal per prospect), a proposal's figures built
from its checked parameters (:mod:`.proposal`), ``prepay verify`` and the client's statement.
The layers: ``docs/architecture.md``; the batch: ``docs/batch-reports.md``."""
