"""What one tab's state tree costs before it is used: Reflex 0.10.1 builds the whole tree (every
state class of every page) for each tab. Counts the tree's states and measures, with tracemalloc,
the bytes of `--trees` fresh trees, per tree and per state, by allocating line.

    python bench/profile_state_tree.py [--trees 200]
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _count(state) -> int:  # noqa: ANN001
    return 1 + sum(_count(sub) for sub in state.substates.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-state-") as tmp:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/unused.db")
        import writers_app.writers_app  # noqa: F401  (every page, so every state class)
        from reflex.state import State

        one = State(_reflex_internal_init=True)
        states = _count(one)
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        trees = [State(_reflex_internal_init=True) for _ in range(args.trees)]
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
    stats = after.compare_to(before, "lineno")
    total = sum(s.size_diff for s in stats)
    print(f"{states} states per tab's tree; {args.trees} fresh trees: {total / args.trees / 1024:.1f} KB per tree, "
          f"{total / args.trees / states:.0f} B per state; pickled, one tree is {len(pickle.dumps(trees[0]))} B")
    for stat in stats[:6]:
        frame = stat.traceback[0]
        print(f"  {stat.size_diff / args.trees / states:6.0f} B per state  {Path(frame.filename).name}:{frame.lineno}")


if __name__ == "__main__":
    main()
