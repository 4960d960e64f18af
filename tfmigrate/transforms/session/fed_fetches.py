"""A fed placeholder fetched back: ``curr_cost, curr_W = sess.run([cost, W], feed_dict={W: feed_W})``, the
cost-curve labs' shape.

TF1 does not run a fed tensor: the Session returns the array it made of the feed, ``np.asarray(feed_W,
dtype=np.float32)``, which for a scalar is a 0-d ``numpy.ndarray`` (printed in a list as ``array(-3.,
dtype=float32)``). Eager ``tf.cast(feed_W, tf.float32).numpy()`` gives the scalar ``np.float32(-3.0)`` instead, the
same number in another type and text. So the fetch becomes that conversion itself, with the program's numpy
(``np.asarray``), or, where the program does not import numpy, ``tf.make_ndarray(tf.make_tensor_proto(...))``,
which converts as ``np.asarray`` does and returns an array of any rank.
"""

from __future__ import annotations

from tfmigrate.transforms.session.analysis import Program

NUMPY_DTYPES = frozenset({"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool_"})


def fed_value(program: Program, tf: str, fed: str, dtype: str) -> str | None:
    """The code of what TF1's Session returns for a fetched placeholder fed ``fed`` (placeholder dtype ``dtype``);
    None for a string placeholder (TF1 hands back the fed ``str`` objects, not checked here beyond that)."""
    if "str" in dtype:
        return None
    numpy = _numpy(program)
    if numpy is None:
        return f"{tf}.make_ndarray({tf}.make_tensor_proto({fed}, {dtype}))"
    name = dtype.removeprefix(f"{tf}.")
    if name != dtype and name in NUMPY_DTYPES:
        return f"{numpy}.asarray({fed}, dtype={numpy}.{name})"
    return f"{numpy}.asarray({fed}, dtype={tf}.as_dtype({dtype}).as_numpy_dtype)"


def _numpy(program: Program) -> str | None:
    """The name the program binds to numpy itself (once, ``import numpy as np``)."""
    names = [name for name, source in program.imported.items() if source == "numpy" and program.binds.get(name) == 1]
    return names[0] if len(names) == 1 else None
