"""A numbered save path bound to a name first: dennybritz's text-CNN ``train.py`` and its forks write
``checkpoint_prefix = os.path.join(checkpoint_dir, "model")`` once, then ``saver.save(sess, checkpoint_prefix,
global_step=current_step)`` every N steps.

The name holds one value wherever it is read when the module binds it once, outside functions: the save path is that
expression, split as a written one is (savers.py), into the CheckpointManager's directory and checkpoint name. The
manager is built where the Saver was, so its directory expression is evaluated there rather than where the name was
bound: it is the same value where every name it reads is bound once too (and before the Saver, which savers.py
checks).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants, inside_functions


def binding(program: Program, path: cst.BaseExpression) -> cst.BaseExpression | None:
    """The value of the one module-level ``name = value`` binding ``path``'s name; None for anything else."""
    if not isinstance(path, cst.Name) or program.binds.get(path.value, 0) != 1:
        return None
    local = inside_functions(program.module)
    for node in descendants(program.module):
        if (
            isinstance(node, cst.Assign)
            and node not in local
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and node.targets[0].target.value == path.value
        ):
            return node.value
    return None


def fixed(program: Program, directory: str) -> bool:
    """The directory expression reads only names the module binds once, and no attribute but ``os.path.join``: an
    attribute may not hold its value yet where the Saver is built (absl's ``FLAGS.ckpt_dir`` before ``app.run``
    parsed the flags, which TF1's ``tf.app.flags`` parsed on first access)."""
    expression = cst.parse_expression(directory)
    spelled = {id(n) for n in descendants(expression) if isinstance(n, cst.Attribute) and _os_path(n)}
    if any(isinstance(n, cst.Attribute) and id(n) not in spelled for n in descendants(expression)):
        return False
    return all(program.binds.get(name, 0) == 1 for name in names_read(directory))


def _os_path(node: cst.Attribute) -> bool:
    """``os.path`` or ``os.path.join``."""
    inner = node.value
    if isinstance(inner, cst.Name):
        return inner.value == "os" and node.attr.value == "path"
    return isinstance(inner, cst.Attribute) and _os_path(inner) and node.attr.value == "join"


def names_read(directory: str) -> set[str]:
    """The names a directory expression reads, ``os`` aside (``FLAGS.train_dir`` reads ``FLAGS``)."""
    expression = cst.parse_expression(directory)
    labels = {id(n.attr) for n in descendants(expression) if isinstance(n, cst.Attribute)}
    return {n.value for n in descendants(expression) if isinstance(n, cst.Name) and id(n) not in labels} - {"os"}
