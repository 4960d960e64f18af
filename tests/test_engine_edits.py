"""Rules made as range edits on the ast model give exactly what their libcst rules give, and skip libcst."""

from __future__ import annotations

import ast
from pathlib import Path

import fixture_migrations
import libcst as cst
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_properties import SETTINGS, TF_IMPORTS, TF_STATEMENTS, compiles, programs

from tfmigrate import engine
from tfmigrate.edits import Edit, Overlap, apply
from tfmigrate.ftypes import Options, SourceError
from tfmigrate.model import build
from tfmigrate.transforms import _imports_edits

ROOT = Path(__file__).resolve().parents[1]
PRIVATE_RULES = ("TFM001", "TFM003", "TFM203")
EDIT_RULES = (*PRIVATE_RULES, "TFM101", "TFM301", "TFM306")
CASES = [
    pytest.param(path, code, id=f"{path.parent.name}/{path.stem}-{code or 'all'}")
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.before.py"))
    if path.parent.name in (*EDIT_RULES, "ALL")
    for code in (None, *EDIT_RULES)
] + [
    pytest.param(path, None, id=f"{path.parent.name}/{path.stem}-all")
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.before.py"))
    if path.parent.name not in (*EDIT_RULES, "ALL")
]
KERAS_DIRS = ("TFM301", "TFM302", "TFM303", "TFM304", "TFM305", "TFM306", "TFM307", "TFM309", "ALL")
TF_KERAS_CASES = [
    pytest.param(path, id=f"{path.parent.name}/{path.stem}-tf-keras")
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.before.py"))
    if path.parent.name in KERAS_DIRS
]


def outcome(text: str, options: Options, edits: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(engine, "EDITS", edits)
    try:
        result = engine.migrate_text(text, options, "case.py")
    except SourceError as err:
        return ("failed", str(err))
    return (result.text, result.changes, result.followups)


# The fixtures' migrations go through tests/fixture_migrations.py: the edits-on run is the one
# tests/test_fixtures.py and tests/test_semantic_gates.py make too, made once per run.
@pytest.mark.parametrize(("path", "code"), CASES)
def test_edits_give_the_libcst_rules_output(path: Path, code: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    options = Options(select=(code,)) if code else Options()
    assert fixture_migrations.outcome(text, options, path.name, edits=True) == fixture_migrations.outcome(
        text, options, path.name, edits=False
    )


@pytest.mark.parametrize("path", TF_KERAS_CASES)
def test_edits_give_the_libcst_rules_output_for_tf_keras(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    options = Options(keras="tf-keras")
    assert fixture_migrations.outcome(text, options, path.name, edits=True) == fixture_migrations.outcome(
        text, options, path.name, edits=False
    )


@SETTINGS
@given(programs, st.lists(st.sampled_from(TF_IMPORTS), min_size=1, max_size=3), st.data())
def test_edits_give_the_libcst_rules_output_on_generated_programs(program: str, imports: list[str], data) -> None:
    statements = "".join(data.draw(st.lists(st.sampled_from(TF_STATEMENTS), min_size=1, max_size=6)))
    source = "".join(imports) + program + "\n" + statements
    assume(compiles(source))
    with pytest.MonkeyPatch.context() as patch:
        assert outcome(source, Options(), True, patch) == outcome(source, Options(), False, patch)


# Keras 2 module paths, imported and written out, as Keras 2 tutorials and libraries wrote them.
KERAS_IMPORTS = (
    "from keras.layers.core import Dense, Dropout, Activation\n",
    "from keras.utils import np_utils\n",
    "import keras.layers.core as core\n",
    "from tensorflow.keras.layers.core import Dense as D\n",
    "import keras.engine\n",
    "import keras\n",
    "import tensorflow as tf\n",
    "from keras.engine.training import Model\n",
    "from tensorflow import keras as tk\n",
)
KERAS_STATEMENTS = (
    "y = np_utils.to_categorical([1, 2], 3)\n",
    "d = keras.layers.core.Dense(3)\n",
    "m = tf.keras.engine.training.Model\n",
    "c = core.Dense(2)\n",
    "x = tk.layers.Dense(2)\n",
    "z = tf.keras.layers.Dense(4)\n",
    "def f(keras):\n    return keras.layers.core.Dense(1)\n",
)


@SETTINGS
@given(
    programs,
    st.lists(st.sampled_from(KERAS_IMPORTS), min_size=1, max_size=4),
    st.lists(st.sampled_from(KERAS_STATEMENTS), min_size=1, max_size=5),
    st.sampled_from(["3", "tf-keras"]),
)
def test_keras_edits_give_the_libcst_rules_output_on_generated_programs(
    program: str, imports: list[str], statements: list[str], keras: str
) -> None:
    source = "".join(imports) + program + "\n" + "".join(statements)
    assume(compiles(source))
    options = Options(keras=keras)
    with pytest.MonkeyPatch.context() as patch:
        assert outcome(source, options, True, patch) == outcome(source, options, False, patch)


TF1_SHAPES = [
    pytest.param(
        'import tensorflow as tf\nx = tf.placeholder(tf.float32,\n                   [None, 3],\n                   name="x")\ny = tf.nn.dropout(x, 0.5)\nz = tf.nn.dropout(x, keep_prob=0.3 + 0.2)\ns = tf.reduce_sum(x, 1, keep_dims=True)\nds = tf.data.Dataset.range(3)\nit = ds.make_one_shot_iterator()\nt = ds.output_types\nloss = tf.nn.softmax_cross_entropy_with_logits(logits=y, labels=tf.one_hot(z, 3))\nloss2 = tf.nn.softmax_cross_entropy_with_logits(logits=y, labels=s)\ndef main(_):\n    tf.enable_eager_execution()\n    print(tf.random_normal([2],\n                           seed=1))\nif __name__ == "__main__":\n    tf.app.run()\n',
        id="aligned-args-keywords-datasets-app-run",
    ),
    pytest.param(
        '"""Doc."""\nfrom __future__ import print_function\n# comment\nimport tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\ndef f(m=tf):\n    return tf.nn.rnn_cell.BasicLSTMCell(3)\ncell = tf.nn.rnn_cell.LSTMCell(4)\ng = f(tf)\nv = tf.Session(\n    config=None)\n',
        id="compat-v1-import-alias-as-value-legacy-keras",
    ),
    pytest.param(
        "from tensorflow.compat import v1 as tf\nimport tensorflow as tf2\nfrom tensorflow import placeholder, float32\nx = placeholder(float32, [None])\ny = tf.placeholder(tf.float32)\nclass A(tf.train.Saver):\n    pass\ntf.enable_eager_execution()\nprint(x)\n",
        id="from-compat-import-v1-and-imported-names",
    ),
    pytest.param(
        'import numpy as np\nfrom tensorflow.train import Saver, AdamOptimizer\nimport tensorflow as tf\nrnn = tf.nn.rnn_cell\ncell = rnn.BasicLSTMCell(3)\nopt = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_mean(\n    tf.square(np.zeros(3))))\nwith tf.Session() as sess:\n    out = sess.run(tf.nn.softmax_cross_entropy_with_logits(labels=np.ones(3), logits=cell))\n    tf.logging.info("x %s",\n                    out)\n',
        id="imported-names-also-attributes",
    ),
    pytest.param("import tensorflow as tf\nx = (tf.placeholder)(tf.float32)\n", id="parenthesized-callee"),
    pytest.param(
        "import tensorflow as tf\nf(a,  # it's a 'comment'\n  tf.placeholder(tf.float32))\n", id="comment-with-quote"
    ),
]


@pytest.mark.parametrize("source", TF1_SHAPES)
def test_tf1_api_edits_give_the_libcst_rules_output(source: str, monkeypatch) -> None:
    assert outcome(source, Options(), True, monkeypatch) == outcome(source, Options(), False, monkeypatch)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import tensorflow as tf\nfrom tensorflow.compat.v1 import *\nx = placeholder(tf.float32)\n"
            "y = tf.placeholder(tf.float32)\n",
            id="compat-v1",
        ),
        pytest.param(
            "from tensorflow.python.ops.gen_linalg_ops import *\nimport tensorflow as tf\n"
            "def svd(t):\n    return tf.svd(t)\n",
            id="private-module",
        ),
    ],
)
def test_a_star_import_from_tensorflow_is_planned_as_the_libcst_rule_makes_it(source: str, monkeypatch) -> None:
    """A star import binds no name in libcst's scopes: the TFM101 plan reads the file as the rule does."""
    from tfmigrate.transforms import _tf1_edits

    made = []
    real = _tf1_edits.plan
    monkeypatch.setattr(_tf1_edits, "plan", lambda rule, model: made.append(real(rule, model)) or made[-1])
    edited = outcome(source, Options(), True, monkeypatch)
    assert made and all(text is not None for text in made)
    assert edited == outcome(source, Options(), False, monkeypatch)
    assert "tf.compat.v1.placeholder(tf.float32)" in edited[0] or "tf.linalg.svd(t)" in edited[0]


LIBRARY_FILE = '''"""A module of TensorFlow's own shape: private imports only."""

from __future__ import absolute_import

from tensorflow.python.framework import ops
from tensorflow.python.framework.tensor import Tensor
# the platform helpers
from tensorflow.python.platform import gfile

import numpy as np


def load(path) -> ops.Tensor:
    with gfile.GFile(path) as f:
        return (ops.convert_to_tensor_v2
                if f else np.zeros([1]))


def check(x):
    return isinstance(x, (Tensor, ops.Tensor))
'''


def test_a_file_only_edit_rules_act_on_is_never_parsed_whole_by_libcst(monkeypatch) -> None:
    planned = []
    plan = _imports_edits.plan
    monkeypatch.setattr(_imports_edits, "plan", lambda rule, model: planned.append(plan(rule, model)) or planned[-1])

    def refuse(text):
        raise AssertionError("libcst parsed the whole file")

    monkeypatch.setattr(engine, "parse", refuse)
    result = engine.migrate_text(LIBRARY_FILE, Options(), "lib.py")
    assert planned and all(p is not None for p in planned)
    assert "import tensorflow as tf\n" in result.text
    assert "def load(path) -> tf.Tensor:" in result.text
    assert "from tensorflow import Tensor\n" in result.text
    assert "tf.io.gfile.GFile(path)" in result.text
    monkeypatch.undo()
    monkeypatch.setattr(engine, "EDITS", False)
    again = engine.migrate_text(LIBRARY_FILE, Options(), "lib.py")
    assert (again.text, again.changes, again.followups) == (result.text, result.changes, result.followups)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from tensorflow.python.framework import ops\nops = 1\nx = ops.Tensor\n", id="rebound"),
        pytest.param(
            "from tensorflow.python.framework import ops\ndef f():\n    global ops\n    return ops.Tensor\n",
            id="global",
        ),
        pytest.param(
            "from tensorflow.python.framework import ops\ntry:\n    pass\nexcept E as ops:\n    pass\nx = ops.Tensor\n",
            id="handler-name",
        ),
        pytest.param(
            "import os\nif os:\n    x = 1\n        # into the block\nfrom tensorflow.python.framework import ops\n"
            "y = ops.Tensor\n",
            id="removed-after-a-block-comment-indented-into-it",
        ),
        pytest.param(
            "try:\n    from tensorflow.python.framework.tensor import Tensor\nexcept ImportError:\n    pass\n", id="try"
        ),
        pytest.param("import os; from tensorflow.python.framework.tensor import Tensor\n", id="same-line"),
        pytest.param("from tensorflow.python.framework import ops\r\nx = ops.Tensor\r\n", id="crlf"),
    ],
)
def test_shapes_the_plan_does_not_model_go_to_libcst(source: str, monkeypatch) -> None:
    planned = []
    plan = _imports_edits.plan
    monkeypatch.setattr(_imports_edits, "plan", lambda rule, model: planned.append(plan(rule, model)) or planned[-1])
    edited = outcome(source, Options(), True, monkeypatch)
    assert planned and planned[0] is None
    assert edited == outcome(source, Options(), False, monkeypatch)


# Shapes of TensorFlow's own library code (lite.py, rnn.py, linear_operator.py, linalg_ops.py) that the
# private-import plan declined on before, sending the whole file to libcst: each is planned now, equal to the
# libcst rule's output.
PRIVATE_SHAPES = [
    pytest.param(
        "import os\nfrom tensorflow.python.framework import ops\ndef f(ops):\n    return ops.Tensor\nx = ops.Tensor\n",
        id="param",
    ),
    pytest.param(
        "import os\nfrom tensorflow.python.framework import ops\nf(ops=1)\nx = ops.Tensor\ny = g().ops\n",
        id="keyword-attribute",
    ),
    pytest.param(
        "import os\nfrom tensorflow.python.ops import cond\n"
        "def f(c, b):\n    return cond.cond(c, b, b)\n"
        "r = while_loop(cond=lambda t: t < 3, body=f)\n",
        id="keyword-named-like-the-module",
    ),
    pytest.param(
        "import tensorflow as tf\n\n\nclass A:\n\n  def f(self, x):\n    if x:\n      y = 1\n\n"
        "    # the inline import avoids a cycle\n"
        "    from tensorflow.python.ops.linalg import linear_operator_composition  # pylint: disable=g-import\n\n"
        "    return linear_operator_composition.LinearOperatorComposition(x)\n\n"
        "  def g(self):\n"
        "    from tensorflow.python.ops.linalg import linear_operator_composition  # pylint: disable=g-import\n"
        "    return linear_operator_composition.LinearOperatorComposition(self)\n\n"
        "  def h(self):\n    # a comment\n\n"
        "    from tensorflow.python.ops.linalg import linear_operator_inversion\n"
        "    return linear_operator_inversion.LinearOperatorInversion(self)\n",
        id="imports-in-functions-one-after-a-block-one-first",
    ),
    pytest.param(
        "from tensorflow.python.framework import ops\n"
        "from tensorflow.python.framework import tensor_conversion\n"
        "x = (\n    ops.Tensor\n)\n"
        "def f(v):\n    return (\n        tensor_conversion.convert_to_tensor_v2_with_dispatch(v)\n    )\n"
        "y = {\n    'a': (  # comment\n        ops.Operation\n    ),\n}\n"
        "z = (\n    (ops.Graph))\n"
        "w = (\n    ops.no_such_name, 1)\n"
        "v = not (\n    ops.no_such_name_either\n)\n"
        "u = (\n    ops\n).Graph\n",
        id="parentheses-opened-on-an-earlier-line",
    ),
    pytest.param(
        "from tensorflow.python.ops.gen_linalg_ops import *\nfrom tensorflow.python.framework import ops\n"
        "x = ops.Tensor\n",
        id="private-star-import",
    ),
]


PARENTHESIZED = (
    "x = (\n    ops.Tensor\n)\ny = (  # c\n    (ops.Graph))\nz = not (\n    f(a)[0]\n)\n"
    "w = (\n    ops\n).Graph\nv = {\n    'k': (\n        g\n    )(1),\n}\nu = (\\\n    h)\n"
    "def f():\n    return (\n        a.b()\n        and c[1]\n    )\n"
)


def test_names_attributes_calls_and_subscripts_start_where_libcst_starts_them() -> None:
    """What expression_line relies on: libcst's position of these expressions excludes their parentheses, as
    ast's does, so a report on one names the same line planned or not."""
    from tfmigrate.cstfields import start_lines

    pairs = {ast.Name: cst.Name, ast.Attribute: cst.Attribute, ast.Call: cst.Call, ast.Subscript: cst.Subscript}
    module = cst.parse_module(PARENTHESIZED)
    starts = start_lines(module)
    # libcst also writes an attribute's name and a definition's name as Names: not expressions of their own
    not_expressions = {n.attr for n in starts if isinstance(n, cst.Attribute)}
    not_expressions |= {n.name for n in starts if isinstance(n, cst.FunctionDef)}
    for ast_type, cst_type in pairs.items():
        ours = sorted(n.lineno for n in ast.walk(ast.parse(PARENTHESIZED)) if type(n) is ast_type)
        theirs = sorted(line for node, line in starts.items() if type(node) is cst_type and node not in not_expressions)
        assert ours == theirs, ast_type.__name__
    assert sorted(n.lineno for n in ast.walk(ast.parse(PARENTHESIZED)) if type(n) is ast.Attribute)[0] == 2


@pytest.mark.parametrize("source", PRIVATE_SHAPES)
def test_private_import_shapes_are_planned_as_the_libcst_rule_makes_them(source: str, monkeypatch) -> None:
    planned = []
    plan = _imports_edits.plan
    monkeypatch.setattr(_imports_edits, "plan", lambda rule, model: planned.append(plan(rule, model)) or planned[-1])
    edited = outcome(source, Options(), True, monkeypatch)
    assert planned and all(p is not None for p in planned)
    assert edited == outcome(source, Options(), False, monkeypatch)
    assert edited[0] != source


def test_model_bindings_scopes_and_aliases() -> None:
    text = (
        "import tensorflow as tf\n"
        "import tensorflow.compat.v1 as v1\n"
        "tf1 = tf.compat.v1\n"
        "def f(x, *, tf=None):\n"
        "    y = tf.zeros\n"
        "    return [tf for tf in x]\n"
        "class C:\n"
        "    tf = 1\n"
        "    def m(self):\n"
        "        return tf.ones\n"
    )
    model = build(text, ast.parse(text))
    module = model.module
    assert [b.kind for b in module.bindings["tf"]] == ["import"]
    assert module.bindings["tf1"][0].value == "tf.compat.v1"
    scopes = {s.kind: s for s in model.scopes}
    in_f = next(c for c in model.chains if c.parts == ("tf", "zeros"))
    assert in_f.scope.kind == "FunctionDef" and model.resolve("tf", in_f.scope)[0].kind == "param"
    in_method = next(c for c in model.chains if c.parts == ("tf", "ones"))
    assert model.resolve("tf", in_method.scope) == module.bindings["tf"]  # a class body is not an enclosing scope
    assert "ListComp" in scopes and "tf" in scopes["ListComp"].bindings
    assert model.import_names(module.bindings["v1"][0].node, "v1.Session") == {"tensorflow.compat.v1.Session"}
    assert model.other_names["tf"]  # the keyword-only parameter
    start, end = model.span(in_f.nodes[-1])
    assert text[start:end] == "tf.zeros"


def test_model_offsets_count_characters_not_bytes() -> None:
    text = "s = 'é'; import tensorflow as tf\nx = 'ü' + tf.zeros\n"
    model = build(text, ast.parse(text))
    chain = next(c for c in model.chains if c.parts == ("tf", "zeros"))
    start, end = model.span(chain.nodes[-1])
    assert text[start:end] == "tf.zeros"


def test_model_import_names_match_libcst() -> None:
    text = "from tensorflow.python.framework import ops, ops_util as u\nimport tensorflow.python.keras\n"
    wrapper = cst.MetadataWrapper(cst.parse_module(text + "x = ops.Tensor\ny = tensorflow.python.keras.layers\n"))
    from libcst.metadata import QualifiedNameProvider

    names = wrapper.resolve(QualifiedNameProvider)
    got = {}
    for node, found in names.items():
        found = found() if callable(found) else found  # libcst hands some values over lazily
        if isinstance(node, cst.Attribute) and found:
            got[cst.helpers.get_full_name_for_node(node)] = {q.name for q in found}
    tree = ast.parse(text)
    model = build(text, tree)
    assert model.import_names(tree.body[0], "ops.Tensor") == got["ops.Tensor"]
    assert model.import_names(tree.body[1], "tensorflow.python.keras.layers") == got["tensorflow.python.keras.layers"]


def test_edits_apply_together_and_refuse_overlaps() -> None:
    assert apply("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "A"), Edit(2, 2, "+")]) == "Ab+cdEf"
    with pytest.raises(Overlap):
        apply("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


GRAPH_UTIL_ALIAS = """import tensorflow as tf
graph_util = tf.graph_util

with tf.Graph().as_default() as graph:
    x = tf.placeholder(tf.float32, [None], name="x")
    w = tf.Variable(2.0, name="w")
    y = tf.identity(x * w, name="y")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["y"])
print(sorted(node.name for node in frozen.node if node.op == "Const"))
"""


@pytest.mark.parametrize("edits", [True, False], ids=["edits", "libcst"])
def test_a_module_alias_is_followed_and_the_output_runs_on_tensorflow_2(edits: bool, tmp_path, monkeypatch) -> None:
    """``graph_util = tf.graph_util``: TF 2's tf.graph_util has no convert_variables_to_constants, so the
    call through the alias must become tf.compat.v1's, as a call spelled ``tf.graph_util....`` does."""
    from interpreters import run_python

    monkeypatch.setattr(engine, "EDITS", edits)
    result = engine.migrate_text(GRAPH_UTIL_ALIAS, Options(), "freeze.py")
    assert "tf.compat.v1.graph_util.convert_variables_to_constants(sess," in result.text
    assert any("convert_variables_to_constants" in c.message for c in result.changes)
    done = run_python(result.text, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['w']"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import tensorflow as tf\nT = tf.train\nT = 1\nx = T.Saver()\n", id="rebound"),
        pytest.param("import tensorflow as tf\nSaver = tf.train.Saver\nx = Saver()\n", id="a-class-not-a-module"),
        pytest.param("import tensorflow as tf\ndef f():\n    g = tf.train\n    return g.Saver()\n", id="local"),
    ],
)
def test_aliases_that_are_not_module_aliases_are_not_followed(source: str) -> None:
    result = engine.migrate_text(source, Options(), "case.py")
    assert result.text.splitlines()[-1] == source.splitlines()[-1]


KERAS_SHAPES = [
    pytest.param(
        "import keras\n\n\ndef build():\n    # the layers\n    from keras.layers.core import Dense, Dropout  # core\n"
        "    from keras.utils import np_utils, plot_model\n    y = np_utils.to_categorical([1], 2)\n"
        "    return keras.layers.core.Dense(3), keras.utils.np_utils.to_categorical\n",
        "3",
        True,
        id="indented-imports-and-written-out-paths",
    ),
    pytest.param(
        "from keras.layers.core import (Dense,  # dense\n    Dropout)\nfrom keras.layers.core import *\n"
        "import keras.utils.np_utils as nu\nimport keras.layers.recurrent\ny = nu.to_categorical([1], 2)\n",
        "3",
        True,
        id="parenthesized-star-and-module-imports",
    ),
    pytest.param(
        "try:\n    from keras.layers.core import Dense\nexcept ImportError:\n    from keras.layers import Dense\n",
        "3",
        True,
        id="import-in-try",
    ),
    pytest.param("import keras\nx = (keras.layers.core.Dense)(3)\n", "3", False, id="parenthesized-path"),
    pytest.param("import os; from keras.layers.core import Dense\n", "3", True, id="import-sharing-its-line"),
    pytest.param("from keras.layers.core import Dense; x = 1\n", "3", True, id="import-before-another-statement"),
    pytest.param("from keras.layers.core import Dense;\n", "3", False, id="import-with-a-semicolon"),
    pytest.param(
        "import keras\ndef f():\n    global keras\n    return keras.layers.core.Dense\n", "3", False, id="global"
    ),
    pytest.param("from keras.layers.core import Dense\r\nx = Dense(3)\r\n", "3", False, id="crlf"),
    pytest.param(
        "import keras, os\nimport keras.backend as K\nfrom  keras.layers import Dense\nfrom keras import *\n"
        "import tensorflow as tf\nfrom tensorflow import keras as tk\nx = tf.keras.layers.Dense(2)\n",
        "tf-keras",
        True,
        id="tf-keras-imports",
    ),
    pytest.param(
        "import tensorflow as tf\n\n\ndef f():\n    return (tf.keras\n            .layers.Dense)\n\n\nimport keras.layers\n",
        "tf-keras",
        True,
        id="tf-keras-environment-note-on-the-first-use",
    ),
    pytest.param("from keras .layers import Dense\n", "tf-keras", False, id="tf-keras-import-spelled-with-a-space"),
]


@pytest.mark.parametrize(("source", "keras", "planned"), KERAS_SHAPES)
def test_keras_edits_give_the_libcst_rules_output(source: str, keras: str, planned: bool, monkeypatch) -> None:
    from tfmigrate.transforms import _keras3_edits

    made = []
    for name in ("plan_module_paths", "plan_tf_keras"):
        real = getattr(_keras3_edits, name)
        monkeypatch.setattr(
            _keras3_edits, name, lambda rule, model, real=real: made.append(real(rule, model)) or made[-1]
        )
    options = Options(keras=keras)
    edited = outcome(source, options, True, monkeypatch)
    assert made and all((text is not None) == planned for text in made)
    assert edited == outcome(source, options, False, monkeypatch)
    assert edited[0] != source or "; " in source  # libcst's rule leaves a line of several statements alone


# TFM102's library-module case (tfmigrate.transforms._graph_mode_edits): planned when the model decides it as the
# libcst rule does (the same follow-up on the same line), declined otherwise; output and reports equal either way.
TFM102_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "TFM102").glob("*.before.py"))
GRAPH_LIBRARY_PLANNED = [
    pytest.param(
        "import tensorflow as tf\n\ndef build(x):\n    return tf.compat.v1.placeholder(tf.float32)\n", id="placeholder"
    ),
    pytest.param(
        "import tensorflow as tf\n\ndef train(sess, op, x):\n    for i in range(3):\n        sess.run(\n"
        "            op, feed_dict={x: i})\n",
        id="feed-dict-call-on-its-line",
    ),
    pytest.param(
        "import tensorflow as tf\nfrom tensorflow.python.framework import ops\n\nclass Model:\n"
        "    def fit(self, loss):\n        opt = tf.train.AdamOptimizer(0.1)\n        return opt.minimize(loss)\n",
        id="minimize-in-a-method-private-import",
    ),
    pytest.param(
        "import tensorflow as tf\nf = lambda: tf.compat.v1.Session()\n", id="lambda-at-module-level-this-module"
    ),
    pytest.param(
        "import tensorflow as tf\n\n@tf.function\ndef g(x, y):\n    return tf.gradients(y, x)\n\n"
        "def h(x, y):\n    return tf.gradients(y, x)\n",
        id="gradients-traced-then-not",
    ),
    pytest.param(
        "import tensorflow as tf\n\ndef run(sess, a, b):\n    return sess.run([a, b], feed_dict={})\n",
        id="several-fetches-no-update",
    ),
    pytest.param(
        'import tensorflow as tf\n\ndef build():\n    """Call tf.compat.v1.disable_eager_execution() first."""\n'
        "    return tf.compat.v1.Session()  # run it under __main__\n",
        id="switch-and-guard-in-prose",
    ),
    pytest.param(
        "import tensorflow as tf\nfrom tensorflow import load_library\n\ndef load(d):\n"
        "    tf.load_library(d)\n    return tf.compat.v1.Session()\n",
        id="imported-name-also-an-attribute",
    ),
    pytest.param(
        "import tensorflow as tf\n\ndef build(x):\n    from tensorflow.python.util import deprecation\n"
        "    return deprecation, tf.compat.v1.placeholder(tf.float32)\n",
        id="private-import-inside-a-function",
    ),
    pytest.param(
        "import tensorflow as tf\nfrom tensorflow.python.ops.gen_math_ops import *\n\ndef build(x):\n"
        "    return tf.compat.v1.placeholder(tf.float32)\n",
        id="star-import-of-a-private-module",
    ),
]
# Modules the plan leaves as they are, reporting nothing, as the libcst rule leaves them: no graph site (whatever
# else the module holds), or a switch to graph mode of its own.
GRAPH_LIBRARY_UNCHANGED = [
    pytest.param(
        "import sys\nimport tensorflow as tf\nfrom tensorflow.compat.v1 import Session\n\ntf.load_library('k.so')\n"
        "if __name__ == '__main__':\n    sys.exit(0)\n",
        id="session-imported-never-used-guard-and-module-call",
    ),
    pytest.param(
        "import tensorflow as tf\ng = tf.Graph()\n\ndef run():\n    tf.compat.v1.disable_eager_execution()\n"
        "    return tf.compat.v1.Session()\n",
        id="switches-itself",
    ),
    # graph reads of a Session-less TF1 program (a printed op result, a reusing scope) with what keeps the rule from
    # counting them: something that runs the graph, an eager idiom, a graph of its own
    pytest.param(
        "import tensorflow as tf\nw = tf.compat.v1.get_variable('w', [2])\ny = tf.add(w, 1.0)\nprint(y)\n"
        "model = tf.keras.Sequential()\n",
        id="printed-tensor-beside-keras",
    ),
    pytest.param(
        "import tensorflow as tf\nw = tf.compat.v1.get_variable('w', [2])\ny = tf.add(w, 1.0)\nprint(y)\n"
        "print(y.numpy())\n",
        id="printed-tensor-beside-numpy",
    ),
    pytest.param(
        "import tensorflow as tf\nwith tf.compat.v1.variable_scope('s', reuse=True):\n"
        "    w = tf.compat.v1.get_variable('w', [2])\nprint('{}'.format(w.name))\n"
        "g = tf.Graph()\n",
        id="reused-scope-beside-own-graph",
    ),
]
GRAPH_LIBRARY_DECLINED = [
    pytest.param(
        "import tensorflow as tf\ndef f():\n    return f'{tf.compat.v1.Session()}'\n", id="site-in-an-f-string"
    ),
    pytest.param("import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n", id="module-level-site"),
    pytest.param(
        "import tensorflow as tf\ndef f():\n    return tf.compat.v1.Session()\nif __name__ == '__main__':\n    f()\n",
        id="main-guard",
    ),
    pytest.param(
        "import tensorflow as tf\ndef f():\n    return tf.compat.v1.Session()\nf()\n", id="own-function-called"
    ),
    pytest.param(
        "import tensorflow as tf\ng = tf.Graph()\ndef f():\n    return tf.compat.v1.Session()\n", id="module-tf-call"
    ),
    # (g's Session is one the rule acts on: with f alone the gates' scoped names leave the rule out altogether)
    pytest.param(
        "import tensorflow as tf\ndef f(tf):\n    return tf.compat.v1.Session()\ndef g():\n    return tf.compat.v1.Session()\n",
        id="tf-also-a-parameter",
    ),
    pytest.param(
        "import tensorflow as tf\ndef f(sess):\n    w = tf.Variable(1.0, name='W')\n    return sess.run('W:0', feed_dict={})\n",
        id="tensor-name-fetch",
    ),
    pytest.param(
        "import tensorflow as tf\ndef f(sess, opt, loss, w):\n    train = opt.minimize(loss)\n"
        "    return sess.run([w, train], feed_dict={})\n",
        id="fetch-beside-update",
    ),
    pytest.param("def f():\n    import tensorflow as tf\n    return tf.compat.v1.Session()\n", id="import-in-function"),
    pytest.param(
        "import tensorflow as tf\ndef f():\n    from tensorflow.python import keras as tf\n    return tf.backend\n"
        "def g():\n    return tf.compat.v1.Session()\n",
        id="private-import-rebinds-a-tensorflow-name",
    ),
    pytest.param(
        "import tensorflow as tf\nw = tf.compat.v1.get_variable('w', [2])\ny = tf.add(w, 1.0)\nprint(y)\n",
        id="printed-tensor-of-a-session-less-program",
    ),
]


def _graph_plans(source: str, monkeypatch) -> tuple[list, tuple, tuple]:
    from tfmigrate.transforms import _graph_mode_edits

    planned: list = []
    plan = _graph_mode_edits.plan
    monkeypatch.setattr(_graph_mode_edits, "plan", lambda rule, model: planned.append(plan(rule, model)) or planned[-1])
    edited = outcome(source, Options(), True, monkeypatch)
    monkeypatch.setattr(_graph_mode_edits, "plan", plan)
    return planned, edited, outcome(source, Options(), False, monkeypatch)


@pytest.mark.parametrize("source", GRAPH_LIBRARY_PLANNED)
def test_a_graph_library_module_is_planned_with_the_libcst_rules_follow_up(source: str, monkeypatch) -> None:
    planned, edited, libcst_made = _graph_plans(source, monkeypatch)
    assert planned and planned[-1] is not None
    assert edited == libcst_made
    (follow_up,) = [f for f in edited[2] if f.code == "TFM102"]
    assert "no entry point" in follow_up.message


@pytest.mark.parametrize("source", GRAPH_LIBRARY_UNCHANGED)
def test_a_module_without_a_graph_site_or_that_switches_is_planned_unchanged(source: str, monkeypatch) -> None:
    planned, edited, libcst_made = _graph_plans(source, monkeypatch)
    assert planned == [source]
    assert edited == libcst_made
    assert not [f for f in edited[2] if f.code == "TFM102"]


@pytest.mark.parametrize("source", GRAPH_LIBRARY_DECLINED)
def test_graph_mode_shapes_the_plan_does_not_decide_go_to_libcst(source: str, monkeypatch) -> None:
    planned, edited, libcst_made = _graph_plans(source, monkeypatch)
    assert planned and all(p is None for p in planned)
    assert edited == libcst_made


@pytest.mark.parametrize("path", TFM102_FIXTURES, ids=[p.stem for p in TFM102_FIXTURES])
def test_graph_mode_fixtures_give_the_same_output_and_reports_planned_or_not(path: Path, monkeypatch) -> None:
    _, edited, libcst_made = _graph_plans(path.read_text(), monkeypatch)
    assert edited == libcst_made
