"""Run-time stand-ins for the MNIST tutorial programs of tests/programs, installed by every interpreter tests/session_harness.py starts:
- `tensorflow.examples` (gone from TensorFlow 2) is mnist_support/tfexamples, so a TF1 baseline's
  `from tensorflow.examples.tutorials.mnist import input_data` gets the synthetic TF1 input_data;
- keras' and tf_keras' `datasets.mnist.load_data` return the same synthetic arrays (no download), so a migrated
  program whose MNIST comes from tf.keras.datasets.mnist.load_data() (tfmigrate's TFM308) reads the same data."""

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_PATCHED = ("keras.src.datasets.mnist", "tf_keras.src.datasets.mnist")


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow.examples":
            package = os.path.join(_HERE, "tfexamples")
            return importlib.util.spec_from_file_location(
                name, os.path.join(package, "__init__.py"), submodule_search_locations=[package]
            )
        if name in _PATCHED:
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None:
                return None
            real = spec.loader

            class _Loader(importlib.abc.Loader):
                def create_module(self, spec):
                    return real.create_module(spec)

                def exec_module(self, module):
                    real.exec_module(module)
                    import mnist_synthetic

                    module.unhooked_load_data = module.load_data
                    module.load_data = mnist_synthetic.load_data

            spec.loader = _Loader()
            return spec
        return None


_FINDER = _Finder()
sys.meta_path.insert(0, _FINDER)


def _fixed_reseed():
    """Without a graph seed (no tf.set_random_seed before read_data_sets) and without seed=, TF1's DataSet (and
    TFM308's stand-in, as TF1 did) calls numpy.random.seed(None): a reseed from OS entropy, so two runs shuffle
    their batches differently. Here a reseed without a seed is a reseed with 0, so the baseline and the migrated
    program draw the same batches and their numbers can be compared. A seeded reseed (the graph seed, or seed=)
    is left as it is: those batches are TF1's own."""
    import numpy

    reseed = numpy.random.seed

    def seed(seed=None):
        reseed(0 if seed is None else seed)

    numpy.random.seed = seed
    return reseed, seed


_RESEEDS = _fixed_reseed()


def enable(on: bool) -> None:
    """The stand-ins on (as installed) or off, for the next program of a child that also runs programs as a process
    of their own would (tests/interpreters.py's run_python): off, ``tensorflow.examples`` is not importable (and
    forgotten if a program imported it), Keras' MNIST modules read their own ``load_data`` and a reseed without a
    seed reseeds from entropy."""
    import numpy

    if (_FINDER in sys.meta_path) == on:
        return
    if on:
        sys.meta_path.insert(0, _FINDER)
    else:
        sys.meta_path.remove(_FINDER)
        for name in [name for name in sys.modules if name.split(".")[:2] == ["tensorflow", "examples"]]:
            del sys.modules[name]
        if "examples" in vars(sys.modules.get("tensorflow", sys)):
            delattr(sys.modules["tensorflow"], "examples")
    numpy.random.seed = _RESEEDS[1] if on else _RESEEDS[0]
    import mnist_synthetic

    for patched in _PATCHED:  # and the modules of its package that imported load_data (keras.datasets.mnist)
        source = sys.modules.get(patched)
        if source is None:
            continue
        real = vars(source).setdefault("unhooked_load_data", source.load_data)
        package = patched.split(".")[0]
        for name, module in list(sys.modules.items()):
            if module is None or name.split(".")[0] != package or not name.endswith("datasets.mnist"):
                continue
            if vars(module).get("load_data") in (real, mnist_synthetic.load_data):
                module.load_data = mnist_synthetic.load_data if on else real
