"""YAML reading and writing for datasets, with exact decimals.

Numbers in a dataset are measures: they are read as ``Decimal`` straight from the text
(never through a binary float), dates stay strings for the schema to check, and a key
written twice in one mapping is an error instead of PyYAML's silent last-one-wins.
"""

from decimal import Decimal

import yaml
from django.utils.translation import gettext as _

from kinerja.core.numbers import decimal_str


class DatasetSyntaxError(ValueError):
    """The file is not valid YAML; the message names line and column."""


# libyaml's parser (PyYAML's C extension, in every PyPI wheel) reads the demo's dataset
# seven times faster than the pure-Python one; the constructors below stay Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    pass


# Keep dates as strings: the schema checks their form and the loader parses them.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    if text.lower() in {".nan", ".inf", "-.inf", "+.inf"}:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            _("%(text)s bukan angka terhingga") % {"text": repr(text)},
            node.start_mark,
        )
    return Decimal(text)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                _("kunci %(key)s muncul dua kali") % {"key": repr(key)},
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse(text: str) -> object:
    try:
        # The depth first, from the event stream (iterative): building the objects
        # recurses, and libyaml's composer would not stop at Python's recursion limit.
        too_deep = _too_deep(text)
        if too_deep:
            raise DatasetSyntaxError(too_deep)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = _place(mark) if mark else _("tempat tidak diketahui")
        raise DatasetSyntaxError(f"{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise DatasetSyntaxError(str(exc)) from None
    except RecursionError:
        raise DatasetSyntaxError(_nested()) from None


MAX_DEPTH = 100  # a dataset nests a handful of levels; far deeper is not a dataset


def _too_deep(text: str) -> str:
    """Where ``text`` first nests deeper than MAX_DEPTH ("" if nowhere), found with
    PyYAML's event stream (iterative, unlike the constructor); a syntax error raises
    PyYAML's own located error."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return f"{_place(event.start_mark)}: {_nested()}"
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml's scanner, reading ahead, stops at its own limit (1,000 levels)
        if "nesting depth" in str(exc.problem):
            return f"{_place(exc.problem_mark)}: {_nested()}"
        raise
    return ""


def _place(mark) -> str:
    return _("baris %(line)s, kolom %(column)s") % {
        "line": mark.line + 1,
        "column": mark.column + 1,
    }


def _nested() -> str:
    return _("daftar atau pemetaan bersarang lebih dari %(depth)s tingkat") % {"depth": MAX_DEPTH}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = decimal_str(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def render(data: dict) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
