"""A helper defined inside the one method that opens a class's Session: ``def train(self): with tf.Session() as
sess: def feed_dict(train): if train: xs, ys = data.next_batch(100) ... return {self.x: xs, self.y_: ys}`` (the
shape of TensorFlow's ``mnist_with_summaries.py`` written as a trainer class's method).

The method's body is read where it is called (class_session_methods.py); a ``def`` in it is a statement of that
body like any other, so it stands at the call as it stood in the method, ``self`` spelled as the instance there, and
the proof reads it as it reads such a function in a module-level Session block (feed_functions.py, helpers.py).
Only a plain ``def``: no decorator, not async, no ``yield`` (a generator's body runs later, not where it stands);
``global``/``nonlocal`` anywhere in the method are refused by the method's own reading. Its ``return`` statements
are its own, not the method's."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants


def plain(function: cst.FunctionDef) -> bool:
    """A ``def`` that, put where the method is called, defines the same function."""
    return (
        not function.decorators
        and function.asynchronous is None
        and isinstance(function.body, cst.IndentedBlock)
        and not any(isinstance(n, (cst.Yield, cst.Await)) for n in descendants(function.body))
    )


def own_returns(method: cst.FunctionDef) -> set[cst.Return]:
    """The ``return`` statements of the ``def`` statements nested in ``method``."""
    return {
        node
        for inner in descendants(method.body)
        if isinstance(inner, cst.FunctionDef)
        for node in descendants(inner.body)
        if isinstance(node, cst.Return)
    }
