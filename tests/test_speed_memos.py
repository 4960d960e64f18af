"""The speed work of issue 15 changes no answer: libcst's ``children`` read from the fields, the ``ast`` walks
without contexts and operators, the session walks remembered per node (the names statements bind or read, the
attribute stores of a module), and a ``;`` only in a string."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from tfmigrate import cstfields, facts
from tfmigrate.transforms._checkpoint import _tf_path, tf_path
from tfmigrate.transforms.session import class_sugar, functions, joined_lines, settled_attributes
from tfmigrate.transforms.session.analysis import loaded_names
from tfmigrate.transforms.session.functions import local_names, references

SOURCE = """\
import tensorflow as tf

def train(x, steps=3):
    w = tf.Variable(1.0, name="w")
    for step in range(steps):
        y = tf.nn.relu(w * x + -1)
    return f(w, y=not x)[0] if x > 1 and x < 2 else y
"""


def test_children_is_libcsts_own_answer() -> None:
    module = cst.parse_module(SOURCE)
    todo: list[cst.CSTNode] = [module]
    while todo:
        node = todo.pop()
        mine, libcsts = node.children, cstfields._LIBCST_CHILDREN(node)
        assert len(mine) == len(libcsts) and all(a is b for a, b in zip(mine, libcsts))
        todo.extend(libcsts)


def test_the_walk_is_ast_walk_without_contexts_and_operators() -> None:
    tree = ast.parse(SOURCE)
    skipped = (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)
    expected = [node for node in ast.walk(tree) if not isinstance(node, skipped)]
    assert list(facts.walk(tree)) == expected
    assert len(expected) < len(list(ast.walk(tree)))  # the source has contexts and operators to leave out


def test_local_names_are_read_once_per_function_and_cannot_be_changed() -> None:
    function = cst.parse_module(SOURCE).body[1]
    assert isinstance(function, cst.FunctionDef)
    first = local_names(function)
    assert list(first) == ["x", "steps", "w", "step", "y"]
    assert local_names(function) is first
    with pytest.raises(TypeError):
        first["z"] = function  # type: ignore[index]  # a shared answer: read-only
    cstfields.forget()
    assert local_names(function) is not first
    assert dict(local_names(function)) == dict(first)


def test_references_leave_out_attribute_and_keyword_names_each_time() -> None:
    module = cst.parse_module("import tensorflow as tf\ny = 1\nz = f(y=y) + tf.y + y\n")
    found = references(module, "y")
    assert [module.code_for_node(n) for n in found] == ["y", "y", "y"]  # the binding, the keyword's value, the read
    assert references(module, "y") == found


@pytest.mark.parametrize(
    ("source", "split"),
    [
        ('import tensorflow as tf\nx = tf.constant("a; b")  # c; d\n', False),
        ("import tensorflow as tf\na = tf.zeros((2, 2)); b = tf.ones((2, 2))\n", True),
        ("import tensorflow as tf\nif a: b = 1; c = 2\n", False),  # a one-line suite is left as written
    ],
)
def test_only_a_joined_line_is_split(source: str, split: bool) -> None:
    module = cst.parse_module(source)
    done = joined_lines.split(module, lambda node: None, lambda node: 1)
    assert (done is not None) is split
    if done is not None:
        assert done[0].code.count("\n") == source.count("\n") + 1


def test_a_walk_that_reuses_a_walked_statement_is_the_fresh_walk() -> None:
    module = cst.parse_module(SOURCE)
    fresh: list[cst.CSTNode] = []
    todo: list[cst.CSTNode] = [module]
    while todo:
        node = todo.pop()
        fresh.append(node)
        todo.extend(reversed(cstfields._LIBCST_CHILDREN(node)))
    cstfields.forget()
    cstfields.preorder(module.body[1])  # the function's walk first, as TFM201 walks statement by statement
    walked = cstfields.preorder(module)
    cstfields.forget()
    assert len(walked) == len(fresh) and all(a is b for a, b in zip(walked, fresh))


@pytest.mark.parametrize(
    ("names", "path"),
    [
        ({"tensorflow.train.Saver"}, "train.Saver"),
        ({"tensorflow.compat.v1.train.Saver", "other.Saver"}, "train.Saver"),
        ({"tensorflow.python.ops.rnn_cell.GRUCell"}, "nn.rnn_cell.GRUCell"),
        ({"keras.layers.Dense"}, "keras.layers.Dense"),
        ({"numpy.zeros"}, None),
        (set(), None),
    ],
)
def test_tf_path_remembered_per_set_of_names_is_the_same_answer(names: set[str], path: str | None) -> None:
    for _ in range(2):  # asked again: the remembered answer
        assert tf_path(names) == tf_path(frozenset(names)) == _tf_path.__wrapped__(frozenset(names)) == path


BINDINGS = """\
import numpy as np
from os import path as p

class Model:
    def __init__(self, n):
        self.n = n
        self.w, self.b = 1, 2
        self.d[0] = 3

def build(a):
    return a

for i, (j, k) in enumerate(pairs):
    with open(p) as handle:
        total = (m := 2) + i
model = Model(3)
model.n += np.sum([q for q in range(3)])
"""


def _bound_as_one_body(statements: list) -> set[str]:
    """The answer before the memo: the statements read together as one function body."""
    body = cst.IndentedBlock(statements or [cst.SimpleStatementLine([cst.Pass()])])
    return set(functions._local_names(cst.FunctionDef(name=cst.Name("_"), params=cst.Parameters(), body=body)))


def test_bound_names_per_statement_are_the_body_read_as_one() -> None:
    statements = list(cst.parse_module(BINDINGS).body)
    for start in range(len(statements)):
        for end in range(start, len(statements) + 1):
            assert functions.bound_names(statements[start:end]) == _bound_as_one_body(statements[start:end])
    first = functions.bound_names(statements)
    first.add("changed")  # a caller's set of its own: the remembered answer stays
    assert "changed" not in functions.bound_names(statements)


def test_read_names_per_statement_are_the_statements_read_together() -> None:
    statements = list(cst.parse_module(BINDINGS).body)
    together = {n.value for s in statements for n in loaded_names(s)}
    assert class_sugar.read_names(statements) == together
    class_sugar.read_names(statements).add("changed")
    assert class_sugar.read_names(statements) == together
    assert class_sugar.read_names(statements[:1]) == {"np", "numpy"}


def test_stores_and_changes_counted_once_are_a_fresh_count_each_time() -> None:
    module = cst.parse_module(BINDINGS)
    definition = module.body[2]
    assert isinstance(definition, cst.ClassDef)
    for holder in (definition, None):
        fresh = settled_attributes._stores_and_changes(module, holder)
        stores, changed = settled_attributes.stores_and_changes(module, holder)
        assert (stores, changed) == fresh
        stores["n"] = 99  # the caller's own copies: the remembered count stays
        changed.add("changed")
        assert settled_attributes.stores_and_changes(module, holder) == fresh
    assert settled_attributes.stores_and_changes(module, definition)[0] == {"n": 2, "w": 1, "b": 1}
