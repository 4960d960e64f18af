"""TF1's ``tf.summary.image`` in a program the eager rewrite converts (held-out set 25's th_gan_mnist_fc, refused:
its op fails eagerly on TF 2.21). Traced, the op TF1 built (``tf.raw_ops.ImageSummary``) runs, so its merged
summary is a ``tf.function`` writing TF1's ``Summary.Image`` events. Run on real TensorFlow: the PNGs both runs'
event files hold are decoded and compared pixel by pixel, with the same tags and steps; the baseline's are checked
against TF1's normalisation (summary_image_op.cc) written out here, so the comparison shows what it claims.
"""

from __future__ import annotations

import numpy as np
import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons, summary_events
from session_harness import PROGRAMS, evaluate, load_programs

NAME = "gan_image_summaries"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("image-summaries")
    return root, evaluate(load_programs([NAME]), root=root)[NAME]


def test_the_migrated_program_writes_tf1s_images(runs) -> None:
    root, outcome = runs
    assert_session_free_with_baseline_numbers(outcome)
    want, got = summary_events(root / "base" / NAME), summary_events(root / "mig" / NAME)
    images = sorted(key for key in want if "/image" in key[1])
    assert len(images) == 26, images  # raw 3, generated 2, bytes 1, noise 2 at steps 0, 10, 20; noise 2 at 30
    assert sorted(got) == sorted(want)
    pixels = [key for key in images if want[key] != got[key]]
    assert not pixels, pixels[:3]
    different = [key for key in want if want[key] != got[key] and not _near(want[key], got[key])]
    assert not different, different[:3]
    assert "@tf.function\ndef merged(X, z):\n    return [\n        tf.raw_ops.ImageSummary(" in outcome.migrated_text


def _near(want, got) -> bool:
    """Scalars and histogram statistics within 1e-5 relative (as test_eager_summaries compares them); an image's
    pixels are compared exactly, before this."""
    if isinstance(want, float):
        return bool(np.isclose(want, got, rtol=1e-5, atol=1e-7))
    return isinstance(want, tuple) and len(want) == len(got) and np.allclose(want, got, rtol=1e-5, atol=1e-7)


def _tf1_pixels(image: np.ndarray) -> np.ndarray:
    """TF1's float normalisation: all values >= 0 scaled so the largest is 255; else 127 / max|v|, offset 128."""
    low, high = float(image.min()), float(image.max())
    if low < 0:
        scale, offset = np.float32(127.0 / max(abs(low), abs(high))), np.float32(128.0)
    else:
        scale, offset = np.float32(255.0 / high), np.float32(0.0)
    return (image * scale + offset).astype(np.uint8)


def test_the_baseline_images_are_tf1s_normalisation(runs) -> None:
    root, _ = runs
    events = summary_events(root / "base" / NAME)
    images = np.random.RandomState(0).uniform(0.0, 1.0, (64, 8, 8, 1)).astype(np.float32)
    for i in range(3):
        height, width, colorspace, *pixels = events["logs/gan", f"raw_image/image/{i}", 0]
        assert (height, width, colorspace) == (8, 8, 1)
        assert pixels == _tf1_pixels(images[i]).ravel().tolist()
    assert events["logs/gan", "bytes/image", 0][3:] == tuple((images[0] * 255.0).astype(np.uint8).ravel().tolist())
    generated = events["logs/gan", "generated_image/image/0", 10][3:]
    assert min(generated) < 128 < max(generated)  # tanh's negative values: the offset rule


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        pytest.param(
            'tf.summary.histogram("Noise", z)\n',
            'tf.summary.histogram("Noise", z)\ntf.summary.text("note", tf.constant("gan"))\n',
            "an image summary merged with a text summary",
            id="merged with a text summary",
        ),
        pytest.param(
            'tf.summary.image("raw image", X, 3)\n',
            'shown = 3\ntf.summary.image("raw image", X, shown)\n',
            "tf.summary.image with max_outputs other than a literal positive integer",
            id="max_outputs not a literal",
        ),
        pytest.param(
            'tf.summary.image("raw image", X, 3)\n',
            'tf.summary.image("raw image", X, 3, family="inputs")\n',
            "tf.summary.image arguments beyond a name, a value and max_outputs (family, collections)",
            id="a family",
        ),
    ],
)
def test_image_summaries_not_modelled_keep_the_graph_tier(old: str, new: str, why: str) -> None:
    source = (PROGRAMS / f"{NAME}.py").read_text()
    assert old in source
    found = reasons(source.replace(old, new, 1))
    assert len(found) == 1 and why in found[0], found
