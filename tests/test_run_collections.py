"""A run migrates with the cyclic collector's rarer passes (tfmigrate.api.RUN_GC_THRESHOLDS) and gives the caller's
thresholds back when it ends."""

from __future__ import annotations

import gc

from tfmigrate import api


def test_a_run_migrates_with_fewer_collections_and_restores_them(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", encoding="utf-8")
    seen: list[tuple[int, ...]] = []
    migrate = api.migrate_text
    monkeypatch.setattr(api, "migrate_text", lambda *a, **k: seen.append(gc.get_threshold()) or migrate(*a, **k))
    before = gc.get_threshold()
    results = list(api.migrate_paths([tmp_path], jobs=1))
    assert [r.status for r in results] == [api.Status.CHANGED]
    assert seen == [api.RUN_GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before
