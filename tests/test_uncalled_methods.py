"""A graph class's method nothing in the file calls is kept as written beside the eager class (uncalled_methods.py):
one follow-up per class names it, since an importer calling it would find the TF1 instance gone."""

from __future__ import annotations

from pathlib import Path

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"


def test_an_uncalled_builder_method_is_kept_as_written_with_one_follow_up_at_its_line() -> None:
    source = (FIXTURES / "eager_class_uncalled_method.before.py").read_text()
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    line = source.split("\n").index("    def loss_nce(self, l2_lambda=0.0001):") + 1
    assert [f.line for f in ours] == [line], ours
    assert "method `loss_nce` is called nowhere in this file and kept as written" in ours[0].message
    assert "graph attributes as TF1 built them" in ours[0].message and "self.sess" not in ours[0].message
    assert (
        "disable_v2_behavior" not in result.migrated and "    def loss_nce(self, l2_lambda=0.0001):" in result.migrated
    )
