# expect-none
"""Batch-compress gaussian-splat captures for the web viewer.

`sogs` here is the PyPI package of that name (a splat compression tool), not
the Session community server: a bare `import sogs` must not be reported.
"""

import pathlib
import sys

import sogs
from sogs.sogs_compression import run_compression


def main(src: str, out: str) -> int:
    for ply in sorted(pathlib.Path(src).glob("*.ply")):
        target = pathlib.Path(out) / ply.stem
        target.mkdir(parents=True, exist_ok=True)
        run_compression(str(ply), str(target))
        print(f"{ply.name}: done ({sogs.__name__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
