"""Helpers that make variables under ``tf.variable_scope(name)``, called several times with distinct names: in a
layer loop whose pass writes the name (``name="kernel%d" % idx``, carpedm20's char-CNN), or with a flag the body
branches on (``if relu:``). Read at each call (inlined_helpers.py, inlined_literals.py), every variable keeps the
name TF1 gave it (``kernel0/w``), so the TF1 program's checkpoint restores in the eager one. Where a name or a
flag is not known at the call, the graph tier stays, with the reason. Run on TF 2.21 against the TF1 baseline."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, restored_from_the_tf1_checkpoint
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAMES = (
    "carpedm20_tdnn_kernel_loop_resume",
    "tfmigrate_scoped_fc_activation_flags",
    "lookoop_mnist_inference_no_regularizer",  # ``weights`` bound in each scope of the body; ``regularizer`` None
    "tfmigrate_class_fc_layer_loop",  # a method, its loop over the constructor's list argument
    "spinup_mlp_actor_critic_scopes",  # tf.layers.dense in a helper's loop, numbered per scope as TF1 does
)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return evaluate(load_programs(list(NAMES)), root=tmp_path_factory.mktemp("scoped-helper-calls"))


@pytest.mark.parametrize("name", NAMES)
def test_scoped_helper_programs_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_kernel_loop_restores_the_tf1_checkpoint_by_its_scoped_names(outcomes) -> None:
    text = restored_from_the_tf1_checkpoint(outcomes["carpedm20_tdnn_kernel_loop_resume"])
    for scope in ("kernel0", "kernel1", "kernel2"):  # each pass's scope written out, the name TF1 formatted
        assert text.count(f"variable_scope('{scope}')") == 1, text
    made = [line for line in text.splitlines() if "get_variable(" in line]
    assert len(made) == 4 and not any("name=" in line for line in made), made  # TF1's names, none added


def test_the_book_inference_restores_the_tf1_checkpoint(outcomes) -> None:
    """``inference`` binds ``weights`` in its layer1 scope and again in layer2 (each read at its call, the second
    under a name of its own); ``if regularizer != None`` passed None is the branch TF1 did not take."""
    text = restored_from_the_tf1_checkpoint(outcomes["lookoop_mnist_inference_no_regularizer"])
    assert "add_to_collection" not in text and "regularizer" not in text.split("import os", 1)[1], text


def test_the_class_layer_loop_restores_the_tf1_checkpoint(outcomes) -> None:
    """The loop over the constructor's ``layers`` list (passed on through ``self.layers`` and a method parameter)
    unrolled, each pass's method call read with its scope name: layer0/weights, layer1/weights, readout/weights."""
    text = restored_from_the_tf1_checkpoint(outcomes["tfmigrate_class_fc_layer_loop"])
    for scope in ("layer0", "layer1", "readout"):
        assert text.count(f"variable_scope('{scope}')") + text.count(f'variable_scope("{scope}")') == 1, text


def test_the_actor_critic_layers_restore_by_their_numbers_per_scope(outcomes) -> None:
    """``mlp`` called under ``pi`` and under ``v``: TF1 named its layers dense, dense_1, dense_2 in each scope (not
    Keras' global numbering), the names the checkpoint holds."""
    text = restored_from_the_tf1_checkpoint(outcomes["spinup_mlp_actor_critic_scopes"])
    assert text.count("name='dense_2'") == 2 and "dense_3" not in text, text


def test_the_book_training_call_with_a_regularizer_keeps_the_graph_tier() -> None:
    """The book's training script passes ``tf.contrib.layers.l2_regularizer``, whose losses the helper registers in
    a graph collection (eager TF 2 keeps none): the program stays in graph mode, the regularizer's line named."""
    source = (PROGRAMS / "lookoop_mnist_inference_no_regularizer.py").read_text()
    source = source.replace(
        "y = inference(x, None)",
        "regularizer = tf.contrib.layers.l2_regularizer(0.0001)\ny = inference(x, regularizer)",
    )
    result = migrate_source(source, Options(), "book.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "l2_regularizer" in reasons[0] and "(line 45)" in reasons[0], reasons


OWN = "import " + (PROGRAMS / "tfmigrate_scoped_fc_activation_flags.py").read_text().split("import ", 1)[1]
FC = (  # the same program with a flag for the activation (``relu=True``) instead of the function
    OWN.replace("act=tf.nn.relu", "relu=True")
    .replace("if act is not None:", "if relu:")
    .replace("act(out)", "tf.nn.relu(out)")
    .replace("act=None", "relu=False")
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(FC, id="names from a loop index, a flag passed a literal"),
        pytest.param(FC.replace('"fc%d" % i', '"fc" + str(i)'), id="a name joined with str() of the index"),
        pytest.param(OWN, id="an activation function or None"),
    ],
)
def test_each_call_is_read_with_its_name_and_its_branch(source: str) -> None:
    result = migrate_source(source, Options(), "fc.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated
    assert "Session" not in text and "def fc" not in text and "if " not in text, text
    for scope in ("fc0", "fc1", "out"):
        assert text.count(f"variable_scope('{scope}')") + text.count(f'variable_scope("{scope}")') == 1, text
    assert text.count("tf.nn.relu(") == 2, text  # fc0 and fc1; the output layer took the other branch


def test_a_tensorflow_function_decides_only_a_test_against_none() -> None:
    """``act=tf.nn.relu`` passed on is some object, not None: ``if act is not None:`` is decided, and nothing else
    about it is (its truth, an ``==``), so such a branch stays for the proof, which refuses it with its line."""
    result = migrate_source(OWN.replace("if act is not None:", "if act:"), Options(), "fc.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "rebound by a statement in an `if` branch" in reasons[0], reasons


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ('h = fc(h, n, 8, "fc%d" % i)', "h = fc(h, n, 8, names[i])"),
            "tf.variable_scope with arguments other than one literal name",
            id="a scope name read from data",
        ),
        pytest.param(
            ("for i, n in enumerate([4, 8]):", "for i, n in enumerate([len(w) for w in names]):"),
            "and the call on line 22 is in a `for` loop that tfmigrate does not unroll",
            id="a layer loop over sizes from data",
        ),
        pytest.param(
            ('out = fc(h, 8, 2, "out", relu=False)', 'out = fc(h, 8, 2, "out", relu=len(names) > 2)'),
            "rebound by a statement in an `if` branch",
            id="a flag computed from data",
        ),
        pytest.param(
            (
                "with tf.Session() as sess:",
                "def build(t):\n    return fc(t, 8, 2, 'late')\n\n\nwith tf.Session() as sess:",
            ),
            "and the call on line 27 is in function `build`",
            id="a call from a function the graph does not build",
        ),
    ],
)
def test_scoped_helper_calls_the_rewrite_cannot_read_keep_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    source = FC.replace("h = x\n", "h = x\nnames = open(__file__).read().split()[:2]\n").replace(*change)
    result = migrate_source(source, Options(), "fc.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons
