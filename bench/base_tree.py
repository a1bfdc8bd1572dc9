"""The base commit a benchmark compares this code with, checked out beside it (bench/reads and
bench/rush/front.py measure both trees in one run, so the machine's speed of the day moves
both alike)."""

import contextlib
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def base_commit(asked: str = "") -> str:
    """The commit asked for, else where this branch left main, else (on main itself) the
    commit before HEAD."""
    if asked:
        return git("rev-parse", "--short", asked)
    fork = git("merge-base", "HEAD", "main")
    if fork == git("rev-parse", "HEAD"):
        fork = git("rev-parse", "HEAD~1")
    return git("rev-parse", "--short", fork)


def this_commit() -> str:
    """HEAD, and whether the tree measured as "this" has changes not committed yet."""
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if dirty else "")


@contextlib.contextmanager
def checked_out(commit: str, *, prefix: str):
    """A temporary worktree of `commit`, removed (with its registration) however the
    benchmark ends."""
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        tree = Path(scratch) / "base"
        git("worktree", "add", "--detach", str(tree), commit)
        try:
            yield tree
        finally:
            git("worktree", "remove", "--force", str(tree))
