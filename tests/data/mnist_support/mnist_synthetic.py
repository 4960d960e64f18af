"""Synthetic MNIST arrays for the MNIST tutorial programs of tests/programs (no download here), shaped like keras' mnist.load_data():
uint8 images (N, 28, 28) and uint8 labels; 6200 training images (so 1200 stay after TF1's 5000-image
validation split) and 500 test images, numpy RandomState(0). Each label brightens one band of rows, so a model can
learn it. The TF1 baseline's input_data and the migrated program's tf.keras.datasets.mnist.load_data() both read
these same arrays."""

import numpy as np

_CACHE = {}


def load_data(path="mnist.npz"):
    if "data" not in _CACHE:
        rng = np.random.RandomState(0)

        def split(n):
            labels = rng.randint(0, 10, n).astype(np.uint8)
            images = rng.randint(0, 77, (n, 28, 28)).astype(np.uint8)
            for i, label in enumerate(labels):
                images[i, 2 + 2 * label : 4 + 2 * label, :] = 230
            return images, labels

        _CACHE["data"] = (split(6200), split(500))
    (a, b), (c, d) = _CACHE["data"]
    return (a.copy(), b.copy()), (c.copy(), d.copy())
