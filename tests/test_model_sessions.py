"""One model, several Sessions (issue 16): a module-level model instance whose constructor makes the Saver, trained
by ``main()`` through its ``train(sess, ...)`` method and restored by ``test_main()``, the module running one after
the other (session/sequential_runs.py, the join in session/shared_joins.py; the input the constructor is given fed
through ``self.x``, session/placeholder_aliases.py); and a class constructed by ``train_model()`` and again by
``generate()`` after ``tf.reset_default_graph()`` (session/function_parts.py). The fixtures TFM201/eager_model_instance_*
and eager_class_built_by_train_and_again_by_generate_after_reset run on TF; here the migrated program restores the
checkpoints the TF1 program wrote and prints TF1's numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child
from test_eager_rewrite import _numbers

from tfmigrate import Options, migrate_source

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
RESUMING = FIXTURES / "eager_model_instance_given_its_input_resumes_in_train_method.before.py"
TWICE = FIXTURES / "eager_class_built_by_train_and_again_by_generate_after_reset.before.py"
BEFORE = (
    Path(__file__).parent
    / "fixtures"
    / "TFM201"
    / "eager_model_instance_trained_by_main_restored_by_test_main.before.py"
)
TF1 = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


def test_test_main_migrated_restores_the_tf1_checkpoint(tmp_path) -> None:
    source = BEFORE.read_text().replace("CKPT_DIR = tempfile.mkdtemp()", 'CKPT_DIR = "ae_checkpoints"')
    result = migrate_source(source, Options(), "program.py")
    assert not [f.message for f in result.followups if f.code == "TFM201"]
    migrated = result.migrated or ""
    assert "tf.Session" not in migrated and "compat.v1" not in migrated and "train.Saver" not in migrated, migrated
    baseline = run_in_a_shared_child(source.replace("import tensorflow as tf\n", TF1), tmp_path, graph=True)
    restoring = migrated.replace("    main()\n    test_main()\n", "    test_main()\n")
    assert restoring != migrated
    got = run_in_a_shared_child(restoring, tmp_path, graph=False)
    want = _numbers(baseline[baseline.index("test") :])
    assert len(want) == 19 and len(_numbers(got)) == len(want), (baseline, got)
    assert _numbers(got) == pytest.approx(want, rel=1e-4), (baseline, got)


@pytest.mark.parametrize("optimizer", ["GradientDescentOptimizer(0.5)", "AdamOptimizer(0.02)"])
def test_train_method_migrated_resumes_from_the_tf1_checkpoint(tmp_path, optimizer) -> None:
    """TF1 runs the program twice in one folder, the second ``train()`` restoring what the first saved; the migrated
    program, run once on a copy of what TF1's first run left, prints TF1's second run. With Adam the restore puts
    back its slots by their TF1 names through a generated function the instance holds (savers.restore_name), which
    ``test_main()`` calls too."""
    source = RESUMING.read_text().replace("CKPT_DIR = tempfile.mkdtemp()", 'CKPT_DIR = "ae_checkpoints"')
    source = source.replace("GradientDescentOptimizer(0.5)", optimizer)
    assert optimizer in source
    result = migrate_source(source, Options(), "program.py")
    assert not [f.message for f in result.followups if f.code == "TFM201"]
    migrated = result.migrated or ""
    assert "tf.Session" not in migrated and "placeholder" not in migrated and "train.Saver" not in migrated, migrated
    tf1 = source.replace("import tensorflow as tf\n", TF1)
    first = run_in_a_shared_child(tf1, tmp_path / "tf1", graph=True)
    shutil.copytree(tmp_path / "tf1", tmp_path / "eager")
    second = run_in_a_shared_child(tf1, tmp_path / "tf1", graph=True)
    got = run_in_a_shared_child(migrated, tmp_path / "eager", graph=False)
    assert _numbers(second) != pytest.approx(_numbers(first), rel=1e-3)  # the second run started from the first's
    assert len(_numbers(second)) == 29 and _numbers(got) == pytest.approx(_numbers(second), rel=1e-4), (second, got)


def test_generate_migrated_restores_the_tf1_checkpoint(tmp_path) -> None:
    """The class built by train_model() and again by generate() after tf.reset_default_graph()
    (session/function_parts.py): the migrated generate(), run alone on the checkpoint TF1's train_model() wrote,
    prints what TF1's generate() printed."""
    source = TWICE.read_text().replace("SAVE_DIR = tempfile.mkdtemp()", 'SAVE_DIR = "vae_checkpoints"')
    result = migrate_source(source, Options(), "program.py")
    assert not [f.message for f in result.followups if f.code == "TFM201"]
    migrated = result.migrated or ""
    assert "tf.Session" not in migrated and "compat.v1" not in migrated and "reset_default_graph" not in migrated
    assert migrated.count("class VAE") == 1, migrated
    (tmp_path / "vae_checkpoints").mkdir()
    baseline = run_in_a_shared_child(source.replace("import tensorflow as tf\n", TF1), tmp_path, graph=True)
    alone = migrated.replace("    train_model()\n    generate()\n", "    generate()\n")
    assert alone != migrated
    got = run_in_a_shared_child(alone, tmp_path, graph=False)
    want = _numbers(baseline)[10:]  # after the five (epoch, cost) pairs
    assert len(want) == 11 and _numbers(got) == pytest.approx(want, rel=1e-4), (baseline, got)


@pytest.mark.parametrize(
    ("path", "old", "new", "reason"),
    [
        (  # a variable the instance's Saver was made before: TF1's test_main() starts it over
            BEFORE,
            "autoencoder = AutoEncoder(3, CKPT_DIR)\n",
            "autoencoder = AutoEncoder(3, CKPT_DIR)\nscale = tf.Variable(2.0)\n",
            "without first restoring",
        ),
        (
            BEFORE,
            "        autoencoder.saver.restore(sess, ckpt.model_checkpoint_path)\n",
            "",
            "without first restoring",
        ),
        (
            BEFORE,
            "        self.saver = tf.train.Saver()\n",
            "        self.saver = tf.train.Saver([w1])\n",
            "without first restoring",
        ),
        (TWICE, "    tf.reset_default_graph()\n", "", "without first `tf.reset_default_graph()`"),
        (
            TWICE,
            "np.random.seed(7)\n",
            "np.random.seed(7)\ntf.set_random_seed(7)\n",
            "a graph reset would leave behind",
        ),
        (
            TWICE,
            "        self.z = tf.nn.tanh(tf.matmul(self.x, self.w_enc) + self.b_enc)\n",
            "        self.z = tf.layers.dense(self.x, n_z, activation=tf.nn.tanh)\n",
            "Keras names layers once per process",
        ),
    ],
)
def test_what_may_not_restore_every_variable_or_may_share_a_graph_keeps_the_graph_tier(path, old, new, reason) -> None:
    source = path.read_text()
    assert old in source
    result = migrate_source(source.replace(old, new), Options(select=("TFM201",)), "program.py")
    assert "tf.train.Checkpoint(" not in (result.migrated or "")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert len(reasons) == 1 and reason in reasons[0], reasons
