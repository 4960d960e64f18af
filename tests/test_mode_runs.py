"""TFM201 on a model class constructed in two Session functions that a mode chooses between, one per process
(session/mode_runs.py, read by function_parts.py): ``if MODE == "train": train() elif MODE == "validate":
validate()``, each function resetting the graph, building the class and opening its own Session, ``validate``
restoring what an earlier ``train`` run saved (was "constructed in function `train` and again in function
`validate`: two instances, each run by its own function's Session"). The fixture
TFM201/eager_class_built_in_mode_functions runs the train mode against TF1 (tests/test_eager_rewrite.py); here,
the validate mode on real TensorFlow: the migrated program restores the TF1 run's checkpoint and prints TF1's
numbers, and what a mode chain that is not one call per branch keeps the graph tier."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import eager, reasons

PROGRAM = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_class_built_in_mode_functions.before.py").read_text()
TRAIN, VALIDATE = 'MODE = "train"', 'MODE = "validate"'
CHAIN = """    if MODE == "train":
        train()
    elif MODE == "validate":
        validate()
"""


def test_each_function_comes_back_with_its_reset_dropped_and_the_chain_as_written() -> None:
    migrated = eager(PROGRAM)
    assert migrated.endswith('if __name__ == "__main__":\n' + CHAIN)
    assert "reset_default_graph" not in migrated and "Session" not in migrated
    assert "\n    checkpoint.read(CKPT).assert_existing_objects_matched()\n" in migrated


def test_the_migrated_validate_mode_restores_the_tf1_train_runs_checkpoint(tmp_path: Path) -> None:
    from program_checks import run_in_a_shared_child
    from session_harness import BASELINE_IMPORT

    tf1 = PROGRAM.replace("import tensorflow as tf\n", BASELINE_IMPORT + "\n", 1)
    folder = tmp_path / "modes"
    trained = run_in_a_shared_child(tf1, folder, graph=True)
    assert (folder / "mode_ckpt" / "model.ckpt.index").exists()
    validated = run_in_a_shared_child(tf1.replace(TRAIN, VALIDATE), folder, graph=True)
    restored = run_in_a_shared_child(eager(PROGRAM).replace(TRAIN, VALIDATE), folder, graph=False)
    assert "validation loss" in validated and restored == validated, (validated, restored)
    # the trained predictions are the validated ones: the restore, not a fresh model, gave them
    assert trained.strip().splitlines()[-1] == validated.strip().splitlines()[-1]
    again = run_in_a_shared_child(eager(PROGRAM), folder, graph=False)  # the migrated train run saves its own
    assert again == trained, (trained, again)
    assert run_in_a_shared_child(eager(PROGRAM).replace(TRAIN, VALIDATE), folder, graph=False) == validated


BOTH = CHAIN.replace("    elif", "    if")  # both may run in one process
MORE = CHAIN.replace("        validate()\n", "        validate()\n        print('done')\n")  # more than the call


@pytest.mark.parametrize("chain", [BOTH, MORE], ids=["two ifs", "a branch doing more than the call"])
def test_a_chain_other_than_one_call_per_branch_keeps_the_graph_tier(chain: str) -> None:
    assert CHAIN in PROGRAM
    found = reasons(PROGRAM.replace(CHAIN, chain))
    said = "and again in function `validate`: two instances, each run by its own function's Session, the functions run "
    assert found and said + "neither one after the other" in found[0], found


FILE_TEST = CHAIN.replace('if MODE == "train":', 'if not os.path.exists(CKPT + ".meta"):').replace(
    'elif MODE == "validate":', "else:"
)  # TF1's second run validated: its Saver wrote the .meta, the eager checkpoint writes none (it would train again)


@pytest.mark.parametrize(
    "program",
    [
        PROGRAM.replace(CHAIN, FILE_TEST),
        PROGRAM.replace(TRAIN, 'MODE = "validate" if os.path.exists(CKPT + ".meta") else "train"'),
        PROGRAM.replace(TRAIN, 'MODE = "validate" if os.listdir("mode_ckpt") else "train"'),
    ],
    ids=["in the test", "in the value the test reads", "a listing"],
)
def test_a_chain_whose_test_looks_for_a_file_the_checkpoint_does_not_write_keeps_the_graph_tier(program: str) -> None:
    assert program != PROGRAM
    found = reasons(program)
    assert found and "and again in function `validate`: two instances" in found[0], found


def test_a_chain_on_the_checkpoint_state_file_comes_back_eager() -> None:
    # the rewrite's save writes the `checkpoint` state file TF1's Saver wrote: the test chooses as in TF1
    state = CHAIN.replace('if MODE == "train":', 'if not os.path.exists(os.path.join("mode_ckpt", "checkpoint")):')
    assert "Session" not in eager(PROGRAM.replace(CHAIN, state.replace('elif MODE == "validate":', "else:")))


LIBRARY = """import os

import numpy as np
import tensorflow as tf

CKPT = "m4ckpt/model"


def train():
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    W = tf.Variable(tf.zeros([2, 1]), name="W")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - y))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(20):
            _, l = sess.run([step, loss], feed_dict={x: np.ones([4, 2], np.float32), y: np.full([4, 1], 2.0, np.float32)})
        print("trained", l)
        saver.save(sess, CKPT)


def test():
    W = tf.Variable(tf.zeros([2, 1]), name="W")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, CKPT)
        print("restored", sess.run(W).ravel())


if not os.path.exists(CKPT + ".meta"):
    train()
else:
    test()
"""


def test_module_functions_chosen_by_a_test_for_the_meta_graph_keep_the_graph_tier() -> None:
    # library.py's `if os.path.exists(...): predict() else: train()`: TF1 restored in its second run, the eager
    # program (no .meta written) trained again
    assert reasons(LIBRARY)
    assert "Session" not in eager(LIBRARY.replace('CKPT + ".meta"', 'os.path.join("m4ckpt", "checkpoint")'))
