"""TF1's ``saver.save(sess, path)`` (no ``global_step``) in eager TF2: the checkpoint and the state file beside it.

On every save TF1's Saver also wrote the ``checkpoint`` state file in the checkpoint's directory, which
``tf.train.latest_checkpoint(dir)`` and ``tf.train.get_checkpoint_state(dir)`` read: a program that resumes from
the newest checkpoint (its own next run, or another script) finds it there. ``tf.train.Checkpoint.write`` keeps
no state file, and ``Checkpoint.save`` / ``CheckpointManager.save`` number the file name (``model.ckpt-1``), so the
migrated program writes with ``write`` and then writes the state file TF1 wrote (TF2 has no public function for it
outside ``tf.compat.v1``): ``model_checkpoint_path`` is the file name for a relative path and the path itself for
an absolute one, as TF1 gives it, escaped as a text proto. ``all_model_checkpoint_paths`` holds that one path, as
TF1's did for a Saver that saves under one name; TF1 listed (and kept on disk) its last ``max_to_keep`` names when
a Saver saved under several. Checked on TF 2.21 (tests/test_saver_state_file.py): a TF1 Saver's restore and
``latest_checkpoint`` read what the function writes, and a CheckpointManager over the same directory reads it as
TF1's, deleting nothing of it.
"""

from __future__ import annotations

STATE_FILE = "checkpoint"  # TF1's latest_filename default


def save_function(name: str, tf: str, os_bound: bool) -> str:
    """The code of ``def name(checkpoint, save_path)``: writes ``checkpoint`` and its state file, returns the path
    (what TF1's ``Saver.save`` returned). ``os_bound``: the module's ``os`` is the os module; else the function
    imports it."""
    body = [
        '"""Writes the checkpoint and, as TF1 did, the state file beside it that tf.train.latest_checkpoint reads."""',
        *([] if os_bound else ["import os", ""]),
        "path = checkpoint.write(save_path)",
        "directory, name = os.path.split(path)",
        "if os.path.isabs(path):",
        "    name = path",
        r"""name = name.replace("\\", "\\\\").replace('"', '\\"')""",
        f'with {tf}.io.gfile.GFile(os.path.join(directory, "{STATE_FILE}"), "w") as state:',
        r"""    state.write(f'model_checkpoint_path: "{name}"\nall_model_checkpoint_paths: "{name}"\n')""",
        "return path",
    ]
    return f"def {name}(checkpoint, save_path):\n" + "".join(f"    {line}\n" if line else "\n" for line in body)
