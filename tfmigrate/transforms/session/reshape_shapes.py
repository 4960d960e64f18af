"""``tf.reshape(t, x.get_shape())``: a reshape to a tensor's static shape, DCGAN's ``ops.py`` (carpedm20 and its
copies) ``conv = tf.reshape(tf.nn.bias_add(conv, biases), conv.get_shape())``.

TF1 converts the TensorShape given as ``shape`` to a constant when it builds the op, and a shape with an unknown
dimension cannot be converted (``ValueError: Cannot convert a partially known TensorShape to a Tensor``): a program
that builds the graph had ``x``'s static shape fully known, and a fully known static shape is the shape ``x`` has
at every run. Eagerly, ``x.get_shape()`` is the shape of the value computed; in a traced function it is the static
shape of a trace made for the shapes of the values fed, where TF 2's shape inference knows what TF1's knew from the
placeholders' declared shapes. Either way it is the shape ``x`` has at run time, the one TF1 reshaped to.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Program, descendants

RESHAPE = "reshape"
GETTER = "get_shape"


def static(program: Program, value: cst.CSTNode) -> set[cst.Call]:
    """The ``x.get_shape()`` calls in ``value`` that are the whole ``shape`` argument of a ``tf.reshape``."""
    calls: set[cst.Call] = set()
    for call in descendants(value):
        if not (isinstance(call, cst.Call) and program.tf_path(call.func) == RESHAPE):
            continue
        shape = argument(call, 1, "shape")
        getter = shape.value if shape is not None else None
        if (
            isinstance(getter, cst.Call)
            and not getter.args
            and isinstance(getter.func, cst.Attribute)
            and getter.func.attr.value == GETTER
        ):
            calls.add(getter)
    return calls
