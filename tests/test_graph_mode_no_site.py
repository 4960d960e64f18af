"""TFM102 on a module where it finds no graph site: planned on the ast model (no libcst parse), output unchanged.

The rule's semantic gate lets through a module that names an optimizer or a graph name through TensorFlow's
private modules (TensorFlow's own sources); the libcst rule then found no site and changed nothing, after a
parse and a scope analysis. The plan decides it: same output and reports as the libcst rule.
"""

from __future__ import annotations

import ast

import pytest
from libcst.codemod import CodemodContext

from tfmigrate import engine
from tfmigrate.ftypes import Options, SourceError
from tfmigrate.model import build
from tfmigrate.transforms import _graph_mode_edits, by_code

NO_SITE = [
    pytest.param(
        "from tensorflow.python.training import optimizer\n\n\nclass MomentumOptimizer(optimizer.Optimizer):\n"
        "    def _create_slots(self, var_list):\n        return var_list\n",
        id="optimizer-subclass-through-a-private-module",
    ),
    pytest.param(
        "import tensorflow as tf\n\n\ndef make(lr):\n    return tf.keras.optimizers.SGD(lr)\n\n\n"
        "def base():\n    return tf.train.Optimizer\n",
        id="optimizer-named-never-minimized",
    ),
    pytest.param(
        "import tensorflow as tf\n\n\ndef layer(x):\n    with tf.variable_scope('layer', reuse=True):\n"
        "        w = tf.get_variable('w', [3])\n    y = tf.multiply(x, w)\n    print(y.name, y.op)\n"
        "    return tf.get_collection('losses')\n",
        id="graph-reads-inside-a-library-function",
    ),
]
# Graph reads the rule may act on (a module-level read, an entry point): the plan declines, the libcst rule runs.
DECLINED = [
    pytest.param(
        "import tensorflow as tf\n\nx = tf.multiply(2.0, 3.0)\nwith tf.variable_scope('s', reuse=True):\n"
        "    w = tf.get_variable('w', [3])\nprint(x.name)\n",
        id="graph-reads-at-module-level",
    ),
    pytest.param(
        "import tensorflow as tf\n\n\ndef main():\n    y = tf.multiply(2.0, 3.0)\n"
        "    w = tf.get_variable('w', [3])\n    print(y.name)\n\n\nif __name__ == '__main__':\n    main()\n",
        id="graph-reads-in-a-program-with-a-guard",
    ),
]


def run(source: str, edits: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(engine, "EDITS", edits)
    try:
        result = engine.migrate_text(source, Options(), "case.py")
    except SourceError as err:
        return ("failed", str(err))
    return (result.text, result.changes, result.followups)


@pytest.mark.parametrize("source", NO_SITE)
def test_a_module_without_a_graph_site_is_planned_unchanged(source: str, monkeypatch) -> None:
    planned: list = []
    plan = _graph_mode_edits.plan
    monkeypatch.setattr(_graph_mode_edits, "plan", lambda rule, model: planned.append(plan(rule, model)) or planned[-1])
    edited = run(source, True, monkeypatch)
    assert planned and all(p is not None for p in planned)  # TFM102 ran, and on the ast model alone
    monkeypatch.setattr(_graph_mode_edits, "plan", plan)
    assert edited == run(source, False, monkeypatch)
    assert not any(f.code == "TFM102" for f in edited[2])


def test_the_plan_leaves_the_text_as_it_is() -> None:
    source = "import tensorflow as tf\n\n\ndef base():\n    return tf.compat.v1.train.Optimizer\n"
    rule = by_code()["TFM102"](CodemodContext(filename="case.py"), Options())
    assert _graph_mode_edits.plan(rule, build(source, ast.parse(source))) == source


@pytest.mark.parametrize("source", DECLINED)
def test_graph_reads_that_may_switch_go_to_the_rule(source: str, monkeypatch) -> None:
    rule = by_code()["TFM102"](CodemodContext(filename="case.py"), Options())
    assert _graph_mode_edits.plan(rule, build(source, ast.parse(source))) is None
    assert run(source, True, monkeypatch) == run(source, False, monkeypatch)
