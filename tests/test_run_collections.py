"""A run migrates with the cyclic collector's rarer passes (tfmigrate.api.RUN_GC_THRESHOLDS), collects the young
generation once each file is done, and gives the caller's thresholds back when it ends."""

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


def test_a_run_migrates_with_the_objects_before_it_frozen_and_hands_them_back(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", encoding="utf-8")
    frozen: list[int] = []
    migrate = api.migrate_text
    monkeypatch.setattr(api, "migrate_text", lambda *a, **k: frozen.append(gc.get_freeze_count()) or migrate(*a, **k))
    before = gc.get_freeze_count()
    results = list(api.migrate_paths([tmp_path], jobs=1))
    assert [r.status for r in results] == [api.Status.CHANGED]
    assert frozen[0] > before  # the modules, tables and memos loaded before the run
    assert gc.get_freeze_count() == before


def test_objects_frozen_for_a_run_are_handed_back_when_it_fails(monkeypatch) -> None:
    before = gc.get_freeze_count()
    try:
        with api._earlier_objects_frozen():
            assert gc.get_freeze_count() > before
            raise RuntimeError("a run that fails")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == before


def test_a_caller_s_own_frozen_objects_stay_frozen() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()  # falls as frozen objects are freed, never rises without a freeze
        with api._earlier_objects_frozen():
            assert 0 < gc.get_freeze_count() <= before  # nothing frozen on top of the caller's
        assert 0 < gc.get_freeze_count() <= before  # and the caller's objects not handed back
    finally:
        gc.unfreeze()


def test_a_run_collects_the_young_generation_once_each_file_is_done(tmp_path, monkeypatch) -> None:
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", encoding="utf-8")
    events: list[object] = []
    migrate, collect = api.migrate_text, gc.collect
    monkeypatch.setattr(api, "migrate_text", lambda *a, **k: events.append("file") or migrate(*a, **k))
    monkeypatch.setattr(gc, "collect", lambda *a: events.append(a) or collect(*a))
    assert len(list(api.migrate_paths([tmp_path], jobs=1))) == 2
    assert events == ["file", (0,), "file", (0,)]
