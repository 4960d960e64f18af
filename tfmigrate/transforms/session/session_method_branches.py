"""Where a class's second Session method is called: a trainer class whose ``fit`` opens the Session and whose
``load`` opens another and restores, the driver calling one or the other (``if args.train: gan.fit(X) else:
gan.load(epoch)``; held-out 27's gm_mlp_gan). The refusal of such a pair names the other method; this says that
only one of the two runs, so that a reader sees the program runs one Session per run, chosen by the branch."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, descendants


def placed(module: cst.Module, line_of: LineOf, site: cst.CSTNode, other: str) -> str:
    """``", called on line N in the other branch of the `if` on line M"`` when ``instance.other(...)`` is called
    in the branch of an ``if`` opposite the one holding ``site`` (another branch of an ``if``/``elif`` chain, as
    ``if mode == "train": ... elif ...: ... else: model.test()``); "" otherwise."""
    calls = [
        call
        for call in descendants(module)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == other
    ]
    for branch in descendants(module):
        if not isinstance(branch, cst.If) or branch.orelse is None:
            continue
        body, orelse = set(map(id, descendants(branch.body))), set(map(id, descendants(branch.orelse)))
        which = (
            "another branch of the `if`/`elif`" if isinstance(branch.orelse, cst.If) else "the other branch of the `if`"
        )
        for call in calls:
            if (id(site) in body and id(call) in orelse) or (id(site) in orelse and id(call) in body):
                return f", called on line {line_of(call)} in {which} on line {line_of(branch)}"
    return ""
