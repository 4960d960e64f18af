"""Code a TF1 program never runs does not keep it in graph tier (tfmigrate/transforms/session/dead_code.py): a
Session function nothing calls stays runnable in a graph of its own, and the branch of an ``if`` on a module
constant that is not taken stays as written while the taken one is migrated."""

from __future__ import annotations

from pathlib import Path

from program_checks import migrated_with_reasons as migrated_with_lines
from program_checks import run_in_a_shared_child
from session_harness import _job as job
from session_harness import run_jobs


def migrated_with_reasons(source: str) -> tuple[str | None, list[str]]:
    migrated, lines = migrated_with_lines(source)
    return migrated, [message for _, message in lines]


FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"

DEAD_BRANCH = """\
    ema = tf.train.ExponentialMovingAverage(0.99, global_step)
    opt = tf.train.MomentumOptimizer(LEARNING_RATE, 0.9).minimize(loss, global_step=global_step)
    with tf.control_dependencies([opt]):
        train_op = ema.apply(tf.trainable_variables())
"""


def test_a_session_function_nothing_calls_stays_runnable_in_a_graph_of_its_own(tmp_path: Path) -> None:
    source = (FIXTURES / "dead_session_function.before.py").read_text()
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None
    assert "with tf.Graph().as_default():" in migrated
    assert [r for r in reasons if "`scope_demo`, which nothing in the module calls" in r], reasons
    assert not [r for r in reasons if "graph mode" in r], reasons
    live = migrated.split("def fit():")[1]
    assert "Session" not in live and "placeholder" not in live, live
    # the live program runs eagerly, and the dead function still prints TF1's value when another module calls it
    program = migrated.replace('if __name__ == "__main__":', "if True:") + "\nscope_demo()\nscope_demo()\n"
    out = run_in_a_shared_child(program, tmp_path, graph=False)  # eager, as the migrated module runs
    assert out.count("[3. 3.]") == 2, out
    assert out.splitlines()[0].startswith("0 "), out


def test_a_called_session_function_is_not_dead() -> None:
    source = (FIXTURES / "dead_session_function.before.py").read_text() + "    scope_demo()\n"
    _, reasons = migrated_with_reasons(source)
    assert [r for r in reasons if "graph mode" in r], reasons
    assert not [r for r in reasons if "nothing in the module calls" in r], reasons


def test_the_branch_not_taken_is_kept_as_written_and_the_taken_one_migrated() -> None:
    source = (FIXTURES / "eager_constant_false_branch.before.py").read_text()
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None
    assert "if USE_MOVING_AVERAGE:\n" + DEAD_BRANCH + "else:\n" in migrated  # byte-identical, TFM101 too
    assert [r for r in reasons if "`USE_MOVING_AVERAGE` is False" in r], reasons
    assert "Session" not in migrated and "placeholder" not in migrated


def test_a_negated_test_names_the_branch_that_never_runs() -> None:
    """``if not FLAG:`` and ``if FLAG is False:`` on ``FLAG = True``: the branch under the test never runs (the
    follow-up names the constant's value and that branch, not the ``else:``)."""
    source = (FIXTURES / "eager_constant_false_branch.before.py").read_text()
    for test in ("not USE_MOVING_AVERAGE", "USE_MOVING_AVERAGE is False"):
        flipped = source.replace("USE_MOVING_AVERAGE = False", "USE_MOVING_AVERAGE = True").replace(
            "if USE_MOVING_AVERAGE:", f"if {test}:"
        )
        migrated, reasons = migrated_with_reasons(flipped)
        assert migrated is not None and f"if {test}:\n" + DEAD_BRANCH + "else:\n" in migrated, migrated
        said = "`USE_MOVING_AVERAGE` is True (bound once at module level): the branch under it of this `if` never runs"
        assert [r for r in reasons if said in r], reasons


def test_a_constant_bound_again_is_no_constant() -> None:
    source = (FIXTURES / "eager_constant_false_branch.before.py").read_text()
    assert "LEARNING_RATE = 0.05\n" in source  # the anchor the rebindings are written after
    for rebinding in ("USE_MOVING_AVERAGE = True\n", "def f():\n    global USE_MOVING_AVERAGE\n"):
        text = source.replace("LEARNING_RATE = 0.05\n", "LEARNING_RATE = 0.05\n" + rebinding)
        _, reasons = migrated_with_reasons(text)
        assert len(reasons) == 1 and "graph mode" in reasons[0], reasons  # the module's own reason
        assert "is False" not in reasons[0], reasons


def test_a_dead_branch_in_a_helper_the_rewrite_inlines_is_left_out_behind_a_raise(tmp_path: Path) -> None:
    source = """\
import tensorflow as tf

SMOOTH = False


def make_step(cost):
    counter = tf.Variable(0, trainable=False)
    if SMOOTH:
        return tf.train.ExponentialMovingAverage(0.9, counter).apply(tf.trainable_variables())
    return tf.train.GradientDescentOptimizer(0.1).minimize(cost, global_step=counter)


x = tf.placeholder(tf.float32, [None, 1])
v = tf.Variable(tf.ones([1, 1]))
cost = tf.reduce_mean(tf.square(tf.matmul(x, v)))
step = make_step(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        print(sess.run([step, cost], feed_dict={x: [[2.0]]})[1])
"""
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None and "Session" not in migrated and "placeholder" not in migrated
    assert len(reasons) == 1 and "the branch of this `if` in `make_step` never runs" in reasons[0]
    guard = "if SMOOTH:\n    raise NotImplementedError("  # the inlined helper's dead branch can stand nowhere
    assert guard in migrated and "ExponentialMovingAverage" not in migrated, migrated
    tf1 = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n" + source.split("\n", 1)[1]
    baseline = run_in_a_shared_child(tf1, tmp_path / "tf1", graph=True)
    out = run_in_a_shared_child(migrated, tmp_path / "eager", graph=False)
    assert out == baseline and len(baseline.split()) == 4, baseline


def test_a_flipped_constant_stops_at_the_branch_left_out(tmp_path: Path) -> None:
    """Whoever sets the constant after the migration meets the branch tfmigrate left out, not a silent plain step."""
    source = (FIXTURES / "eager_constant_false_in_model_helper.before.py").read_text()
    migrated, _ = migrated_with_reasons(source)
    assert migrated is not None
    code = migrated.replace("USE_DROPOUT = False", "USE_DROPOUT = True") + "\n"
    done = run_jobs([job("program", code, tmp_path)], graph=False, legacy_keras=False)[
        "program"
    ]  # eager, as the migrated module runs
    assert not done.ok and "NotImplementedError: tfmigrate left out the branch of `if USE_DROPOUT:`" in done.stderr


def test_a_module_using_tensor_eval_still_has_its_dead_branches_read() -> None:
    """``accuracy.eval(feed)`` is an attribute, not the builtin ``eval`` that reads names by their text."""
    source = (FIXTURES / "eager_constant_false_in_model_helper.before.py").read_text()
    assert "accuracy.eval(feed)" in source
    _, reasons = migrated_with_reasons(source)
    assert len(reasons) == 1 and "`USE_DROPOUT` is False" in reasons[0], reasons
    _, reasons = migrated_with_reasons(source.replace("accuracy.eval(feed)", "eval('accuracy').eval(feed)"))
    assert not [r for r in reasons if "`USE_DROPOUT` is False" in r], reasons


def test_kept_dead_code_draws_no_graph_mode_report() -> None:
    """TFM102 reads what the eager rewrite kept on purpose (a dead function in a graph of its own, a branch that
    never runs) as no graph site: no "mixes TF1 Session code with eager-only code" report, no switch."""
    from fixture_migrations import migrate

    from tfmigrate.config import Options

    for fixture in ("dead_session_function", "eager_constant_false_branch", "eager_dead_session_helpers"):
        result = migrate((FIXTURES / f"{fixture}.before.py").read_text(), Options(), "program.py")
        assert result.migrated is not None
        assert not [f for f in result.followups if f.code == "TFM102"], (fixture, result.followups)
        assert "disable_eager_execution" not in result.migrated


def test_a_second_run_reads_kept_code_as_code_that_never_runs() -> None:
    """tfmigrate's output read again has no eager rewrite to tell TFM102 what it kept (a branch on a module constant,
    a function nothing calls in a graph of its own or its Session's): TFM102 finds both itself (dead_code.never_run,
    the ``with`` entering a graph), so the TF1 code kept there makes no "mixes TF1 Session code with eager-only
    code" report beside the output's ``.numpy()``; nor does TFM201 call a program whose Sessions all stand in
    functions it never calls "kept in graph mode" (kept_sessions.py). The text comes out byte-identical, and a
    follow-up is one the first run gave (the TFM101 one of a kept branch says the same)."""
    from fixture_migrations import migrate

    from tfmigrate.config import Options

    for fixture in (
        "eager_constant_false_branch",
        "eager_constant_false_in_model_helper",
        "eager_dead_session_helpers",
        "dead_session_function",
    ):
        first = migrate((FIXTURES / f"{fixture}.before.py").read_text(), Options(), "program.py")
        once, said = first.migrated, {f.message for f in first.followups}
        assert once is not None, fixture
        result = migrate(once, Options(), "program.py")
        assert result.migrated in (None, once), fixture
        assert all(f.message in said or "never runs" in f.message for f in result.followups), (fixture, result)


def test_an_else_branch_that_never_runs_in_an_inlined_helper_is_left_out_behind_a_raise() -> None:
    """``if not MOVING_ABLE: <plain step> else: <EMA step>`` in ``buildTrain``: the taken branch, migrated, stays
    under the written test where the helper's code lands; the ``else:`` becomes the raise."""
    source = (FIXTURES / "eager_constant_false_in_inlined_helper.before.py").read_text()
    start, middle = source.index("    if MOVING_ABLE:\n"), source.index("    else:\n")
    end = source.index("    return train_op")
    dead, plain = source[start + len("    if MOVING_ABLE:\n") : middle], source[middle + len("    else:\n") : end]
    swapped = source[:start] + "    if not MOVING_ABLE:\n" + plain + "    else:\n" + dead + source[end:]
    migrated, reasons = migrated_with_reasons(swapped)
    assert migrated is not None and "Session" not in migrated and "ExponentialMovingAverage" not in migrated
    assert len(reasons) == 1 and "the `else:` branch of this `if` in `buildTrain` never runs" in reasons[0], reasons
    assert "\nif not MOVING_ABLE:\n" in migrated
    guard = "else:\n    raise NotImplementedError('tfmigrate left out the `else:` branch of `if not MOVING_ABLE:`"
    assert guard in migrated, migrated


def test_helpers_given_the_session_nothing_calls_stay_runnable_in_that_sessions_graph(tmp_path: Path) -> None:
    """An API-notes file: helpers taking ``sess``, main() calls one. The others are kept as written inside
    ``with sess.graph.as_default():`` (``x.eval()`` under ``sess.as_default()`` is a method, not the builtin
    ``eval``), and another module calling one with a tf.compat.v1.Session still gets TF1's values."""
    source = (FIXTURES / "eager_dead_session_helpers.before.py").read_text()
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None
    assert migrated.count("    with sess.graph.as_default():\n") == 3, migrated
    dead = sorted(r.split("`")[1] for r in reasons if "runs the Session it is given" in r)
    assert dead == ["tf_concat", "tf_gather", "tf_reduce"], reasons
    assert not [r for r in reasons if "graph mode" in r], reasons
    live = migrated.split("def main():")[1]
    assert "sess" not in live, live
    calls = "".join(f"with tf.compat.v1.Session() as s:\n    {name}(s)\n" for name in dead)
    program = migrated.replace('if __name__ == "__main__":', "if False:") + calls
    out = run_in_a_shared_child(program, tmp_path, graph=False)  # eager, as the migrated module runs
    assert "concat [[1 2]\n [3 4]\n [5 6]\n [7 8]]" in out, out
    assert "sum [ 3. 12.]" in out and "gather [40. 20.]" in out, out


def test_a_helper_given_two_sessions_is_not_read_as_given_one() -> None:
    """Which parameter is the Session must be plain: two parameters run means no graph to keep it in."""
    source = (FIXTURES / "eager_dead_session_helpers.before.py").read_text()
    two = source.replace("def tf_concat(sess):\n", "def tf_concat(sess, other):\n    other.run(tf.constant(1))\n")
    _, reasons = migrated_with_reasons(two)
    assert [r for r in reasons if "graph mode" in r and "tf_concat" in r], reasons


def test_a_helper_running_something_else_it_is_given_is_not_read_as_given_a_session() -> None:
    """``def serve(app): app.run()`` builds no TensorFlow op: its parameter is no Session, so it is not wrapped
    in ``app.graph.as_default()`` (another module calling it would break); the module keeps its own reason."""
    source = (FIXTURES / "eager_dead_session_helpers.before.py").read_text()
    served = source.replace("def main():\n", "def serve(app):\n    app.run(debug=True)\n\n\ndef main():\n")
    migrated, reasons = migrated_with_reasons(served)
    assert migrated is not None and "app.graph" not in migrated, migrated
    assert [r for r in reasons if "graph mode" in r], reasons
