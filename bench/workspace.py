#!/usr/bin/env python3
"""Workspace table: per shared model, the planned workspace, the planner's lower bound, TFLM's
arena_used_bytes (x86-64 and -m32 host builds, from the golden manifests), the ratio planned /
TFLM-32bit, weights bytes and the wall time of `microaot compile`.

Usage: bench/workspace.py [--microaot build/microaot] [--shared ../shared]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--microaot", default=str(here / "build" / "microaot"))
    ap.add_argument("--shared", default=str(here.parent / "shared"))
    args = ap.parse_args()
    shared = pathlib.Path(args.shared)
    header = (f"{'model':<24} {'workspace':>10} {'lower_bnd':>10} {'tflm_64':>9} {'tflm_32':>9}"
              f" {'ws/tflm32':>9} {'weights':>9} {'compile_s':>9}")
    print(header)
    print("-" * len(header))
    failed = 0
    for golden in sorted((shared / "golden").iterdir()):
        manifest_path = golden / "manifest.json"
        model = shared / "models" / (golden.name + ".tflite")
        if not manifest_path.exists() or not model.exists():
            continue
        manifest = json.loads(manifest_path.read_text())
        with tempfile.TemporaryDirectory(prefix="microaot-bench-") as out:
            start = time.perf_counter()
            proc = subprocess.run([args.microaot, "compile", str(model), "-o", out,
                                   "--name", "m"], capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if proc.returncode != 0:
                print(f"{golden.name:<24} compile failed: {proc.stderr.strip()}")
                failed += 1
                continue
            meta = json.loads((pathlib.Path(out) / "m_metadata.json").read_text())
        ws = meta["workspace"]["size"]
        lb = meta["workspace"]["lower_bound"]
        t64 = manifest.get("arena_used_bytes") or 0
        t32 = manifest.get("arena_used_bytes_32bit_host") or 0
        ratio = f"{ws / t32:.3f}" if t32 else "n/a"
        weights = meta["flash_estimate_bytes"]["weights"]
        print(f"{golden.name:<24} {ws:>10} {lb:>10} {t64 or 'n/a':>9} {t32 or 'n/a':>9}"
              f" {ratio:>9} {weights:>9} {seconds:>9.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
