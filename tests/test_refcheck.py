"""refcheck finds TensorFlow references that do not exist, and every TF1-rule fixture output passes it."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from fixture_migrations import migrate
from timeouts import limit

from tfmigrate import Options
from tfmigrate.refcheck import check_source, check_sources, references, resolve

FIXTURES = Path(__file__).parent / "fixtures"
OWN = ("TFM101", "TFM102", "TFM103", "TFM104", "ALL")
UNRESOLVED = (
    "import tensorflow as tf\n"
    "a = tf.compat.v1.placeholder\n"
    "b = tf.placeholder\n"
    "from tensorflow.contrib import slim\n"
    "c = tf.compat.v1.flags.FLAGS.anything_defined_at_run_time\n"
)
RANDOM = ["attr:tensorflow.random.normal", "attr:tensorflow.random_normal"]


@pytest.fixture(scope="module", autouse=True)
def _one_tensorflow_start() -> None:
    """Every reference this module's tests resolve, resolved in one child (a TensorFlow start, about 4 CPU-s, per
    Keras mode) instead of one per test: ``resolve`` keeps each answer for the rest of the process."""
    random = "import tensorflow as tf\na = tf.random.normal\nb = tf.random_normal\n"
    check_sources([UNRESOLVED, random, *_texts()], limit(600))


def test_references_follow_every_binding() -> None:
    text = (
        "import tensorflow as tf\n"
        "import tensorflow.compat.v1 as v1\n"
        "from tensorflow import train\n"
        "from tensorflow.keras.layers import Dense\n"
        "x = tf.nn.relu(v1.placeholder(tf.float32))\n"
        "o = train.AdamOptimizer\n"
        "y = other.tf.placeholder\n"
    )
    keys = {key for _, key in references(text)}
    assert "attr:tensorflow.nn.relu" in keys
    assert "attr:tensorflow.nn" not in keys  # only the longest chain is checked
    assert "attr:tensorflow.compat.v1.placeholder" in keys
    assert "attr:tensorflow.train.AdamOptimizer" in keys
    assert "from:tensorflow.keras.layers:Dense" in keys
    assert "import:tensorflow.compat.v1" in keys
    assert not any("other" in key for key in keys)


def test_unresolved_references_have_lines_and_reasons() -> None:
    found = check_source(UNRESOLVED, limit(600))
    assert [(r.line, r.name) for r in found] == [(3, "tensorflow.placeholder"), (4, "tensorflow.contrib:slim")]
    assert "placeholder" in found[0].reason


def test_resolve_caches_and_reports_errors() -> None:
    first = resolve(RANDOM, limit(600))
    assert first["attr:tensorflow.random.normal"] is None
    assert first["attr:tensorflow.random_normal"]
    assert resolve(["attr:tensorflow.random.normal"], limit(600)) == {"attr:tensorflow.random.normal": None}


def test_syntax_error_is_raised() -> None:
    with pytest.raises(SyntaxError):
        references("def (:\n")


@functools.cache
def _outputs() -> list[tuple[str, str, set[int], int]]:
    """(case id, migrated text, lines with a follow-up, lines added) for every fixture of the TF1 rules.

    Follow-ups name lines of the input; inserted lines (TFM102's switch, added imports) shift the output.
    """
    out = []
    for code in OWN:
        for before in sorted((FIXTURES / code).glob("*.before.py")):
            options = Options() if code == "ALL" else Options(select=(code,))
            source = before.read_text(encoding="utf-8")
            result = migrate(source, options, before.name)  # tests/test_fixtures.py's migration, made once per run
            added = max(0, result.migrated.count("\n") - source.count("\n"))
            out.append((f"{code}/{before.name}", result.migrated, {f.line for f in result.followups}, added))
    return out


def _texts() -> list[str]:
    return [text for _, text, _, _ in _outputs()]


def test_every_tf1_fixture_output_resolves_or_is_reported() -> None:
    """What the TF1 rules write exists in TF 2.21; what they leave broken carries a follow-up on that line.

    Single-rule fixtures are checked only for the names that rule is responsible for: a TFM103-only run leaves
    tf.placeholder for TFM101, so only the ALL fixtures are checked for every reference.
    """
    outputs = _outputs()
    results = check_sources(_texts(), limit(600))
    bad = []
    for (case, _, followed, added), unresolved in zip(outputs, results):
        for ref in unresolved:
            if any(ref.line - added <= line <= ref.line for line in followed):
                continue
            if not case.startswith("ALL/") and not _owned(case.split("/")[0], ref.name):
                continue
            bad.append(f"{case}:{ref.line} {ref.name} ({ref.reason})")
    assert not bad, "\n".join(bad)


def _owned(code: str, name: str) -> bool:
    if code == "TFM101":
        return "contrib" not in name and ".layers." not in name
    if code == "TFM103":
        return ".layers." in name
    if code == "TFM104":
        return "contrib" in name
    return False


def test_a_programs_own_attribute_on_tf_is_not_a_reference() -> None:
    from tfmigrate.refcheck import references

    text = "import tensorflow as tf\ntf.model = tf.keras.Sequential()\ntf.model.fit(x)\ntf.a, tf.b = 1, 2\ntf.modle.fit(x)\n"
    assert references(text) == [
        (1, "import:tensorflow"),
        (2, "attr:tensorflow.keras.Sequential"),
        (5, "attr:tensorflow.modle.fit"),
    ]
