"""A tf.Graph built after the program used the default graph (held-out set 25's xh_word2vec, refused: "the program
builds a tf.Graph after using the default graph"): notebook cells try ops on constants in default-graph Sessions,
then the model is built in ``graph = tf.Graph()`` and run by ``tf.Session(graph=graph)``. Where the two graphs
cannot be told apart (later_graphs.py), both parts run eagerly in order: run on real TensorFlow, seeded, the
migrated program is session-free with the baseline's numbers. Each way the graphs could be told apart keeps the
graph tier, saying which.
"""

from __future__ import annotations

from dataclasses import replace
from textwrap import indent

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import evaluate, load_programs

NAME = "notebook_word2vec_graph_after_trials"
WHY = "the program builds a tf.Graph after using the default graph"


ANONYMOUS = f"{NAME}_anonymous"


def _anonymous(source: str) -> str:
    """The same program with ``with tf.Graph().as_default():`` and its Session opened inside that block."""
    head, _, tail = source.partition("graph = tf.Graph()\nwith graph.as_default():\n")
    block, _, run = tail.partition("\nwith tf.Session(graph=graph) as session:\n")
    assert block and run
    return f"{head}with tf.Graph().as_default():\n{block}\n    with tf.Session() as session:\n{indent(run, '    ')}"


CLOSED = f"{NAME}_closed"  # the second trial's Session opened by name and closed
OPENED = ("with tf.Session() as sess:\n    print(sess.run(best))\n", "sess = tf.Session()\nprint(sess.run(best))\n")


@pytest.fixture(scope="module")
def outcomes():
    (program,) = load_programs([NAME])
    closed = program.source.replace(OPENED[0], OPENED[1] + "sess.close()\n")
    return evaluate(
        [
            program,
            replace(program, name=ANONYMOUS, source=_anonymous(program.source)),
            replace(program, name=CLOSED, source=closed),
        ]
    )


@pytest.mark.parametrize("name", [NAME, ANONYMOUS, CLOSED])
def test_both_graphs_run_eagerly_in_order(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "Graph" not in outcome.migrated_text and "as_default" not in outcome.migrated_text


def _source() -> str:
    return load_programs([NAME])[0].source


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        pytest.param(
            "graph = tf.Graph()\n",
            "counter = tf.Variable(0)\ngraph = tf.Graph()\n",
            "whose `counter` (a variable) is state a later Session could tell apart",
            id="a variable in the default graph",
        ),
        pytest.param(
            "best = tf.nn.top_k(m, 2)[1]\n",
            "best = tf.nn.top_k(tf.random_uniform([3, 3]), 2)[1]\n",
            "whose `best` (a random value) is state a later Session could tell apart",
            id="a random value in the default graph",
        ),
        pytest.param(
            "top_k = tf.nn.top_k(similarity, 3)[1]\n",
            "top_k = tf.nn.top_k(similarity + tf.cast(best[0, 0], tf.float32), 3)[1]\n",
            "`best`, a value of the default graph, is read after the new graph's block begins",
            id="a default-graph value read in the new graph",
        ),
        pytest.param(
            "data_index = 0\n",
            "data_index = 0\ntf.set_random_seed(1)\n",
            "and sets a graph seed (TF1 seeds each graph apart)",
            id="a graph seed",
        ),
        pytest.param(
            "with tf.Session(graph=graph) as session:\n",
            "with tf.Session() as session:\n",
            "and opens a Session of the default graph after it",
            id="a Session of the default graph after the block",
        ),
        pytest.param(
            "    init = tf.global_variables_initializer()\n",
            "    init = tf.global_variables_initializer()\n    saver = tf.train.Saver()\n",
            "and has a Saver (TF1 names the new graph's variables afresh",
            id="a Saver",
        ),
        pytest.param(
            *OPENED,
            "while its Session `sess` may still run the default graph",
            id="a default Session left open",
        ),
        pytest.param(
            "def generate_batch(batch_size, skip_window):\n",
            "def tried():\n    return best\n\n\ndef generate_batch(batch_size, skip_window):\n",
            "`best`, a value of the default graph, is read in a function that may run with the new graph",
            id="a function reading a default-graph value",
        ),
    ],
)
def test_graphs_that_could_be_told_apart_keep_the_graph_tier(old: str, new: str, why: str) -> None:
    source = _source()
    assert old in source
    found = reasons(source.replace(old, new, 1))
    assert len(found) == 1 and WHY in found[0] and why in found[0], found
