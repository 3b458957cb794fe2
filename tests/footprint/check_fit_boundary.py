#!/usr/bin/env python3
"""`compile --check-fit` against `inspect --target cortex-m4f --json`: the library fits with
flash and RAM limits equal to the predicted totals (exit 0, files written) and does not fit one
byte below either (exit 2, that limit named, nothing written)."""
import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--microaot", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True, type=Path)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    out = subprocess.run([a.microaot, "inspect", a.model, "--target", "cortex-m4f", "--json"],
                         capture_output=True, text=True, check=True).stdout
    fp = json.loads(out)["compiled"]["footprint"]
    flash, ram = fp["flash"]["total"], fp["ram"]["total"]
    failures = []

    def check_fit(limits, name):
        d = a.work / name
        r = subprocess.run([a.microaot, "compile", a.model, "--target", "cortex-m4f", "-o", str(d),
                            "--check-fit", limits], capture_output=True, text=True)
        return r, d.exists()

    r, written = check_fit(f"flash={flash},ram={ram}", "exact")
    if r.returncode != 0 or not written or not r.stdout.startswith("fits:"):
        failures.append(f"limits = prediction: exit {r.returncode}, written {written}: {r.stderr}")
    for what, limits in (("flash", f"flash={flash - 1},ram={ram}"),
                         ("RAM", f"flash={flash},ram={ram - 1}")):
        r, written = check_fit(limits, f"below_{what}")
        lines = r.stderr.splitlines()
        if (r.returncode != 2 or written or len(lines) != 1
                or not lines[0].startswith(f"microaot: error: {what} does not fit: needs ")
                or " 1 B over; largest: " not in lines[0]):
            failures.append(f"{what} limit one byte below: exit {r.returncode}, written {written}, "
                            f"stderr {r.stderr!r}")
    print(f"{Path(a.model).stem}: predicted flash {flash} B, RAM {ram} B")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
