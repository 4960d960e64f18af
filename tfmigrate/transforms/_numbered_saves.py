"""TF1's ``saver.save(sess, path, global_step=n)`` in eager TF2 where ``path`` is only known at run time.

A save path the program computes (``os.path.join(checkpoint_dir, self.model_name + ".model")`` in a method, a
method's parameter, a name bound in ``main()``) gives no directory and checkpoint name to build a
``tf.train.CheckpointManager`` with where the Saver was built, so the migrated program keeps what TF1's Saver did,
in a small class it carries: write ``path-n`` (``"%s-%d"``), remember the paths it saved (one list per Saver, over
every folder, as TF1's ``Saver._last_checkpoints``), delete the oldest beyond ``max_to_keep`` (its index, data and
meta files: ``checkpoint_management.remove_checkpoint``), and write the ``checkpoint`` state file in the path's
folder listing this Saver's paths, relative to that folder unless it is absolute
(``generate_checkpoint_state_proto``), with no timestamps (TF1's Saver wrote none); return the path. A Saver with
``max_to_keep`` 0 or None remembers nothing and deletes nothing; its state file lists the newest path alone. The
folder the checkpoint goes in is made when its parent exists, as TF1's save op made it; deeper, TF1's ValueError. Unlike a CheckpointManager it never deletes a
checkpoint an earlier run wrote, as TF1's Saver did not. Checked on TF 2.21 against TF1's Saver
(tests/test_numbered_saves.py): the same files, state file and return values, and TF1's restore reads them.
"""

from __future__ import annotations

from tfmigrate.transforms._checkpoint_state import STATE_FILE


def saver_class(name: str, tf: str, os_bound: bool) -> str:
    """The code of ``class name``: ``name(checkpoint, max_to_keep=5)``, whose ``save(save_path, global_step)``
    does what TF1's ``Saver.save`` did. ``os_bound``: the module's ``os`` is the os module; else it is imported."""
    imported = [] if os_bound else ["import os", ""]
    save = [
        '"""Writes ``save_path-global_step``, deletes the oldest beyond max_to_keep, writes the state file."""',
        *imported,
        "directory = os.path.dirname(save_path)",
        f"if directory and not {tf}.io.gfile.isdir(directory):",
        f"    if os.path.dirname(directory) and not {tf}.io.gfile.isdir(os.path.dirname(directory)):",
        "        raise ValueError(\"Parent directory of {} doesn't exist, can't save.\".format(save_path))",
        f"    {tf}.io.gfile.mkdir(directory)",
        'path = self.checkpoint.write("%s-%d" % (save_path, int(global_step)))',
        "if self.max_to_keep:",
        "    if path in self.saved:",
        "        self.saved.remove(path)",
        "    self.saved.append(path)",
        "oldest = self.saved.pop(0) if self.max_to_keep and len(self.saved) > self.max_to_keep else None",
        "listed = list(self.saved)",
        "if not listed or listed[-1] != path:",
        "    listed.append(path)",
        "if not os.path.isabs(directory):",
        "    listed = [p if os.path.isabs(p) else os.path.relpath(p, directory) for p in listed]",
        r"""listed = [p.replace("\\", "\\\\").replace('"', '\\"') for p in listed]""",
        f'with {tf}.io.gfile.GFile(os.path.join(directory, "{STATE_FILE}"), "w") as state:',
        r"""    state.write(f'model_checkpoint_path: "{listed[-1]}"\n')""",
        r"""    state.write("".join(f'all_model_checkpoint_paths: "{p}"\n' for p in listed))""",
        "if oldest is not None:",
        '    for pattern in (".meta", ".index", ".data-?????-of-?????"):',
        f"        for old in {tf}.io.gfile.glob(oldest + pattern):",
        f"            {tf}.io.gfile.remove(old)",
        "return path",
    ]
    lines = [
        f"class {name}:",
        '    """Numbered saves as TF1 made them: the files, the state file and the deletions."""',
        "",
        "    def __init__(self, checkpoint, max_to_keep=5):",
        "        self.checkpoint = checkpoint",
        "        self.max_to_keep = max_to_keep",
        "        self.saved = []",
        "",
        "    def save(self, save_path, global_step):",
        *(f"        {line}" if line else "" for line in save),
    ]
    return "\n".join(lines) + "\n"
