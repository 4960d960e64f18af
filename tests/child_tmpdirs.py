"""A long-lived TensorFlow child's own TMPDIR, removed when the child is closed.

The harness ends its children with SIGKILL (a child may be stuck in a program), so TensorFlow's ``atexit`` removal
of the ``__autograph_generated_file*.py`` its ``tf.function``s wrote never runs, and what the programs make with
``tempfile`` stays too: about 400 files a full run. In a folder of the child's own they go when it is closed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def child_tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="tfm-child-"))
