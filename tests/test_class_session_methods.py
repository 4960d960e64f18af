"""TFM201 on a graph class whose one training method opens its own Session (``def train(self): with tf.Session()
as sess: ...``) or runs one a host setter stored (``def set_session(self, session): self.session = session``),
the class built once and the method called once (session/class_session_methods.py). The rewrites are proved on
real TensorFlow by the fixtures TFM201/eager_class_trains_in_own_session and TFM201/eager_class_session_setter
(tests/test_eager_rewrite.py); here, that the class comes back as written and that the shapes whose body would
mean something else at the call keep the graph tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
TRAINS = (FIXTURES / "eager_class_trains_in_own_session.before.py").read_text()
SETTER = (FIXTURES / "eager_class_session_setter.before.py").read_text()
CALL = "model.train(5)\n"
SET = "    ann.set_session(session)\n    ann.fit(X, Y)\n"


def _ours(source: str):
    result = migrate_source(source, Options(), "program.py")
    return result, [f for f in result.followups if f.code == "TFM201"]


def test_the_method_comes_back_in_the_class_and_the_call_where_it_stood() -> None:
    result, ours = _ours(TRAINS)
    assert not ours, ours
    migrated = result.migrated
    assert "Session" not in migrated and "placeholder" not in migrated
    assert "    def train(self, epochs, batches=10):\n" in migrated
    assert 'print("pred", self.pred(x).numpy().ravel())' in migrated
    assert migrated.endswith("model = LinearModel(2, 0.1)\nmodel.train(5)\n")
    assert migrated.index("def __init__") < migrated.index("def train")


def test_a_setter_stays_host_code_and_the_stored_session_goes() -> None:
    result, ours = _ours(SETTER)
    assert not ours, ours
    migrated = result.migrated
    assert "InteractiveSession" not in migrated and "self.session.run" not in migrated
    assert "    def set_session(self, session):\n        self.session = session\n" in migrated
    assert migrated.index("def set_session") < migrated.index("def fit")
    assert "    ann = ANN([3])\n    ann.fit(X, Y)\n" in migrated


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("x", "        x = np.array([[0, 1], [1, 0], [1, 1], [2, 1]], np.float32)\n"),
        ("epochs", "    def train(self, epochs, batches=10):\n"),
    ],
    ids=["a local", "a parameter"],
)
def test_a_name_of_the_method_named_where_it_is_called_is_its_own_and_comes_back_as_written(
    name: str, kept: str
) -> None:
    """``x`` (a local) or ``epochs`` (a parameter, bound to the call's 5 before the body) of the method and
    ``x = 3`` of the module are two bindings: the body read at the call spells its own apart (``x__train_local``),
    the put-back spells it ``x`` again; the module still prints its 3. A parameter so renamed runs on real
    TensorFlow in tests/test_session_per_method_owners.py (``X`` of predict)."""
    result, ours = _ours(TRAINS.replace(CALL, f"{name} = 3\n{CALL}print({name})\n"))
    assert not ours, ours
    migrated = result.migrated
    assert "__train_local" not in migrated and "Session" not in migrated
    assert kept in migrated
    assert migrated.endswith(f"{name} = 3\nmodel.train(5)\nprint({name})\n")


OPENS = "opens a Session other than once"


@pytest.mark.parametrize(
    "source, reason",
    [
        pytest.param(
            TRAINS.replace(CALL, CALL + "model.train(2)\n"),
            OPENS + " as a constructor's attribute or in one method read at its call: method `train`, which opens "
            "the Session, is called by more than one statement (line 31)",
            id="called twice",
        ),
        pytest.param(
            TRAINS.replace(CALL, "for _ in range(2):\n    " + CALL),
            "method `train`, which opens the Session, is not called by a statement `instance.train(...)`",
            id="called in a loop",
        ),
        pytest.param(
            TRAINS.replace('            print("pred"', '            print(self)\n            print("pred"'),
            "method `train`, which opens the Session, reads `self` bare (passed or stored) (line 26)",
            id="self read bare",
        ),
        pytest.param(
            TRAINS.replace('            print("pred"', '            return\n            print("pred"'),
            "method `train`, which opens the Session, returns other than by one `return <name>` as its last "
            "statement (its body is read at its call) (line 26)",
            id="an early return",
        ),
        pytest.param(
            TRAINS.replace(CALL, "losses = " + CALL),
            "the call binds what method `train` returns, and the method returns no name (line 30)",
            id="a call binding what a method returning None returns",
        ),
        pytest.param(
            TRAINS.replace(
                "        with tf.Session() as sess:\n",
                "        with tf.Session() as sess:\n            self.sess = sess\n",
            )
            .replace(
                "\n\nmodel = ",
                "\n    def predict(self, x):\n        return self.sess.run(self.pred, {self.x: x})\n\n\nmodel = ",
            )
            .replace(CALL, CALL + "print(model.predict([[1, 1]]))\n"),
            "method `predict` (run by `model.predict(...)`, which the module calls besides `model.train(...)`) reads "
            "`self.sess` that method `train` stores: a graph one method builds and another runs later is not modelled",
            id="a graph the method builds run again by another method",
        ),
        pytest.param(
            TRAINS.replace(CALL, CALL + "other = LinearModel(2, 0.1)\n"),
            "runs on `model` only, and the class is constructed again (a Session per instance is not modelled) "
            "(line 31)",
            id="a second instance",
        ),
        pytest.param(
            TRAINS.replace(CALL, "if len(__file__) > 0:\n    " + CALL),
            "method `train`, which opens the Session, is called in a block nested in the one holding the one binding "
            "`model = LinearModel(...)` (the construction and the call are read in one block only) (line 31)",
            id="constructed once, called in an if block (no second instance)",
        ),
        pytest.param(
            TRAINS.replace(
                "\n\nmodel = ",
                "\n    def load(self, path):\n        self.sess = tf.Session()\n        tf.train.Saver().restore(self.sess, path)"
                "\n\n\nmodel = ",
            ).replace(CALL, "if len(__file__) > 0:\n    " + CALL + "else:\n    model.load('model')\n"),
            "methods `train` and `load` each open one, and two such methods are read only as a pair, each called "
            "once by a statement of one block (method `load`, line 28, opens a second Session, called on line 37 in "
            "the other branch of the `if` on line 34) (line 35)",
            id="a load method on the other branch named with its line",
        ),
        pytest.param(
            SETTER.replace(SET, "    ann.set_session(session)\n    print(1)\n    ann.fit(X, Y)\n"),
            "method `fit` runs the Session its setter `set_session` stores, "
            "and the setter is called other than right before `ann.fit(...)`",
            id="setter not right before the call",
        ),
        pytest.param(
            SETTER.replace(
                "    def set_session",
                "    def predict(self, X):\n        return self.session.run(X)\n\n    def set_session",
            ).replace(SET, SET + "    print(ann.predict(X))\n"),  # called: uncalled_methods sets aside one never named
            "the Session that setter `set_session` stores (`self.session`) is run by more than one method "
            "(`predict`, `fit`): a graph one method builds and another runs later is not modelled (line 15)",
            id="stored session run by another method",
        ),
        pytest.param(
            SETTER.replace(
                "    session = tf.InteractiveSession()\n",
                "    sessions = [tf.InteractiveSession()]\n    session = sessions[0]\n",
            ),
            "method `fit` runs the Session its setter `set_session` stores, "
            "and the setter is called other than right before `ann.fit(...)`",
            id="setter passed something else",
        ),
        pytest.param(
            TRAINS.replace('            print("pred"', '            self.last, _ = loss, 0\n            print("pred"'),
            "method `train`, which runs the Session (its body read at its call), stores `self.last` on the instance",
            id="a Session method storing an attribute in a tuple target",
        ),
    ],
)
def test_shapes_tf1_may_read_otherwise_keep_the_graph_tier(source: str, reason: str) -> None:
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours


def test_a_feed_item_keyed_by_an_attribute_is_no_store_on_the_instance() -> None:
    """``feed[self.x] = x`` reads ``self.x`` (the key): the method stores nothing on the instance and is read at its
    call as before."""
    source = TRAINS.replace(
        "                    _, loss = sess.run((self.optimizer, self.loss), feed_dict={self.x: x, self.y: y})\n",
        "                    feed = {self.x: x}\n                    feed[self.y] = y\n"
        "                    _, loss = sess.run((self.optimizer, self.loss), feed_dict=feed)\n",
    )
    assert source != TRAINS
    result, ours = _ours(source)
    assert all("stores `self." not in f.message for f in ours), ours


COURSE = {  # fixture -> (line, reason): each names the construct the rewrite would need
    "graph_tier_course_hidden_layer_list": (
        28,
        "class `HiddenLayer` builds graph ops and is constructed in a loop in method `fit` of class `ANN`",
    ),
}


def test_the_course_fit_predict_shapes_name_what_they_need() -> None:
    """The sklearn-style course model whose layers are a list of small layer instances keeps the graph tier, the
    reason at the construct it stops at (fit() keeping its graph on the instance runs eagerly:
    tests/test_fit_constructors.py)."""
    for case, (line, reason) in COURSE.items():
        result, ours = _ours((FIXTURES / f"{case}.before.py").read_text())
        assert "disable_v2_behavior()" in result.migrated, case
        assert len(ours) == 1 and ours[0].line == line and reason in ours[0].message, ours


QSOLVER = FIXTURES / "eager_q_network_solver_run_method.before.py"


def test_a_q_network_solver_named_run_keeps_its_methods_and_host_state() -> None:
    """Held-out set 24's shape (quick24): ``self.train_step.run`` and ``sess.run`` are no uses of the method ``run``,
    ``self.epsilon`` is host state, ``remember`` host code; ``learn`` is read at its call."""
    from fixture_migrations import migrate  # the migration tests/test_eager_rewrite.py runs, made once per run

    result = migrate(QSOLVER.read_text(), Options(), QSOLVER.name)
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    migrated = result.migrated or ""
    assert "    def run(self):\n" in migrated and "    def remember(self, state" in migrated
    assert "self.epsilon = self.epsilon * self.eps_decay" in migrated and "def learn" not in migrated


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(  # the graph reads the rate the run rebinds: TF1 built it from the first value
            "self.err = tf.reduce_mean(", "self.err = self.epsilon * tf.reduce_mean(", id="state-read-by-the-graph"
        ),
        pytest.param(  # a store in a helper would bind a local of the function it is read as
            "self.memory.append((state, action, reward, next_state, done))",
            "self.last = (state, action, reward, next_state, done)",
            id="helper-storing-on-the-instance",
        ),
    ],
)
def test_a_q_network_solver_that_means_otherwise_keeps_the_graph_tier(old: str, new: str) -> None:
    source = QSOLVER.read_text()
    assert old in source
    result, ours = _ours(source.replace(old, new, 1))
    assert ours and "disable_v2_behavior()" in (result.migrated or ""), ours
