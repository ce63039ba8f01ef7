"""The README's examples work when pasted in order.

Its ``python`` blocks run one after the other in one namespace, in a
temporary folder (they write files), and its k-means command makes the
animation the README says it does.
"""

import os
import re
from pathlib import Path

from skratch.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(text):
    """The README's ```python blocks, in order."""
    return re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_the_python_blocks_run_in_order(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    namespace = {"__name__": "readme"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"README.md, python block {number}", "exec"), namespace)
        finally:
            plt.close("all")
    # What the blocks promise: a trace file, and a k-means animation worth
    # watching (more than a couple of moves), saved as a GIF and a player.
    assert (tmp_path / "run.npz").is_file()
    anim = namespace["anim"]
    assert anim.n_frames >= 8
    for name in ("kmeans.gif", "kmeans.html"):
        assert (tmp_path / name).stat().st_size > 0


def test_the_kmeans_command_makes_the_frames_it_says(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    line = re.search(r"^skratch animate kmeans (.*?)\s+#\s*(\d+) frames$", text, re.MULTILINE)
    assert line, "the README's k-means command, with its number of frames"
    args = line[1].split()
    out = args.index("-o")
    args[out + 1] = os.fspath(tmp_path / args[out + 1])
    assert main(["animate", "kmeans", *args]) == 0
    assert f"({line[2]} frames)" in capsys.readouterr().out

