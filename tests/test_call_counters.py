"""A graph class naming its variables by a counter method (deployml's ``self.kernel_count += 1; return
'kernel_{}'.format(self.kernel_count)``) that a get_variable helper calls once per layer while the constructor
builds the graph. Where those calls run once each in the order the source tells, each is given the name the
counter returned there (call_counters.py), the constructor leaves the count where the calls left it, and the
counter, called only by a method nothing calls, is kept as written (uncalled_methods.py). The TF1 checkpoint
restores by those names. Any other order keeps the graph tier with the counter's reason. Run on TF 2.21 against
the TF1 baseline."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, restored_from_the_tf1_checkpoint
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAME = "ik_deploy_model_kernel_counter"
SOURCE = (PROGRAMS / f"{NAME}.py").read_text()
COUNTER = "a counter of calls is not modelled"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    return evaluate(load_programs([NAME]), root=tmp_path_factory.mktemp("call-counters"))[NAME]


def test_the_counted_names_come_out_session_free_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)


def test_the_counted_names_restore_the_tf1_checkpoint(outcome) -> None:
    text = restored_from_the_tf1_checkpoint(outcome)
    assert "name='kernel_1'" in text and "name='kernel_2'" in text, text
    assert "self.kernel_count = 2" in text, text  # where the constructor's two calls left the count
    assert text.count("name=self.get_kernel_name()") == 2, text  # the uncalled method counts on from there


def _reasons(source: str) -> tuple[str, list[str]]:
    result = migrate_source(source, Options(), "model.py")
    return result.migrated, [f.message for f in result.followups if f.code == "TFM201"]


def test_without_the_uncalled_method_the_counter_is_set_aside_alone() -> None:
    source = SOURCE.split("    def large_block", 1)[0] + "\n\nif __name__" + SOURCE.split("\n\nif __name__", 1)[1]
    migrated, reasons = _reasons(source)
    assert "disable_v2_behavior()" not in migrated and "name='kernel_2'" in migrated, reasons
    assert reasons == ["class `Model`: method `get_kernel_name` is called nowhere in this file and kept as written"]


LOOP = (
    '        with tf.name_scope("first_block"):\n'
    "            for n_in, n_out in [(3, 5)]:\n"
    '                x = tf.nn.conv2d(x, filter=self.__kernel(n_in, n_out), strides=strides, padding="VALID")\n'
)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            (
                '        with tf.name_scope("first_block"):\n'
                '            x = tf.nn.conv2d(x, filter=self.__kernel(3, 5), strides=strides, padding="VALID")\n',
                LOOP,
            ),
            id="a call in a loop",
        ),
        pytest.param(
            ("        return loss\n", "        print(self.kernel_count)\n        return loss\n"),
            id="the count read elsewhere",
        ),
        pytest.param(
            ("        self.kernel_count = 0\n", ""),
            id="no count set by the constructor",
        ),
        pytest.param(
            ("        self._build_net()\n", "        self.kernel_count = 0\n        self._build_net()\n"),
            id="the count set twice",
        ),
    ],
)
def test_counts_the_source_does_not_order_keep_the_graph_tier(change: tuple[str, str]) -> None:
    assert change[0] in SOURCE
    migrated, reasons = _reasons(SOURCE.replace(*change))
    assert "disable_v2_behavior()" in migrated
    assert len(reasons) == 1 and COUNTER in reasons[0], reasons
