"""Reinforcement-learning agent shapes that kept held-out set 25's deep-Q and CartPole agents in the graph tier (issue
16): an estimator class taking its optimizer class as an argument (``optimizer=tf.train.AdamOptimizer``, called as
``self.optimizer(self.lr).minimize(self.loss)``, session/optimizer_classes.py) with its learning rate fed through a
placeholder by ``self.train.run(session=self.sess, feed_dict=...)`` (fed_rates.py), and a layer stack whose list
holds the first layer before the loop appends the rest (``fc.append(dense(x)); for i in range(n):
fc.append(dense(fc[i - 1]))``, loops.py). Each program runs as the TF1 baseline and, migrated, on TF 2.21 with the
baseline's numbers; what is not shown equal keeps the graph tier with its reason."""

from __future__ import annotations

import pytest
from fixture_migrations import migrate
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate, graph_markers

from tfmigrate.config import Options

KEPT_BRANCH = (
    "`self.continue_training` is True (bound once, by the one construction of its class): the branch under it of "
    "this `if` never runs and is kept as written, not migrated; migrate it by hand before changing the constant"
)
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}

# natschz/deepq's estimator in small: a grid of one-hot states, the Q network trained on fed targets.
ESTIMATOR = """\
import random
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
random.seed(0)


class QNet:
    def __init__(self, n_states, n_actions, optimizer={optimizer}, learning_rate=0.01, gamma=0.9,
                 continue_training=True):
        self.n_states = n_states
        self.n_actions = n_actions
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.gamma = gamma
        self.continue_training = continue_training
        self.sess = None
        self.new_session()

    def new_session(self):
        if self.sess is not None:
            self.sess.close()
        self.sess = tf.Session()
        self.build()
        self.build_train()
        self.sess.run(tf.global_variables_initializer())

    def build(self):
        self.x = tf.placeholder('float', shape=[None, self.n_states])
        self.y = tf.placeholder('float', shape=[None])
        self.a = tf.placeholder('float', shape=[None, self.n_actions])
        self.lr = tf.placeholder('float')
        w = tf.get_variable('w', [self.n_states, self.n_actions], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable('b', [self.n_actions], initializer=tf.constant_initializer(0.1))
        self.q = tf.matmul(self.x, w) + b

    def build_train(self):
        action = tf.reduce_sum(tf.multiply(self.q, self.a), reduction_indices=1)
        self.loss = tf.reduce_mean(tf.square(self.y - action))
        self.train = self.optimizer(self.lr).minimize(self.loss)

    def predict(self, states):
        return self.q.eval(session=self.sess, feed_dict={{self.x: states}})

    def fit(self, env, episodes):
        if self.continue_training is False:
            self.sess.run(tf.global_variables_initializer())
        for episode in range(episodes):
            state = env.reset()
            for step in range(6):
                action = [0] * self.n_actions
                if random.random() < 0.5:
                    action[np.argmax(self.predict([state]))] = 1
                else:
                    action[random.randint(0, self.n_actions - 1)] = 1
                new_state, reward, done = env.step(int(np.argmax(action)))
                self.train_batch([(state, action, reward, new_state, done)], 0.1 / (1 + episode))
                state = new_state
                if done:
                    break

    def train_batch(self, batch, rate):
        state = [d[0] for d in batch]
        action = [d[1] for d in batch]
        predicted = self.predict([d[3] for d in batch])
        target = []
        for idx in range(len(batch)):
            if batch[idx][4]:
                target.append(batch[idx][2])
            else:
                target.append(batch[idx][2] + self.gamma * np.max(predicted[idx]))
        self.train.run(session=self.sess, feed_dict={{self.x: state, self.y: target, self.a: action, self.lr: rate}})


class Chain:  # a deterministic stand-in for a gym grid: one-hot states, the last one pays and ends the episode

    def __init__(self, n):
        self.n = n
        self.state = 0

    def reset(self):
        self.state = 0
        return np.eye(self.n, dtype=np.float32)[0]

    def step(self, action):
        self.state = min(self.state + 1 + action, self.n - 1)
        done = self.state == self.n - 1
        return np.eye(self.n, dtype=np.float32)[self.state], float(done), done


net = QNet(5, 2{passed})
net.fit(Chain(5), 4)
print(net.predict(np.eye(5, dtype=np.float32)))
"""
# a layer stack whose list holds the first layer before the loop appends the rest, each pass reading an item by a
# computed index (jk_cartpole's ``fc_layer[layer - 1]``: the first pass reads ``[-1]``, the item there then)
STACK = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)


def fully_connected(input_tensor, outputs, activation_func=tf.nn.relu):
    return tf.layers.dense(inputs=input_tensor, units=outputs, activation=activation_func)


fc_layers = 3
x = tf.placeholder(tf.float32, [None, 6])
target = tf.placeholder(tf.float32, [None])
fc_layer = []
fc_layer.append(tf.layers.dropout(fully_connected(x, 8), rate=0.0))
for layer in range(fc_layers):
    fc_layer.append(tf.layers.dropout(fully_connected(fc_layer[layer - 1], 8), rate=0.0))
output_layer = fully_connected(fc_layer[fc_layers - 1], 2, None)
loss = tf.reduce_mean(tf.squared_difference(target, output_layer[:, 0]))
train = tf.train.AdamOptimizer(1e-2).minimize(loss)
data = np.random.RandomState(0).rand(4, 6).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        _, l = sess.run([train, loss], feed_dict={x: data, target: data[:, 0]})
        print(l)
"""
MODULE_ALIAS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
optimizer = tf.train.{optimizer}
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None])
lr = tf.placeholder(tf.float32)
w = tf.Variable(tf.random_normal([3, 1], stddev=0.5))
loss = tf.reduce_mean(tf.square(y - tf.reshape(tf.matmul(x, w), [-1])))
train = optimizer(lr).minimize(loss)
data = np.random.RandomState(1).rand(8, 3).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(6):
    _, l = sess.run([train, loss], feed_dict={{x: data, y: data.sum(1), lr: 0.1 / (1 + i)}})
    print(l)
"""
PROVED = {
    "estimator_optimizer_default": ESTIMATOR.format(optimizer="tf.train.AdamOptimizer", passed=""),
    "estimator_optimizer_passed": ESTIMATOR.format(
        optimizer="tf.train.AdamOptimizer", passed=", optimizer=tf.train.RMSPropOptimizer"
    ),
    # the builder given host attributes in the method the constructor calls (deepq's ``self.create_fc_model(
    # self.input_size, self.layers)`` in ``initialize_new_session``): that method is read into the constructor
    # before attribute_arguments reads the attributes passed
    "estimator_builder_given_attributes": ESTIMATOR.format(optimizer="tf.train.AdamOptimizer", passed="")
    .replace("        self.build()\n", "        self.build(self.n_states, self.n_actions)\n")
    .replace("def build(self):", "def build(self, n_in, n_out):")
    .replace("[None, self.n_states]", "[None, n_in]")
    .replace("[self.n_states, self.n_actions]", "[n_in, n_out]")
    .replace("[self.n_actions]", "[n_out]"),
    "module_alias_adam": MODULE_ALIAS.format(optimizer="AdamOptimizer"),
    "module_alias_momentum": MODULE_ALIAS.format(optimizer="MomentumOptimizer").replace(
        "optimizer(lr)", "optimizer(lr, 0.9)"
    ),
}
STACKED = {"layer_stack_filled_before": STACK}
# What keeps the graph tier, with its reason: the held name bound twice (which class a call makes is not told by
# the code), and a loop whose passes a host object counts at run time (jk_cartpole's
# ``tf.split(q, env.action_space.n)``: how many ops TF1 built is not written in the program).
REFUSED = {
    "optimizer_bound_twice": (
        MODULE_ALIAS.format(optimizer="AdamOptimizer").replace(
            "train = optimizer(lr)",
            "if len(y.shape) == 1:\n    optimizer = tf.train.GradientDescentOptimizer\ntrain = optimizer(lr)",
        ),
        "minimize() of an optimizer tfmigrate does not model",
    ),
    "layer_count_from_a_host_object": (
        STACK.replace("fc_layers = 3\n", "import collections\nspec = collections.namedtuple('Spec', 'n')(3)\n")
        .replace("range(fc_layers)", "range(spec.n)")
        .replace("fc_layer[fc_layers - 1]", "fc_layer[-1]"),
        "in a `for` loop that tfmigrate does not unroll",
    ),
}


@pytest.fixture(scope="module")
def outcomes():
    programs = [Program(name, source, META) for name, source in PROVED.items()]
    programs += [Program(name, source, {**META, "legacy_keras": True}) for name, source in STACKED.items()]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(PROVED))
def test_optimizer_class_held_by_a_name_is_read_as_that_class_with_the_baseline_numbers(outcomes, name) -> None:
    """No Session is left and the numbers are TF1's; the optimizer class the program bound (a constructor default or
    argument, an alias), which nothing calls any more, is dropped with its binding (inert_optimizer_parameters.py):
    no graph-mode name is left."""
    outcome = outcomes[name]
    kept = [KEPT_BRANCH] if "continue_training" in PROVED[name] else []
    assert reasons(PROVED[name]) == kept, reasons(PROVED[name])
    text = outcome.migrated_text or ""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "Session" not in code and "placeholder" not in code and "disable_v2_behavior" not in code, text
    assert not graph_markers(text), graph_markers(text)
    assert outcome.session_free
    assert ".minimize(" not in code and "apply_gradients(" in code, text
    assert_baseline_numbers(outcome)


def test_session_code_in_the_estimator_branch_that_never_runs_is_named_with_that_branch() -> None:
    """``if self.continue_training is False: self.sess.run(init)`` (deepq's ``fit``), the flag the constructor's
    default True: the eager rewrite keeps that branch as written, a follow-up on the ``if`` says so, and TFM102
    names that branch as the Session code left beside the eager code, not the module as mixing two styles."""
    source = PROVED["estimator_optimizer_default"]
    line = source.splitlines().index("        if self.continue_training is False:") + 1
    result = migrate(source, Options(), "program.py")
    said = [(f.line, f.code, f.message) for f in result.followups]
    assert (line, "TFM201", KEPT_BRANCH) in said, said
    graph_mode = [(at, message) for at, code, message in said if code == "TFM102"]
    assert graph_mode == [
        (
            line + 1,
            f"TF1 Session code kept as written under `if self.continue_training is False:` (line {line}), a branch "
            "the eager rewrite reads as never run and did not migrate (its follow-up says why); the rest of the "
            "module runs eagerly now (.numpy()), so that branch would run no Session: migrate it by hand before it "
            "can run",
        )
    ], said


@pytest.mark.parametrize("name", sorted(STACKED))
def test_layer_stack_whose_list_is_filled_before_its_loop_comes_out_session_free(outcomes, name) -> None:
    outcome = outcomes[name]
    assert "tf.keras.layers.Dense" in (outcome.migrated_text or "")
    assert_session_free_with_baseline_numbers(outcome)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_shown_equal_keeps_the_graph_tier_with_its_reason(name) -> None:
    source, reason = REFUSED[name]
    found = reasons(source)
    assert found and reason in found[0], found
