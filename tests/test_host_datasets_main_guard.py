"""Four shapes held-out set 8 kept in graph mode with false or half-true reasons (issue 16):

- ``(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()``: numpy arrays from a file, host
  data (session/host_data.py), not "graph values unpacked from a tuple" nor a call without an eager equivalent; a
  function that reads them (``def get_data(): mnist = tf.keras.datasets.mnist ...``) is a host function;
- the whole program under ``if __name__ == "__main__":``: module code for a run (session/main_guard.py), not "the
  graph is built inside a loop or branch"; the guard stays in the output;
- ``def loss(y, out): ...`` then ``loss = loss(_y, output)``: the function takes a free name (``loss_fn``) and the
  value keeps ``loss`` (session/rebound_functions.py);
- ``tf.summary.FileWriter("logs/", sess.graph_def)`` (the Session's graph, as a proto) and ``result =
  sess.run([merged, loss])`` read back as ``result[0]`` / ``result[1]`` (session/summary_lists.py).

The programs of tests/programs/hostdata_*.py run as the TF1 baseline and migrated, on TF 2.21: each comes out
session-free and prints the baseline's numbers; the summary program writes the baseline's events.
"""

from __future__ import annotations

import math

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons, summary_events
from session_harness import evaluate, load_programs

NAMES = [
    "hostdata_keras_mnist_softmax",
    "hostdata_keras_get_data_main",
    "hostdata_keras_mnist_main_guard",
    "hostdata_rebound_loss_function",
    "hostdata_summary_result_index",
]
PROGRAMS = {p.name: p for p in load_programs(NAMES)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("host-datasets-main-guard")
    return root, evaluate(list(PROGRAMS.values()), root=root)


@pytest.mark.parametrize("name", NAMES)
def test_the_program_runs_session_free_with_the_baseline_numbers(runs, name) -> None:
    outcome = runs[1][name]
    assert_session_free_with_baseline_numbers(outcome)


def test_keras_dataset_arrays_stay_host_code(runs) -> None:
    text = runs[1]["hostdata_keras_mnist_softmax"].migrated_text
    assert "(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()" in text, text


def test_a_function_reading_a_keras_dataset_stays_a_host_function(runs) -> None:
    text = runs[1]["hostdata_keras_get_data_main"].migrated_text
    assert "def get_data():\n    mnist = tf.keras.datasets.mnist\n" in text, text
    assert "(x_train, y_train), (x_test, y_test) = get_data()" in text, text


def test_the_main_guard_is_kept_around_the_eager_program(runs) -> None:
    text = runs[1]["hostdata_keras_mnist_main_guard"].migrated_text
    body = text.split('if __name__ == "__main__":\n', 1)
    assert len(body) == 2, text
    assert "mnist.load_data()" in body[1] and "tf.GradientTape" in body[1], text
    assert "tf.Variable" not in body[0], text  # nothing is built when the module is imported


def test_the_rebound_function_is_renamed_and_the_value_keeps_its_name(runs) -> None:
    outcome = runs[1]["hostdata_rebound_loss_function"]
    text = outcome.migrated_text
    assert "def loss_fn(y, out):" in text and "def loss(" in text and "loss_fn(_y, output(_x))" in text, text
    assert any("function `loss` renamed `loss_fn`" in c.message for c in outcome.migration.changes), [
        c.message for c in outcome.migration.changes
    ]


def test_the_indexed_summary_run_writes_the_baseline_events(runs) -> None:
    root, outcomes = runs
    name = "hostdata_summary_result_index"
    text = outcomes[name].migrated_text
    assert "result_0 = merged(" in text and "write_raw_pb(result_0, step=i)" in text, text
    assert "print(i, result_1)" in text and 'create_file_writer("logs/")' in text, text
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert want and sorted(want) == sorted(got), (sorted(want), sorted(got))
    for key, value in want.items():
        values = value if isinstance(value, tuple) else (value,)
        other = got[key] if isinstance(got[key], tuple) else (got[key],)
        assert len(values) == len(other), key
        assert all(math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6) for a, b in zip(values, other)), key


# ------------------------------------------------------------------------------------- proof only (no TF run)
SOFTMAX = PROGRAMS["hostdata_keras_mnist_softmax"].source
LOAD = "(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()"


@pytest.mark.parametrize(
    "spelled",
    [
        pytest.param(
            "from tensorflow.keras.datasets import mnist\n" + LOAD.replace("tf.keras.datasets.", ""), id="from tf.keras"
        ),
        pytest.param(
            "from keras.datasets import cifar10\n" + LOAD.replace("tf.keras.datasets.mnist", "cifar10"),
            id="keras cifar10",
        ),
        pytest.param(
            "import keras\n" + LOAD.replace("tf.keras", "keras").replace("mnist", "fashion_mnist"), id="keras."
        ),
        pytest.param(LOAD.replace("mnist", "boston_housing"), id="boston_housing"),
        pytest.param(
            "from tensorflow import keras\n"
            + LOAD.replace("tf.keras", "keras").replace("mnist.load_data()", "imdb.load_data(num_words=100)"),
            id="imdb",
        ),
        pytest.param("mnist = tf.keras.datasets.mnist\n" + LOAD.replace("tf.keras.datasets.", ""), id="module alias"),
    ],
)
def test_every_spelling_of_a_keras_dataset_loader_is_host_data(spelled) -> None:
    text = eager(SOFTMAX.replace(LOAD, spelled))
    assert spelled.splitlines()[-1] in text, text


def test_a_function_mixing_a_loader_and_a_graph_op_is_still_a_graph_helper() -> None:
    """Only the loader's names are host code: a tf.constant beside it makes the function a helper, judged as one."""
    source = PROGRAMS["hostdata_keras_get_data_main"].source.replace(
        "    img_size = x_train.shape[1]\n", "    img_size = x_train.shape[1]\n    scale = tf.constant(255.0)\n"
    )
    assert any("get_data" in r for r in reasons(source)), reasons(source)


GUARDED = PROGRAMS["hostdata_keras_mnist_main_guard"].source


def test_a_reason_inside_the_main_guard_names_the_construct_not_the_guard() -> None:
    source = GUARDED.replace(
        "layer = tf.nn.relu(tf.matmul(images, w1) + b1)",
        "layer = tf.py_func(lambda v: print(v) or v, [tf.matmul(images, w1) + b1], tf.float32)",
    )  # a py_func whose function prints: TF1 ran it once per run (py_funcs.py)
    found = reasons(source)
    assert found and "tf.py_func" in found[0] and "loop or branch" not in found[0], found


def test_a_main_function_run_from_the_guard_still_goes_through_the_function_path() -> None:
    """``def main(): ...`` + ``main()`` under the guard (functions.py) and the program under the guard compose: the
    first keeps its function, the second its guard."""
    body = GUARDED.split('if __name__ == "__main__":\n', 1)[1]
    source = GUARDED.split('if __name__ == "__main__":\n', 1)[0] + "def main():\n" + body
    source += '\n\nif __name__ == "__main__":\n    main()\n'
    text = eager(source)
    assert "def main():" in text and 'if __name__ == "__main__":\n    main()' in text, text


def test_code_after_the_guard_is_not_unguarded() -> None:
    source = GUARDED + '\nprint("imported or run")\n'
    assert any("loop or branch" in r for r in reasons(source)), reasons(source)


REBOUND = PROGRAMS["hostdata_rebound_loss_function"].source


def test_a_rebound_function_read_by_another_function_is_not_renamed() -> None:
    """``def report(): return loss`` reads ``loss`` when called: the function or the value, so no rename."""
    source = REBOUND.replace("def training(loss):", "def report():\n    return loss\n\n\ndef training(loss):")
    assert any("function `loss`: the name is bound more than once" in r for r in reasons(source))


def test_a_third_binding_of_a_rebound_function_is_not_renamed() -> None:
    """A binding in a loop (or a branch) after the rebinding: not one that runs once, in order (a later straight-line
    ``loss = loss * 1.0`` binds a value to a value, and is renamed: tests/test_unrolled_rnn_loops.py)."""
    third = "loss = loss(_y, output)\nfor _ in range(1):\n    loss = loss * 1.0"
    source = REBOUND.replace("loss = loss(_y, output)", third)
    assert any("function `loss`: the name is bound more than once" in r for r in reasons(source))


def test_a_later_value_bound_to_a_rebound_function_name_is_renamed() -> None:
    source = REBOUND.replace("loss = loss(_y, output)", "loss = loss(_y, output)\nloss = loss * 1.0")
    text = eager(source)
    assert "def loss_fn(" in text and "return loss_fn(_y, output(_x))" in text, text


SUMMARY = PROGRAMS["hostdata_summary_result_index"].source
RUN = "result = sess.run([merged, loss], feed_dict={X: x_data, Y: y_data})"


def test_a_one_element_summary_list_read_by_index_is_split() -> None:
    source = SUMMARY.replace(RUN, RUN.replace("[merged, loss]", "[merged]")).replace("print(i, result[1])", "print(i)")
    text = eager(source)
    assert "result_0 = merged(x_data, y_data)" in text, text


def test_a_fetched_summary_list_read_whole_keeps_the_graph_tier() -> None:
    source = SUMMARY.replace("print(i, result[1])", "print(i, result[1], len(result))")
    assert source != SUMMARY
    assert any("a summary fetched with other values" in r for r in reasons(source)), reasons(source)


def test_a_writer_given_the_graph_def_by_keyword_drops_it() -> None:
    source = SUMMARY.replace('FileWriter("logs/", sess.graph_def)', 'FileWriter("logs/", graph_def=sess.graph_def)')
    assert source != SUMMARY
    assert 'writer = tf.summary.create_file_writer("logs/")' in eager(source)
