"""``try:`` blocks in the training loop (session/quiet_tries.py): held-out set 25's th_gan_mnist_fc prints its
losses in ``try: ... except: pass`` and runs a generator sample nothing reads in another
(tests/programs/tfmigrate_quiet_tries_gan_loop.py). Read as their blocks, the program comes out session-free with
the TF1 baseline's numbers (run on TF 2.21); a ``try`` whose raising could change what follows keeps the graph tier
with its reason at the ``try``'s line."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, migrated_with_reasons

PROGRAM = (Path(__file__).parent / "programs" / "tfmigrate_quiet_tries_gan_loop.py").read_text()
META = dict(random="seeded", source="tfmigrate", licence="Apache-2.0", adapted="-")
SAMPLE = """\
        try:
            batch_G = sess.run(G, feed_dict={X: batch_X, z: batch_noise})
        except:
            pass
"""
PRINTED = "            print('epoch:%d g_loss:%f d_loss:%f' % (i, g_loss_print, d_loss_print))\n"
TRY = "a `Try` statement in a Session program"
NOISY = ("G = tf.matmul(z, G_W) + G_b\n", "G = tf.matmul(z, G_W) + G_b\nG_noisy = G + tf.random_normal([16, 4])\n")


def test_the_gan_loop_with_quiet_tries_comes_out_session_free_with_the_baseline_numbers() -> None:
    [outcome] = evaluate_sources({"gan": PROGRAM}, META).values()
    assert_session_free_with_baseline_numbers(outcome)
    migrated = outcome.migrated_text or ""
    assert "try:\n            print('epoch" in migrated, migrated
    assert "try:\n            batch_G = G(" in migrated, migrated


def _try_line(source: str, new: str) -> int:
    """The line of the ``try:`` holding (or starting) the changed text."""
    lines = source[: source.index(new) + len(new.partition("\n")[0])].splitlines()
    return max(n for n, line in enumerate(lines, 1) if line.strip() == "try:")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(  # the handler does something: raising or not shows
            SAMPLE, SAMPLE.replace("pass", "print('no sample')"), id="handler prints"
        ),
        pytest.param(  # a specific error: TF1's and the eager program's error classes may differ
            SAMPLE, SAMPLE.replace("except:", "except tf.errors.InvalidArgumentError:"), id="handler typed"
        ),
        pytest.param(  # the sample is read after: a failed run leaves it unbound or an earlier value
            SAMPLE, SAMPLE + "        print(batch_G.shape)\n", id="result read"
        ),
        pytest.param(  # the run changes state: whether it ran is seen later
            SAMPLE,
            SAMPLE.replace("batch_G = sess.run(G,", "batch_G = sess.run(g_train_step,"),
            id="run trains",
        ),
        pytest.param(  # a draw: TF1's run used up a random number whether the run failed or not
            SAMPLE,
            SAMPLE.replace("sess.run(G,", "sess.run(G_noisy,"),
            id="run draws",
        ),
        pytest.param(  # host code reading a graph value: a tensor in TF1, not a number
            PRINTED, "            print(G)\n", id="host code reads a tensor"
        ),
    ],
)
def test_a_try_whose_raising_could_change_what_follows_keeps_the_graph_tier(old: str, new: str) -> None:
    source = PROGRAM.replace(NOISY[0], NOISY[1]).replace(old, new)
    assert source.count(new) == 1 and source != PROGRAM.replace(NOISY[0], NOISY[1])
    _, found = migrated_with_reasons(source)
    assert len(found) == 1 and found[0][0] == _try_line(source, new) and TRY in found[0][1], found
