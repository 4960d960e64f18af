"""TFM201 on a graph class's helper method that takes arguments and reads ``self`` only as ``self.attr`` loads
(``def step(self, inputs, previous): return tf.nn.tanh(tf.matmul(inputs + previous, self.W_h) + self.b_h)``),
called in expressions by a builder (``h1 = self.step(self.x, ...)``; the text-RCNN's ``get_context_left``, the
VAE's ``z_mean, z_stddev = self.recognition(self.images)``): read as a module function of its arguments whose
``self.W_h`` is the one instance's ``model.W_h`` (session/class_helper_methods.py). Proved on real TensorFlow by
the fixture TFM201/eager_class_helper_reads_self (tests/test_eager_rewrite.py); here, that it comes back as a
method and that the helpers it may not read so keep the graph tier with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

HELPER = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_class_helper_reads_self.before.py").read_text()
RETURN = "        return tf.nn.tanh(tf.matmul(inputs + previous, self.W_h) + self.b_h)\n"
CALLS = "calls method `step` while building the graph"


def test_the_helper_comes_back_as_a_method_reading_self() -> None:
    result = migrate_source(HELPER, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "    def step(self, inputs, previous):\n" + RETURN in result.migrated
    assert "model.W_h" not in result.migrated and "Session" not in result.migrated


@pytest.mark.parametrize(
    "source, reason",
    [
        pytest.param(HELPER.replace(RETURN, "        self.last = inputs\n" + RETURN), CALLS, id="stores an attribute"),
        pytest.param(
            HELPER.replace(RETURN, RETURN.replace("self.W_h", 'getattr(self, "W_h")')), CALLS, id="self read bare"
        ),
        pytest.param(
            HELPER.replace("for i in range(30)", "for step in range(30)").replace("(i % 10", "(step % 10"),
            CALLS,
            id="named outside the class",
        ),
        pytest.param(
            HELPER.replace(RETURN, RETURN.replace("self.b_h)", "self.b_h) + 0 * self.inference()")),
            "calls method `inference`",
            id="calls a builder",
        ),
    ],
)
def test_helpers_read_otherwise_keep_the_graph_tier(source: str, reason: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours


VAE = (
    Path(__file__).parent / "fixtures" / "TFM201" / "eager_vae_class_helpers_over_scoped_dense.before.py"
).read_text()


def test_a_helper_whose_module_function_the_rewrite_inlines_is_read_at_its_calls() -> None:
    """``recognition`` calls the module's ``dense`` (a variable scope and two get_variable): the rewrite reads it
    at its calls and defines it no more; no call of the method is left and nothing outside the class names it, so
    the method as written (TF1 graph code over ``dense``) is no part of the program and goes (was "reads `dense`,
    which the rewrite no longer defines"). Proved on real TensorFlow by the fixture
    TFM201/eager_vae_class_helpers_over_scoped_dense (tests/test_eager_rewrite.py)."""
    result = migrate_source(VAE, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "disable_v2_behavior()" not in result.migrated
    assert "def recognition(" not in result.migrated and "def generation(" not in result.migrated
    assert not re.search(r"^[^#]*(?<!\w)dense\(", result.migrated, re.M)  # read at each call, defined no more


def test_a_helper_named_outside_the_class_keeps_the_graph_tier() -> None:
    """``model.recognition`` read by the module: the method is not read as a function, the builder's call of it
    stays an expression the proof does not follow."""
    result = migrate_source(VAE + "print(model.recognition)\n", Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and "calls method `recognition` while building the graph" in ours[0].message, ours
