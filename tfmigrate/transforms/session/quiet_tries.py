"""``try:`` blocks in the training loop (held-out 25's th_gan_mnist_fc, a GAN trainer printing and sampling every
few steps)::

    try:
        print('epoch:%d g_loss:%f d_loss:%f' % (i, g_loss_print, d_loss_print))
    except:
        pass
    ...
    try:
        batch_G = sess.run(G, feed_dict={X: batch_X, z: batch_noise})
    except:
        pass

A ``try`` changes what runs only where its body raises. Two shapes raise alike in TF1 and in the eager program, so
the proof reads them as their blocks, each rewritten where it stands:

- host code: no part of the ``try`` (body, handlers, ``else``, ``finally``) names the Session, a graph value,
  TensorFlow or a function or class of the module; what it reads are Python values and the numbers runs fetched, which the eager program gives as the
  same numpy values, so it raises where TF1's did and the same handlers run;
- an unread run: the body is one ``name = sess.run(tensor, ...)`` of a value that changes nothing when computed (no
  training op, assign, random draw or control dependency on its path), ``name`` is spelled nowhere else, and every
  handler catches everything (bare, ``Exception``) and only passes: raising or not, the program after it is the
  same in both (TF1's run left no state behind and the name is never read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof

CATCH_ALL = frozenset({"Exception", "BaseException"})
INERT = frozenset({"placeholder", "variable", "const", "tensor"})  # kinds a run computes without changing state


def readable(proof: Proof, statement: cst.Try) -> bool:
    """``statement`` is one of the two shapes above."""
    return _host(proof, statement) or _unread_run(proof, statement)


def _host(proof: Proof, statement: cst.Try) -> bool:
    """No part names the Session, a graph value, TensorFlow or a function or class of the module (whose body might
    run the graph)."""
    program = proof.program
    defined = {n.name.value for n in descendants(program.module) if isinstance(n, (cst.FunctionDef, cst.ClassDef))}
    for node in descendants(statement):
        if isinstance(node, cst.Name) and (
            node.value in program.nodes or node.value in proof.sessions or node.value in defined
        ):
            return False
        if isinstance(node, cst.Call) and program.tf_path(node.func) is not None:
            return False
        if isinstance(node, cst.SimpleStatementLine) and proof.runs(node):
            return False
    return True


def _unread_run(proof: Proof, statement: cst.Try) -> bool:
    if statement.orelse is not None or statement.finalbody is not None or not statement.handlers:
        return False
    if not all(_passes(handler) for handler in statement.handlers):
        return False
    body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
        return False
    line, small = body[0], body[0].body[0]
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)):
        return False
    target, call = small.targets[0].target, small.value
    if not isinstance(target, cst.Name) or not proof.runs(line) or not isinstance(call.func, cst.Attribute):
        return False
    if not (isinstance(call.func.value, cst.Name) and call.func.value.value in proof.sessions and call.args):
        return False
    if call.func.attr.value != "run" or call.args[0].keyword is not None:
        return False
    fetched = call.args[0].value
    node = proof.program.nodes.get(fetched.value) if isinstance(fetched, cst.Name) else None
    if node is None or not all(_inert(n) for n in [node, *node.upstream.values()]):
        return False
    return all(n is target for n in loaded_names(proof.program.module) if n.value == target.value)


def _inert(node) -> bool:
    return node.kind in INERT and not (node.random or node.deps or node.steps or node.container)


def _passes(handler: cst.ExceptHandler) -> bool:
    caught = handler.type is None or (isinstance(handler.type, cst.Name) and handler.type.value in CATCH_ALL)
    body = handler.body.body if isinstance(handler.body, cst.IndentedBlock) else ()
    quiet = all(
        isinstance(s, cst.SimpleStatementLine) and all(isinstance(small, cst.Pass) for small in s.body) for s in body
    )
    return caught and handler.name is None and bool(body) and quiet
