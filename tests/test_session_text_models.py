"""TFM201 on the model-file constructs of public TF1 text classifiers (TextCNN/TextRNN/fastText classes with a
``test()`` self-test) beyond the constructor branches of test_session_class_branches.py: the embedding matrix built
by ``tf.get_variable("Embedding", ...)`` in ``tf.name_scope("embedding")`` (TF1 compares graph names without case,
so the variable and its checkpoint key are ``Embedding_1``), and the constructor's epoch counter, its increment and
an exponentially decayed rate. Each is run on real TensorFlow (tests/session_harness.py): the TF1 program and the
migrated one print the same numbers, and the migrated one resumes from the TF1 Saver's checkpoint."""

from __future__ import annotations

from session_harness import Program, evaluate
from test_session_class_branches import TRAIN

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

# The embedding in its own name scope, looked up under a name scope of the same name (TextRNN's and fastText's
# ``instantiate_weights`` / ``inference``): TF1 names the variable ``Embedding_1`` and the lookup's scope
# ``embedding_2``.
EMBEDDING = TRAIN.replace(
    """        with tf.name_scope("weights"):
            self.Embedding = tf.get_variable("Embedding", shape=[self.vocab_size, self.embed_size],
                                             initializer=tf.random_normal_initializer(stddev=0.1))
""",
    """        with tf.name_scope("embedding"):
            self.Embedding = tf.get_variable("Embedding", shape=[self.vocab_size, self.embed_size],
                                             initializer=tf.random_normal_initializer(stddev=0.1))
        with tf.name_scope("weights"):
""",
).replace(
    "        self.embedded_words = tf.nn.embedding_lookup(self.Embedding, self.input_x)\n",
    """        with tf.name_scope("embedding"):
            self.embedded_words = tf.nn.embedding_lookup(self.Embedding, self.input_x)
""",
)

# The constructor's counters (brightmart-style model files): an epoch step, its increment op run once after the
# epoch, the learning rate decayed by the global step in a staircase.
EPOCHS = TRAIN.replace(
    '        self.global_step = tf.Variable(0, trainable=False, name="Global_Step")\n',
    """        self.global_step = tf.Variable(0, trainable=False, name="Global_Step")
        self.epoch_step = tf.Variable(0, trainable=False, name="Epoch_Step")
        self.epoch_increment = tf.assign(self.epoch_step, tf.add(self.epoch_step, tf.constant(1)))
        self.decay_steps, self.decay_rate = 2, 0.5
        self.learning_rate = tf.train.exponential_decay(learning_rate, self.global_step, self.decay_steps,
                                                        self.decay_rate, staircase=True)
""",
).replace(
    "        print(sess.run(model.global_step))\n",
    """        print(sess.run(model.global_step))
        sess.run(model.epoch_increment)
        print(sess.run([model.epoch_step, model.learning_rate]))
""",
)


# The L2 term over every trainable variable but the biases, in the loss method (TextCNN/TextRNN/TextRCNN model
# files): the output bias is named ``bias`` so the filter drops it.
L2 = TRAIN.replace(
    'self.b_projection = tf.get_variable("b_projection", shape=[self.num_classes])',
    'self.b_projection = tf.get_variable("bias", shape=[self.num_classes])',
).replace(
    "            loss = tf.reduce_mean(losses)\n",
    """            l2_losses = tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables() if 'bias' not in v.name]) * 0.01
            loss = tf.reduce_mean(losses) + l2_losses
""",
    1,
)


def _proved(program: Program, root) -> str:
    """The migrated text of a program that comes out session-free, prints the TF1 run's numbers and, resumed,
    restores the TF1 checkpoint."""
    outcome = evaluate([program], root=root)[program.name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    matched, resumed = outcome.resume_match()
    assert matched, resumed
    assert outcome.same_numbers, outcome.numbers_match()[1]
    return outcome.migrated_text or ""


def _ours(source: str) -> list:
    return [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]


def test_an_embedding_named_like_its_name_scope_gets_its_tf1_name(tmp_path) -> None:
    """``tf.get_variable("Embedding")`` in ``tf.name_scope("embedding")``: the eager call is given TF1's
    ``Embedding_1``, so the TF1 checkpoint restores; the lookup's numbered name scope holds no variable and is kept."""
    assert EMBEDDING.count('tf.name_scope("embedding")') == 2
    text = _proved(Program("text_embedding_scope", EMBEDDING, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert 'self.Embedding = tf.compat.v1.get_variable("Embedding_1", shape=' in text, text
    assert text.count('with tf.name_scope("embedding"):') == 2, text


def test_a_variable_in_a_numbered_name_scope_keeps_the_graph_tier() -> None:
    """A variable made in the second ``tf.name_scope("embedding")``: TF1 names it ``embedding_2/...``, a name eager
    TF2 does not give it, so the Saver program keeps the graph tier, naming the scope's line."""
    source = EMBEDDING.replace(
        "            self.embedded_words = tf.nn.embedding_lookup(self.Embedding, self.input_x)\n",
        "            self.embedded_words = tf.nn.embedding_lookup(self.Embedding, self.input_x)\n"
        '            self.scale = tf.Variable(1.0, name="scale")\n',
    )
    line = [i for i, text in enumerate(source.splitlines(), 1) if 'tf.name_scope("embedding")' in text][1]
    ours = _ours(source)
    assert len(ours) == 1, ours
    assert (
        "tf.name_scope('embedding') is entered twice (TF1 named the later entry `embedding_2`, numbering a scope within "
        f"its enclosing name scope) (line {line})"
    ) in ours[0].message


def test_epoch_counter_and_decayed_rate_are_rewritten(tmp_path) -> None:
    """``epoch_step``, ``epoch_increment = tf.assign(...)`` and ``tf.train.exponential_decay(..., staircase=True)``
    built in the constructor: the decayed rate steps with the global step as in TF1 and both counters resume from
    the TF1 checkpoint (``Global_Step``, ``Epoch_Step``)."""
    text = _proved(Program("text_epoch_counters", EPOCHS, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert "tf.train.exponential_decay" not in text and "sess.run" not in text, text


def test_an_l2_term_over_the_trainable_variables_is_rewritten(tmp_path) -> None:
    """``tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables() if 'bias' not in v.name])``: the eager loss
    iterates the trainable variables built before it, in TF1's order (the untrainable global step left out), and
    the name filter drops the bias as in TF1."""
    text = _proved(Program("text_l2_trainable", L2, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    listed = "for v in [self.Embedding, self.W_projection, self.b_projection] if 'bias' not in v.name]) * 0.01"
    assert listed in text, text


def test_a_variable_built_after_the_l2_term_is_not_listed(tmp_path) -> None:
    """A trainable variable built after the loss was not in TF1's collection when the loss was built: the eager
    list leaves it out too."""
    after = L2.replace(
        "        self.train_op = self.train()\n",
        '        self.scale = tf.Variable(1.0, name="scale")\n        self.train_op = self.train()\n',
    )
    text = _proved(Program("text_l2_variable_after", after, {"random": "seeded"}), tmp_path)
    assert "for v in [self.Embedding, self.W_projection, self.b_projection] if" in text, text


def test_an_l2_filter_numbering_could_change_keeps_the_graph_tier() -> None:
    """``if 'W_projection' not in v.name``: TF1 numbers names with ``_1``, eager TF2 does not, so a literal with
    ``_`` may test differently on the eager names; the follow-up names the condition's line."""
    source = L2.replace("if 'bias' not in v.name", "if 'W_projection' not in v.name")
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "tf.trainable_variables()" in text)
    ours = _ours(source)
    assert len(ours) == 1 and "tf.trainable_variables() iterated under a condition" in ours[0].message, ours
    assert f"(line {line})" in ours[0].message, ours


def test_an_adam_optimizer_on_the_instance_resumes_its_tf1_slots(tmp_path) -> None:
    """``self.optimizer = tf.train.AdamOptimizer(lr)`` in the train builder with a Saver: the Checkpoint holds the
    optimizer and the TF1 checkpoint's ``Embedding/Adam``, ``beta1_power``... restore into its slots."""
    source = TRAIN.replace(
        "        optimizer = tf.train.GradientDescentOptimizer(self.learning_rate)\n"
        "        train_op = optimizer.minimize(",
        "        self.optimizer = tf.train.AdamOptimizer(self.learning_rate)\n"
        "        train_op = self.optimizer.minimize(",
    )
    assert source != TRAIN
    text = _proved(Program("text_adam_on_instance", source, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert "optimizer=model.optimizer" in text and 'reader.get_tensor(name + "/Adam")' in text, text


def test_an_adam_optimizer_local_to_the_builder_resumes_its_tf1_slots(tmp_path) -> None:
    """``optimizer = tf.train.AdamOptimizer(lr)`` local to ``def train(self)`` with a Saver: the builder keeps its
    local and stores it on the instance (``self.optimizer = optimizer``), so the module's Checkpoint holds it and the
    TF1 checkpoint's slots restore into it."""
    source = TRAIN.replace("tf.train.GradientDescentOptimizer(", "tf.train.AdamOptimizer(")
    text = _proved(Program("text_adam_local", source, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert "        self.optimizer = optimizer\n" in text and "optimizer=model.optimizer" in text, text


def test_a_builder_local_the_class_names_as_an_attribute_is_stored_under_another_name(tmp_path) -> None:
    """The class already has an attribute ``optimizer`` (here a string the constructor stores): the builder's local
    is stored as ``self.optimizer_`` (class_locals.expose), so the string is untouched, the module's Checkpoint
    holds the optimizer and the TF1 checkpoint's slots restore into it."""
    source = TRAIN.replace("tf.train.GradientDescentOptimizer(", "tf.train.AdamOptimizer(").replace(
        "        self.multi_label_flag = multi_label_flag\n",
        '        self.multi_label_flag = multi_label_flag\n        self.optimizer = "adam"\n',
    )
    program = Program("text_adam_local_beside_attribute", source, {"random": "seeded", "checkpoint": "resume"})
    text = _proved(program, tmp_path)
    assert 'self.optimizer = "adam"' in text and "self.optimizer_ = optimizer" in text, text
    assert "optimizer=model.optimizer_" in text, text


def test_the_four_constructs_together_are_rewritten(tmp_path) -> None:
    """The model file as public text classifiers write it: the embedding in its name scope, the epoch counter and
    decayed rate, the L2 term over the trainable variables and a builder-local Adam optimizer, with a Saver."""
    source = (
        EMBEDDING.replace(
            'self.b_projection = tf.get_variable("b_projection", shape=[self.num_classes])',
            'self.b_projection = tf.get_variable("bias", shape=[self.num_classes])',
        )
        .replace(
            "            loss = tf.reduce_mean(losses)\n",
            L2[L2.index("            l2_losses") : L2.index("        return loss\n")],
            1,
        )
        .replace("tf.train.GradientDescentOptimizer(", "tf.train.AdamOptimizer(")
        .replace(
            '        self.global_step = tf.Variable(0, trainable=False, name="Global_Step")\n',
            EPOCHS[
                EPOCHS.index("        self.global_step = tf.Variable") : EPOCHS.index(
                    "        self.instantiate_weights()"
                )
            ],
        )
        .replace(
            "        print(sess.run(model.global_step))\n",
            EPOCHS[EPOCHS.index("        print(sess.run(model.global_step))\n") : EPOCHS.index("        saver.save(")],
        )
    )
    assert all(s in source for s in ("epoch_increment", "l2_losses", "AdamOptimizer(", 'tf.name_scope("embedding")'))
    text = _proved(Program("text_model_file", source, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert '"Embedding_1"' in text and "        self.optimizer = optimizer\n" in text, text
