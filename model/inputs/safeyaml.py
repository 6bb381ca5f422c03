"""Reading a YAML file someone handed in, without letting it hurt: the scenario files' reader.

PyYAML's ``safe_load`` builds no objects, but it still expands aliases (a "billion laughs" file
of a few hundred bytes names billions of items, which any later ``str()`` or copy blows up),
recurses once per level of nesting (a file of ``[[[[...`` ends in RecursionError), and turns
``2027-02-30`` or a time of ``25:00`` into a crash instead of a value. :func:`read_yaml`:

- reads at most :data:`MAX_FILE_BYTES` (a scenario is well under 1 kB);
- refuses aliases and anchors (``*name``, ``&name``): a scenario never needs them;
- refuses nesting deeper than :data:`MAX_DEPTH` (a scenario's deepest is a list in a field);
- reads every scalar as text (data, not YAML 1.1 numbers: ``030`` is not octal 24, ``0x10`` not
  16, ``1:20`` not 80, ``yes`` not true, ``2027-01-01`` not a date), for the one reader
  (:mod:`inputs.numbers`) to read as the field declares; only an empty value, ``~`` and
  ``null`` are "no value";
- refuses explicit tags (``!!int 030``) and a key given twice, naming the key and its lines;
- reports any of these as :class:`Refused`, naming the top-level field it happened in.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_FILE_BYTES = 64_000
MAX_DEPTH = 8
_NULL = "tag:yaml.org,2002:null"


class Refused(Exception):
    """The file is not a YAML file we read: ``detail`` says why, ``field`` where."""

    def __init__(self, detail: str, field: str = ""):
        self.detail, self.field = detail, field
        super().__init__(detail)


class _Loader(yaml.SafeLoader):
    """The safe loader, composing with a depth count and no aliases, anchors or timestamps."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self.field = ""

    def compose_node(self, parent, index):
        if self._depth == 1 and isinstance(index, yaml.ScalarNode):
            self.field = str(index.value)[:40]  # the value of a top-level field begins
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and not getattr(event, "implicit", (True,))[0]:
            raise Refused(f"a tag ({tag}) is not allowed (allowed: plain values)")
        if isinstance(event, yaml.AliasEvent):
            raise Refused(f"an alias (*{event.anchor}) is not allowed (allowed: plain values)")
        if getattr(event, "anchor", None):
            raise Refused(f"an anchor (&{event.anchor}) is not allowed (allowed: plain values)")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise Refused(f"values nested more than {MAX_DEPTH} deep (allowed: plain values)")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        """A mapping whose keys are each given once (YAML would keep the last silently)."""
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, _value in node.value:
                key = str(key_node.value)[:40]
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise Refused(
                        f"field {key} is given twice, on lines {seen[key]} and {line} "
                        "(allowed: each field once)",
                        key,
                    )
                seen[key] = line
        return super().construct_mapping(node, deep)


# Plain scalars are text, but for "no value": the only implicit type left is null.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path):
    """The YAML document in ``path``, read as the module says; :class:`Refused` otherwise
    (OSError where the file cannot be read)."""
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"the file is too large (allowed: up to {MAX_FILE_BYTES:,} bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the file is not UTF-8 text (allowed: a YAML file)") from None
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses unprintable characters at once
        return loader.get_single_data()
    except Refused as exc:
        raise Refused(exc.detail, exc.field or (loader.field if loader else "")) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise Refused(
            f"not a readable YAML file ({first})", loader.field if loader else ""
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
