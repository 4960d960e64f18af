"""TFM201 on a graph class holding a ``@staticmethod`` (session/static_methods.py): a host helper reading an array's
shape is read as a function beside the class and comes back as written (its rewrite proved on real TensorFlow by
the fixture TFM201/eager_class_static_host_helper, tests/test_eager_rewrite.py); an alternative constructor, a
helper building graph ops and one called through an instance keep the graph tier, the reason naming them."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_class_session_methods import _ours

HELPER = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_class_static_host_helper.before.py").read_text()
STATIC = """    @staticmethod
    def get_shape(array):
        shape = array.shape
        return shape[0], 1 if len(shape) < 2 else shape[1]
"""


def test_a_host_static_method_comes_back_as_written_and_called_as_written() -> None:
    result, ours = _ours(HELPER)
    assert not ours, ours
    migrated = result.migrated
    assert "Session" not in migrated and "placeholder" not in migrated
    assert "class Regressor(object):\n" + STATIC + "\n    def __init__" in migrated
    assert "        rows, _ = self.get_shape(x_train)\n" in migrated
    assert "_, size_x = Regressor.get_shape(x)\nmodel = Regressor(size_x, 0.2)\nmodel.train(x, y, 40)\n" in migrated


LOAD = """
    @staticmethod
    def load(n_inputs):
        model = Regressor(n_inputs, 0.2)
        return model
"""


@pytest.mark.parametrize(
    "source, reason",
    [
        pytest.param(
            HELPER.replace("    def train(", LOAD.lstrip("\n") + "\n    def train("),
            "its static method `load` constructs it (`Regressor(...)`, an alternative constructor",
            id="an alternative constructor",
        ),
        pytest.param(
            HELPER.replace(
                "    def __init__",
                "    @staticmethod\n    def square(t):\n        return tf.square(t)\n\n    def __init__",
            ).replace("tf.reduce_mean(tf.square(", "tf.reduce_mean(Regressor.square("),
            "its static method `square` is not read as host code",
            id="a static method building graph ops",
        ),
        pytest.param(
            HELPER.replace("_, size_x = Regressor.get_shape(x)", "_, size_x = 2, 1\nprint(model.get_shape(x))"),
            "its static method `get_shape` is not read as host code",
            id="called through an instance",
        ),
    ],
)
def test_static_methods_not_read_as_host_code_keep_the_graph_tier(source: str, reason: str) -> None:
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours
