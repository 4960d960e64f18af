"""The engine's speed-ups must never change what a run does: gates only too wide, helpers with the same output."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from tfmigrate.engine import _TopLevelAddImports, code_text, migrate_text
from tfmigrate.ftypes import Options
from tfmigrate.transforms import by_code


def test_code_text_drops_comments_and_docstrings_only():
    source = (
        '"""Uses keras in prose."""\n'
        "import os  # keras here too\n"
        "def f():\n"
        '    "a" "keras"\n'
        '    path = "model.keras"\n'
        '    return "-".join([path]); "keras"\n'
    )
    gate = code_text(source)
    assert "keras" in gate.split("path = ")[1]  # a string that is a value is code
    assert gate.count("keras") == 1
    assert "import os" in gate and 'return "-".join([path])' in gate


def test_code_text_keeps_everything_it_cannot_tokenize():
    broken = "x = (1,\n"
    assert code_text(broken) == broken


@pytest.mark.parametrize(
    ("source", "wanted"),
    [
        ("import tensorflow as tf\n", True),
        ("import os, tensorflow.compat.v1 as tf\n", True),
        ("import os, \\\n    tensorflow\n", True),
        ("from tensorflow import (\n    train,\n)\n", True),
        ("from tensorflow.compat import v1\n", True),
        ("import tensorflow.python.ops as ops\n", True),  # binds the name tensorflow itself
        ("x = 1; import tensorflow\n", True),
        ("from tensorflow.python.ops import array_ops\n", False),
        ("from tensorflow .python import keras\n", False),
        ("from tensorflow_probability import distributions\n", False),
    ],
)
def test_tf1_rule_gate(source, wanted):
    assert by_code()["TFM101"].wants(source) is wanted


def test_a_rule_is_gated_on_the_code_an_earlier_rule_wrote():
    """TFM101's gate fails on this file as read (only a private import), but TFM003 writes a public one."""
    source = "from tensorflow.python.ops.math_ops import reduce_sum\n\n\ndef f(v):\n    return reduce_sum(v, keep_dims=True)\n"
    assert not by_code()["TFM101"].wants(source)
    outcome = migrate_text(source, Options())
    assert {c.code for c in outcome.changes} == {"TFM003", "TFM101"}


ADD_IMPORT_CASES = [
    "import os\n\ndef f():\n    import numpy\n    return numpy\n",
    '"""doc"""\nfrom __future__ import annotations\nfrom tensorflow import keras\n\nclass A:\n    import tensorflow\n',
    "try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\nx = 1\n",
    "__strict__ = True\nimport os\nif os:\n    from absl import app\n",
    "from absl import app\nfrom absl import logging\n\n\ndef main(_):\n    from absl import flags\n",
    "",
]


@pytest.mark.parametrize("source", ADD_IMPORT_CASES)
@pytest.mark.parametrize(
    "needed", [("tensorflow", None, "tf"), ("absl", "flags", None), ("tensorflow", None, None), ("numpy", None, "np")]
)
def test_top_level_add_imports_matches_libcst(source, needed):
    module, obj, asname = needed
    outputs = []
    for visitor in (AddImportsVisitor, _TopLevelAddImports):
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, module, obj, asname)
        outputs.append(visitor(context).transform_module(cst.parse_module(source)).code)
    assert outputs[0] == outputs[1]
