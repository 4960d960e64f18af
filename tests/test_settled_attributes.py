"""TFM201 on a graph class whose host property reads attributes the constructor settles other than at its own level
(session/settled_attributes.py): the GAN collection's dataset branch (``if dataset_name == "mnist" or ...: self.z_dim
= z_dim ... else: raise NotImplementedError``) and a data class beside the model storing an attribute of the same
name through its own ``self``. Run on real TensorFlow (tests/session_harness.py): session-free, the TF1 numbers,
resumed from the TF1 checkpoint; a binding some returning construction may skip keeps the graph tier, named."""

from __future__ import annotations

import pytest
from session_harness import Program, evaluate
from test_class_properties import BUILT_IN_MAIN, GAN

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

SETTLED = """        self.z_dim = z_dim
        self.dataset_name = dataset_name
        self.checkpoint_dir = checkpoint_dir
        self.data_X = rng.rand(16, 4).astype(np.float32)
        self.num_batches = len(self.data_X) // self.batch_size
"""
# The collection's constructor: the sizes and the data bound in the branch of the dataset's name, else ``raise``.
BRANCH = """        self.dataset_name = dataset_name
        self.checkpoint_dir = checkpoint_dir
        if dataset_name == "mnist" or dataset_name == "fashion-mnist":
            self.z_dim = z_dim
            self.data_X = rng.rand(16, 4).astype(np.float32)
            self.num_batches = len(self.data_X) // self.batch_size
        else:
            raise NotImplementedError
"""
IN_BRANCH = GAN.replace(SETTLED, BRANCH).replace('dataset_name="toy"', 'dataset_name="mnist"')
MAIN_IN_BRANCH = (
    BUILT_IN_MAIN.replace(SETTLED, BRANCH)
    .replace('dataset_name="toy"', "dataset_name=args.dataset")
    .replace(
        '    parser.add_argument("--epoch"',
        '    parser.add_argument("--dataset", type=str, default="mnist")\n    parser.add_argument("--epoch"',
    )
)
# A data class beside the model with its own ``self.batch_size`` (the stock-RNN programs' ``StockDataSet``).
PROVIDER = """

class DataProvider(object):
    def __init__(self, data, batch_size):
        self.data = data
        self.batch_size = batch_size

    def batches(self):
        for start in range(0, len(self.data) - self.batch_size + 1, self.batch_size):
            yield self.data[start : start + self.batch_size]
"""


def _resumed(name: str, source: str, root):
    outcome = evaluate([Program(name, source, {"random": "seeded", "checkpoint": "resume"})], root=root)[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    return outcome, outcome.migrated_text or ""


def reason_of(source: str) -> str:
    """The one TFM201 follow-up of a program that keeps the graph tier."""
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1, ours
    return ours[0].message


@pytest.mark.parametrize(
    ("name", "source"),
    [pytest.param("gan_branch", IN_BRANCH, id="module"), pytest.param("gan_branch_main", MAIN_IN_BRANCH, id="main")],
)
def test_attributes_bound_in_the_branch_that_does_not_raise_are_host_data(name, source, tmp_path) -> None:
    """``model_dir`` reads ``self.z_dim``, bound in the branch every returning construction ran: the property is
    kept as written, the branch too (undecided: the dataset comes from argparse in main), and the migrated program
    prints the TF1 numbers and resumes from the TF1 checkpoint under ``checkpoint/GAN_mnist_4_3``."""
    assert BRANCH in source and source not in (GAN, BUILT_IN_MAIN)
    outcome, text = _resumed(name, source, tmp_path)
    assert BRANCH in text and "self.model_dir =" not in text, text
    assert '"{}_{}_{}_{}".format(self.model_name, self.dataset_name, self.batch_size, self.z_dim)' in text, text
    assert outcome.baseline_resume is not None and "loaded True" in outcome.baseline_resume.stdout
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("        else:\n            raise NotImplementedError\n", "", id="no else"),
        pytest.param(
            "            raise NotImplementedError\n", "            self.z_dim = 2\n", id="else binds it again"
        ),
        pytest.param("            raise NotImplementedError\n", '            print("other")\n', id="else goes on"),
    ],
)
def test_a_binding_a_returning_construction_may_skip_keeps_the_graph_tier(old, new) -> None:
    source = IN_BRANCH.replace(old, new)
    assert source != IN_BRANCH
    assert "reads `self.z_dim`, which is not one constructor binding of host data" in reason_of(source)


def test_a_data_class_binding_the_same_attribute_name_on_its_own_instances_is_not_a_second_binding(tmp_path) -> None:
    """``DataProvider.__init__`` stores ``self.batch_size`` on its own instances: not the model's, so the model's
    ``self.batch_size`` is still bound once and ``model_dir`` is host data."""
    source = IN_BRANCH.replace("\n\nclass GAN(object):", PROVIDER + "\n\nclass GAN(object):", 1).replace(
        "print(gan.model_dir)\n", "print(gan.model_dir, len(list(DataProvider(gan.data_X, 8).batches())))\n"
    )
    assert "class DataProvider" in source and "DataProvider(gan.data_X" in source
    outcome, text = _resumed("gan_provider", source, tmp_path)
    assert PROVIDER.strip() in text, text
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


def test_a_class_deriving_from_the_model_storing_the_attribute_keeps_the_graph_tier() -> None:
    """A subclass's ``self`` may be the model's instance: its store counts, and the property is refused. The
    subclass is constructed: one nothing constructs is set aside (``unconstructed_subclasses``)."""
    derived = PROVIDER.replace("class DataProvider(object):", "class DataProvider(GAN):")
    source = IN_BRANCH.replace("\nsess = tf.Session()", derived + "\n\nsess = tf.Session()", 1).replace(
        "print(gan.model_dir)\n", "print(gan.model_dir, len(list(DataProvider(gan.data_X, 8).batches())))\n", 1
    )
    assert "class DataProvider(GAN)" in source and "DataProvider(gan.data_X" in source
    assert "reads `self.batch_size`, which is not one constructor binding of host data" in reason_of(source)


def test_attributes_bound_together_from_parameters_are_host_data(tmp_path) -> None:
    """``self.dataset_name, self.checkpoint_dir = dataset_name, checkpoint_dir``: each target gets its own
    parameter, so ``model_dir`` reads one binding of each."""
    pair = "        self.dataset_name, self.checkpoint_dir = dataset_name, checkpoint_dir\n"
    source = IN_BRANCH.replace(
        "        self.dataset_name = dataset_name\n        self.checkpoint_dir = checkpoint_dir\n", pair, 1
    )
    assert pair in source
    outcome, text = _resumed("gan_pair", source, tmp_path)
    assert pair in text, text
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("        self.z_dim, self.k = 5, 6\n", id="tuple"),
        pytest.param("        for self.z_dim in range(2):\n            pass\n", id="loop"),
    ],
)
def test_an_attribute_stored_again_as_part_of_a_target_keeps_the_graph_tier(stored) -> None:
    source = IN_BRANCH.replace("        could_load = self.load(", stored + "        could_load = self.load(", 1)
    assert stored in source
    assert "reads `self.z_dim`, which is not one constructor binding of host data" in reason_of(source)
