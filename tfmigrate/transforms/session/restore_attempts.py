"""A restore tried, the program going on either way: the "resume if possible" form of course scripts::

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        try:
            saver.restore(sess, ckpt_path)
            print("restored")
        except Exception:  # or ValueError, tf.errors.NotFoundError, a bare except; the handler may initialise
            print("fresh start")

- TF1's ``Saver.restore`` fails before it changes a variable, and raises by the cause: ValueError where the path
  names no checkpoint (None, or no file matches ``path + ".index"`` nor ``path``), NotFoundError where the
  checkpoint lacks a saved variable (its RestoreV2 op fails before any Assign runs), InvalidArgumentError where a
  shape differs. ``Checkpoint.read`` assigns each variable as it matches it and raises other types (NotFoundError,
  AssertionError, ValueError), so a restore inside such a ``try`` becomes a generated function that reads the
  checkpoint into copies of the saved variables (named as they are: a TF1 checkpoint is read by name), raises
  TF1's type where TF1 raised, and assigns the variables only once every one was read. Checked on TF 2.21
  (tests/fixtures/TFM201/eager_restore_tried_*): both ways, the checkpoint present and absent.
- The handlers run instead of the restore (an initializer run there is the variables' first, as in the ``else:``
  of ``if ckpt: saver.restore(...)``); the statements after the restore in the ``try`` do not run the graph, so
  the restore is what the handlers catch. A handler that binds the exception does not read it: TF2 words some of
  the messages differently.
- Refused: a Saver whose checkpoint holds more than variables (a Keras optimizer's slots, layers, cells, moving
  averages): their generated restores assign one by one.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants


def refusal(statement: cst.Try, owns) -> str | None:
    """Why a ``try`` that starts with a restore is not the form above (None where it is, or does not restore)."""
    if _first_restore(statement, owns) is None or tried_restore(statement, owns) is not None:
        return None
    if statement.finalbody is not None:
        return "a restore tried by a `try` with a `finally:`"
    return "a restore tried by a `try` whose handler reads the exception (TF2 raises TF1's types, not its messages)"


def tried_restore(statement: cst.Try, owns) -> cst.Call | None:
    """The ``saver.restore(sess, path)`` call a ``try`` starts with, where the ``try`` is the form above; ``owns``
    tells a restore of this module's Savers (savers.Savers.owns)."""
    call = _first_restore(statement, owns)
    if call is None or statement.finalbody is not None:
        return None
    for handler in statement.handlers:
        bound = handler.name.name if handler.name is not None else None
        if isinstance(bound, cst.Name) and any(
            isinstance(n, cst.Name) and n.value == bound.value for n in descendants(handler.body)
        ):
            return None
    return call


def _first_restore(statement: cst.Try, owns) -> cst.Call | None:
    """``saver.restore(sess, path)``, the statement a ``try`` starts with."""
    first = statement.body.body[0] if isinstance(statement.body, cst.IndentedBlock) else None
    if not (
        isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1 and isinstance(first.body[0], cst.Expr)
    ):
        return None
    call = first.body[0].value
    if isinstance(call, cst.Call) and owns(call) and call.func.attr.value == "restore":  # type: ignore[attr-defined]
        return call
    return None


def handled_lines(statement: cst.Try) -> set[cst.SimpleStatementLine]:
    """The statement lines of a restoring ``try``'s handlers: they run instead of the restore."""
    return {n for h in statement.handlers for n in descendants(h) if isinstance(n, cst.SimpleStatementLine)}


def function_code(function: str, tf: str, saved: list[tuple[str, str]]) -> str:
    """``def function(path)``: the all-or-nothing restore above of ``saved`` (Checkpoint key, expression)."""
    entries = ", ".join(f'"{key}": {code}' for key, code in saved)
    body = [
        '"""TF1\'s Saver.restore: every variable or none, and TF1\'s exception where it fails."""',
        "if path is None:",
        '    raise ValueError("Can\'t load save_path when it is None.")',
        f'if not ({tf}.io.gfile.glob(path + ".index") or {tf}.io.gfile.glob(path)):',
        '    raise ValueError(f"The passed save_path is not a valid checkpoint: {path}")',
        "saved = {" + entries + "}",
        f'copies = {tf}.nest.map_structure(lambda v: {tf}.Variable(v, name=v.name.rsplit(":", 1)[0]), saved)',
        "try:",
        f"    {tf}.train.Checkpoint(**copies).read(path).assert_existing_objects_matched()",
        "except AssertionError as error:",
        f"    raise {tf}.errors.NotFoundError(None, None, str(error)) from error",
        "except ValueError as error:",
        f"    raise {tf}.errors.InvalidArgumentError(None, None, str(error)) from error",
        f"for variable, copy in zip({tf}.nest.flatten(saved), {tf}.nest.flatten(copies)):",
        "    variable.assign(copy)",
    ]
    return f"def {function}(path):\n" + "".join(f"    {line}\n" for line in body)
