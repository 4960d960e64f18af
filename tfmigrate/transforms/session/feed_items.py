"""One entry of a feed dict replaced before a run: ``feed_dict = feed_data(x, y, 0.5)``, then ``feed_dict[model.keep_prob]
= 1.0`` and ``sess.run([model.loss, model.acc], feed_dict=feed_dict)`` (gaussic's text-classification CNN/RNN
trainers evaluate so in the training loop).

The proof reads a named feed dict (proof.py's ``feed_dict``) as a Python dict whose keys become the placeholders'
names as strings, each run reading ``feed_dict["keep_prob"]``. A store into one of its keys changes the value the
next runs read, in TF1 as eagerly: the same dict object holds it, and the eager program reads it where the run was.
So the store is kept, its key made the same string. Only for a placeholder the dict was built with (a new key would
change which placeholders the runs feed) and a store on its own line; any other store into the dict is refused
naming it.
"""

from __future__ import annotations

import libcst as cst


def store(proof, assign: cst.Assign, line: cst.CSTNode) -> bool:
    """``feed[placeholder] = value`` into a feed dict the proof knows: the key made a string, the value judged as
    run-phase code; False for any other statement."""
    if len(assign.targets) != 1:
        return False
    target = assign.targets[0].target
    if not (
        isinstance(target, cst.Subscript)
        and isinstance(target.value, cst.Name)
        and target.value.value in proof.feed_dicts
    ):
        return False
    name = target.value.value
    index = target.slice[0].slice if len(target.slice) == 1 else None
    key = index.value if isinstance(index, cst.Index) else None
    node = proof.program.nodes.get(key.value) if isinstance(key, cst.Name) else None
    if not isinstance(key, cst.Name) or node is None or node.kind != "placeholder":
        raise proof.deny(f"an item store into the feed dict `{name}` by a key that is not a placeholder name", line)
    if key.value not in proof.feed_dicts[name]:
        raise proof.deny(f"an item store adds placeholder `{key.value}` to the feed dict `{name}`", line)
    proof.names(assign.value)
    proof.plan.keys[key] = f'"{key.value}"'
    return True
