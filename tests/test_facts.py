"""tfmigrate.facts: the names a file refers to, read from ``ast``; never fewer than libcst resolves."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from tfmigrate.facts import read
from tfmigrate.model import build
from tfmigrate.transforms._keras3 import named

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"tensorflow", "keras", "tf_keras"}
# pytest-xdist (tests/conftest.py): the tests of one source go to the same worker, whose _libcst_names has it.
SCHEDULING_SHARDS = 4


def facts_of(source: str):
    return read(ast.parse(source))


def test_aliases_chains_and_their_prefixes():
    facts = facts_of("import tensorflow as tf\nsaver = tf.train.Saver()\n")
    assert {"tensorflow", "tensorflow.train", "tensorflow.train.Saver"} <= facts.refs


def test_from_imports_bind_their_full_name():
    facts = facts_of("from keras.layers import Dense as D\nfrom tensorflow.compat import v1\nD(3)\nv1.Session\n")
    assert {"keras.layers.Dense", "tensorflow.compat.v1", "tensorflow.compat.v1.Session"} <= facts.refs
    assert {"keras.layers.Dense", "tensorflow.compat.v1"} <= facts.imported
    assert {"keras.layers", "tensorflow.compat"} <= facts.modules


def test_every_binding_of_a_name_counts():
    facts = facts_of(
        "try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf\ntf.placeholder\n"
    )
    assert {"tensorflow.compat.v1.placeholder", "tensorflow.placeholder"} <= facts.refs


def test_imports_inside_functions_and_star_and_relative_imports():
    facts = facts_of(
        "def f():\n    import tensorflow as tf\n    return tf.Session\n"
        "from tensorflow.python.ops.array_ops import *\n"
        "from .ops import array_ops\narray_ops.zeros\n"
    )
    assert "tensorflow.Session" in facts.refs
    assert "tensorflow.python.ops.array_ops" in facts.refs
    assert ".ops.array_ops.zeros" in facts.refs
    assert not any(ref.startswith("ops") for ref in facts.refs)


def test_attributes_keywords_and_strings_but_not_docstrings():
    facts = facts_of('"""keras doc"""\ndef f():\n    "also doc"\n    m.fit_generator(g, nb_epoch=3, path="w.h5")\n')
    assert {"fit_generator"} <= facts.attrs
    assert {"nb_epoch", "path"} <= facts.keywords
    assert facts.strings == ("w.h5",)
    assert {"m", "g"} <= facts.names


def test_strings_given_to_compile_as_its_optimizer():
    facts = facts_of(
        'NAMES = {"adadelta": 1}\nm.compile("adagrad", "mse")\nm.compile(loss="mse", optimizer="nadam")\n'
        'm.fit("adamax")\n'
    )
    assert facts.compiled == ("adagrad", "nadam")


def test_names_bound_by_assignment_count_as_spelled():
    """libcst names ``keras.layers.Dense`` after ``keras = tf.keras`` by its spelling; rules compare it."""
    facts = facts_of(
        "import tensorflow as tf\nkeras = tf.keras\ntensorflow = tf\nkeras.layers.Dense\ntensorflow.Session\n"
    )
    assert {"keras.layers.Dense", "tensorflow.Session", "tensorflow.keras"} <= facts.refs


def test_under():
    facts = facts_of("import tensorflow as tf\ntf.train.Saver\ntf.training\n")
    assert sorted(facts.under("tensorflow.train")) == ["tensorflow.train.Saver"]


@functools.cache
def _libcst_names(source: str) -> frozenset[str]:
    """What libcst's QualifiedNameProvider gives every name and attribute chain, where rules look: the reference
    three tests per source compare with, resolved once per text in a process (most of this module's time)."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    names = set()
    for node, found in wrapper.resolve(QualifiedNameProvider).items():
        if isinstance(node, (cst.Name, cst.Attribute)):
            found = found() if callable(found) else found  # libcst stores a LazyValue
            names |= {q.name for q in found if q.name.split(".")[0] in PACKAGES}
    return frozenset(names)


def _parses(path: Path) -> bool:
    try:
        ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return False
    return True


# The engine rejects what ast cannot parse before any gate, so the property is about the rest.
SOURCES = [
    p
    for p in sorted((ROOT / "tests" / "fixtures").glob("*/*.before.py")) + sorted((ROOT / "examples").glob("*.py"))
    if _parses(p)
]


def test_the_property_has_inputs():
    assert len(SOURCES) > 100


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_never_fewer_names_than_libcst(path: Path) -> None:
    """The gates rely on it: every TensorFlow / Keras name libcst resolves is among the facts' refs."""
    source = path.read_text(encoding="utf-8")
    assert _libcst_names(source) <= read(ast.parse(source)).refs


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_scoped_names_never_fewer_than_libcst(path: Path) -> None:
    """The engine's facts resolve each chain in its scope through the model: still every name libcst gives."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert _libcst_names(source) <= read(tree).scoped(build(source, tree)).refs


SCOPED = (
    "import tensorflow as tf\n"
    "from tensorflow.python.keras import models\n"
    "class C:\n"
    "    tf = None\n"
    "    def m(self):\n"
    "        return tf.Session\n"
    "def f(models):\n"
    "    return models.share_weights\n"
    "def g():\n"
    "    from tensorflow.keras import models\n"
    "    return models.clone_model\n"
    "def h():\n"
    "    global tf\n"
    "    return tf.placeholder\n"
)


def test_scoped_names_follow_the_scope_that_binds_the_root():
    """A parameter shadows the import (no ``...models.share_weights``); a class body is not seen from its methods;
    a function-local import counts where it is seen; a ``global`` name counts through every import."""
    tree = ast.parse(SCOPED)
    refs = read(tree).scoped(build(SCOPED, tree)).refs
    assert {"tensorflow.Session", "tensorflow.keras.models.clone_model", "tensorflow.placeholder"} <= refs
    assert not {"tensorflow.python.keras.models.share_weights", "tensorflow.keras.models.share_weights"} & refs
    assert "tensorflow.python.keras.models.clone_model" not in refs
    assert "tensorflow.keras.models.share_weights" in read(tree).refs  # without the model: every import


@pytest.mark.parametrize("path", SOURCES[::7], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_keras_rules_named_subset_keeps_every_dotted_name(path: Path) -> None:
    """The Keras rules look only at ``_keras3.named(facts)``: it must still hold every dotted name libcst gives."""
    source = path.read_text(encoding="utf-8")
    dotted = {n for n in _libcst_names(source) if "." in n}
    assert dotted <= set(named(read(ast.parse(source))))
