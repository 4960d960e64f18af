"""``if int(tf.__version__.split('.')[1]) < 12: init = tf.initialize_all_variables() else: init =
tf.global_variables_initializer()``: a choice between TF1 releases' names for one initializer.

Why: the test reads TensorFlow's version string, a host value, and each branch builds the op that initialises every
variable, which the eager program does where each variable is made. The whole ``if`` goes, like a lone initializer
statement; any other statement in a branch, or another test, keeps the usual refusal of graph code in a branch.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import INITIALIZERS
from tfmigrate.transforms.session.analysis import Program, descendants, loaded_names

# TensorFlow paths a version test reads (``tf.__version__``, ``tf.VERSION``, ``tf.version.VERSION``).
VERSION_PATHS = ("__version__", "VERSION", "version.VERSION")
VERSION_ATTRIBUTES = frozenset(path.rsplit(".", 1)[-1] for path in VERSION_PATHS)  # what a version test reads last
HOST_BUILTINS = frozenset({"int", "float", "str", "len", "tuple", "list", "map"})


def version_test(program: Program, test: cst.BaseExpression, tf: str) -> bool:
    """A test made of TensorFlow's version string, literals and builtins only."""
    for node in descendants(test):
        path = program.tf1_path(node) if isinstance(node, cst.Attribute) else ""
        if path and not any(path.startswith(v) or v.startswith(path + ".") for v in VERSION_PATHS):
            return False
    names = {n.value for n in loaded_names(test)}
    return tf in names and names <= {tf} | {b for b in HOST_BUILTINS if b not in program.binds}


def branches(statement: cst.If) -> list[cst.BaseSuite] | None:
    """The bodies of ``if`` / ``elif`` / ``else``, or None for an ``if`` without ``else``."""
    out: list[cst.BaseSuite] = []
    current: cst.If | cst.Else | None = statement
    while isinstance(current, cst.If):
        out.append(current.body)
        current = current.orelse
    if current is None:
        return None
    out.append(current.body)
    return out


def one_binding_each(statement: cst.If) -> list[cst.SimpleStatementLine] | None:
    """Each branch's one ``name = f()`` statement, all binding one name, under a test that names a version: the
    shape analysis.Bindings takes as straight-line bindings (exactly one runs); what they bind is checked here."""
    suites = branches(statement)
    if suites is None or not any(
        isinstance(n, cst.Attribute) and n.attr.value in VERSION_ATTRIBUTES for n in descendants(statement.test)
    ):
        return None
    found: list[cst.SimpleStatementLine] = []
    for suite in suites:
        body = suite.body if isinstance(suite, cst.IndentedBlock) else []
        if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
            return None
        small = body[0].body[0]
        if not (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call)
            and not small.value.args
        ):
            return None
        found.append(body[0])
    return found if len({_target(s) for s in found}) == 1 else None


def initializer_choice(program: Program, statement: cst.If, tf: str) -> list[cst.SimpleStatementLine] | None:
    """The branches' ``init = tf.<initializer>()`` statements when ``statement`` only chooses between them by
    TensorFlow's version; else None."""
    found = one_binding_each(statement)
    if found is None or not version_test(program, statement.test, tf):
        return None
    return found if all(program.tf_path(_value(s).func) in INITIALIZERS for s in found) else None


def _assign(line: cst.SimpleStatementLine) -> cst.Assign:
    small = line.body[0]
    assert isinstance(small, cst.Assign)  # one_binding_each
    return small


def _target(line: cst.SimpleStatementLine) -> str:
    target = _assign(line).targets[0].target
    assert isinstance(target, cst.Name)  # one_binding_each
    return target.value


def _value(line: cst.SimpleStatementLine) -> cst.Call:
    value = _assign(line).value
    assert isinstance(value, cst.Call)  # one_binding_each
    return value
