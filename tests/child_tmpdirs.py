"""A long-lived TensorFlow child's own TMPDIR, removed when the child is closed.

The harness ends its children with SIGKILL (a child may be stuck in a program), so TensorFlow's ``atexit`` removal
of the ``__autograph_generated_file*.py`` its ``tf.function``s wrote never runs, and what the programs make with
``tempfile`` stays too: about 400 files a full run. In a folder of the child's own they go when it is closed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def child_tmpdir() -> Path:
    # ``_`` before the random part: a program printing a path under it ("Saving graph to: ...") must not print a
    # number there (``-6bjun7x3`` reads as 6 to the harness's number comparison; ``_6bjun7x3`` does not)
    return Path(tempfile.mkdtemp(prefix="tfm-child_"))
