"""Command-line values a program's graph reads as Python floats: ``FLAGS.learning_rate`` after
``flags.DEFINE_float("learning_rate", 0.01, ...)`` (``tf.app.flags`` / ``tf.flags`` / absl), and ``args.lr`` or
``FLAGS.learning_rate`` after ``parser.add_argument("--lr", type=float, default=0.01)`` and ``args =
parser.parse_args()`` / ``FLAGS, unparsed = parser.parse_known_args()`` (the TF tutorials' ``__main__`` block).

A flag's value decides the dtype TensorFlow makes of it (a Python float becomes float32, an int int32, a numpy
float64 float64), so a rewrite that computes with it must know it. absl parses a ``DEFINE_float`` flag, default
included, to a Python float; argparse converts a value given on the command line with ``type=float`` and leaves the
default as written, so a float literal default is a float too. Only where the module shows all of it: the owner
bound only so (or to ``None`` first), one definition of the name, none of its values assigned in the program, no
``set_defaults``, no ``nargs`` / ``action`` / ``const`` that would make it something else.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import descendants, leaf_name

_FLAGS = "FLAGS"
FLOAT = frozenset({"float"})
_DEFINES = ("DEFINE_float", "DEFINE_integer", "DEFINE_string", "DEFINE_boolean", "DEFINE_bool", "DEFINE_enum")
_OTHER_MEANINGS = frozenset({"nargs", "action", "const"})


def python_float(module: cst.Module, node: cst.CSTNode) -> bool:
    """``node`` (``FLAGS.learning_rate`` / ``args.lr``) is always a Python float when the program reads it."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
        return False
    owner, name = node.value.value, node.attr.value
    if _assigned(module, owner, name):
        return False
    holder = _holder(module, owner)
    if holder == _FLAGS:
        return _defined_float(module, name)
    return holder is not None and _float_argument(module, holder, name)


def _assigned(module: cst.Module, owner: str, name: str) -> bool:
    """``FLAGS.learning_rate = ...`` (or ``+=``, ``setattr``) somewhere in the module."""
    for node in descendants(module):
        targets = []
        if isinstance(node, cst.AssignTarget):
            targets = list(descendants(node.target))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign)):
            targets = list(descendants(node.target))
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "setattr":
            return True
        for target in targets:
            if (
                isinstance(target, cst.Attribute)
                and isinstance(target.value, cst.Name)
                and target.value.value == owner
                and target.attr.value == name
            ):
                return True
    return False


def _holder(module: cst.Module, owner: str) -> str | None:
    """What every binding of ``owner`` makes it: absl's flag values (``_FLAGS``), or the result of one parser's
    ``parse_args`` / ``parse_known_args`` (that parser's name); None for anything else."""
    kinds = set()
    for node in descendants(module):
        if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.WithItem, cst.NamedExpr)):
            target = (
                node.asname.name if isinstance(node, cst.WithItem) and node.asname else getattr(node, "target", None)
            )
            if target is not None and any(isinstance(n, cst.Name) and n.value == owner for n in descendants(target)):
                return None
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == owner:
            return None
        if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
            if any((a.evaluated_alias or a.evaluated_name) == owner for a in node.names):
                return None
        if not isinstance(node, cst.Assign):
            continue
        for target in node.targets:
            kind = _bound_by(target.target, node.value, owner)
            if kind == "":
                return None
            if kind is not None:
                kinds.add(kind)
    kinds.discard("None")
    return kinds.pop() if len(kinds) == 1 else None


def _bound_by(target: cst.BaseExpression, value: cst.BaseExpression, owner: str) -> str | None:
    """What ``target = value`` binds ``owner`` to ("" for anything not modelled); None where it does not bind it."""
    if isinstance(target, cst.Name):
        if target.value != owner:
            return None
        if isinstance(value, cst.Name) and value.value == "None":
            return "None"
        if isinstance(value, cst.Attribute) and value.attr.value == _FLAGS:
            return _FLAGS
        return _parser(value, "parse_args") or ""
    if isinstance(target, (cst.Tuple, cst.List)):
        names = [e.value for e in target.elements]
        if not any(isinstance(n, cst.Name) and n.value == owner for n in descendants(target)):
            return None
        first = names[0] if names else None
        if len(names) == 2 and isinstance(first, cst.Name) and first.value == owner:
            return _parser(value, "parse_known_args") or ""
        return ""
    return None


def _parser(value: cst.BaseExpression, method: str) -> str | None:
    """``parser`` of ``parser.<method>(...)``."""
    if (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value == method
        and isinstance(value.func.value, cst.Name)
    ):
        return value.func.value.value
    return None


def _string(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _defined_float(module: cst.Module, name: str) -> bool:
    """One ``DEFINE_*`` of ``name`` in the module, and that a ``DEFINE_float``."""
    kinds = []
    for call in descendants(module):
        if not isinstance(call, cst.Call):
            continue
        func = call.func
        called = leaf_name(func)
        if called not in _DEFINES:
            continue
        first = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "name"), None)
        if first is None or _string(first) is None:
            return False  # a name computed: it may be this one
        if _string(first) == name:
            kinds.append(called)
    return kinds == ["DEFINE_float"]


def _float_argument(module: cst.Module, parser: str, name: str) -> bool:
    """One ``parser.add_argument`` whose value lands in ``name``, with ``type=float`` and a float literal default
    (or ``required=True``), and no ``set_defaults`` on the parser."""
    found = []
    for call in descendants(module):
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == parser
        ):
            continue
        if call.func.attr.value == "set_defaults":
            return False
        if call.func.attr.value != "add_argument":
            continue
        dest = _dest(call)
        if dest is None:
            return False
        if dest == name:
            found.append(call)
    if len(found) != 1:
        return False
    keywords = {a.keyword.value: a.value for a in found[0].args if a.keyword is not None}
    if _OTHER_MEANINGS & set(keywords) or any(a.star for a in found[0].args):
        return False
    kind = keywords.get("type")
    if kind is None or not host_builtins.builtin_of(module, kind, FLOAT):
        return False
    default = keywords.get("default")
    if isinstance(default, cst.UnaryOperation) and isinstance(default.operator, cst.Minus):
        default = default.expression
    required = keywords.get("required")
    return isinstance(default, cst.Float) or (
        default is None and isinstance(required, cst.Name) and required.value == "True"
    )


def _dest(call: cst.Call) -> str | None:
    """Where argparse stores the argument: ``dest=``, else the first long option (``--learning-rate`` ->
    ``learning_rate``), else the first short one, else the positional name; None when it is not written out."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "dest":
            return _string(arg.value)
    options = [_string(a.value) for a in call.args if a.keyword is None]
    if not options or any(o is None for o in options):
        return None
    strings = [o for o in options if o is not None]
    long = [o for o in strings if o.startswith("--")]
    chosen = long[0][2:] if long else strings[0].lstrip("-")
    return chosen.replace("-", "_")
