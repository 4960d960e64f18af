"""TFM201 on a constructor binding the pair a builder method returns, ``self.mean, self.log_var = self.encode()``
with ``def encode(self): ...; return mean, log_var`` (session/bound_builders.py): read as the method ending
``self.mean = mean; self.log_var = log_var``, put back as written. Proved on real TensorFlow by the fixture
TFM201/eager_class_builder_returns_pair (tests/test_eager_rewrite.py); here, that the class comes back as written
and that pairs bound one by one would differ from the tuple keep the graph tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PAIR = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_class_builder_returns_pair.before.py").read_text()
RETURN = "        return mean, log_var\n"


def test_the_pair_is_bound_and_returned_as_written() -> None:
    result = migrate_source(PAIR, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "        self.mean, self.log_var = self.encode()\n" in result.migrated
    assert "        return self.mean, self.log_var\n" in result.migrated
    assert "Session" not in result.migrated


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(PAIR.replace(RETURN, "        pair = mean, log_var\n        return pair\n"), id="a name"),
        pytest.param(PAIR.replace(RETURN, "        return mean, log_var, h\n"), id="three for two"),
        pytest.param(
            PAIR.replace("self.mean, self.log_var = self.encode()", "self.mean, *self.rest = self.encode()"),
            id="starred target",
        ),
        pytest.param(
            PAIR.replace("self.mean, self.log_var = self.encode()", "self.mean, self.mean = self.encode()"),
            id="one attribute twice",
        ),
    ],
)
def test_pairs_not_bound_one_by_one_keep_the_graph_tier(source: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    # The method named (it is inlined where the constructor reads its pair, and cannot be put back), or the
    # unpacking's own line (the targets are not distinct plain names).
    assert len(ours) == 1, ours
    assert "method `encode`" in ours[0].message or (ours[0].line == 11 and "unpacked" in ours[0].message), ours
