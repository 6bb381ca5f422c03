"""The inputs layer: reads what people give (a box, a flag, a CSV cell, a YAML key, a link, the
data files) and turns it into the core's objects, or refuses it naming the field. The layers:
``docs/architecture.md``."""
