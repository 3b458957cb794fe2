#!/usr/bin/env python3
"""`microaot report` end to end, rendered in headless Chromium.

1. `microaot run MODEL --profile --json` on the emulator (the per-layer profile), then
   `microaot report MODEL --profile` for the same options.
2. The expected element counts come from elsewhere: nodes and buffers from
   `microaot inspect MODEL --json` (the compile's partition and memory plan), the nodes once more
   from the NAME_metadata.json that `microaot compile` writes, profiled nodes from the run's JSON.
3. check_report.py loads the page in Chromium: no console error, no exception, no request
   besides the file; one SVG element per node, per buffer, per profiled node; the caption says
   cycles when every profile entry has a cycle estimate and instructions otherwise (checked on
   the run's own JSON and on a copy without cycles); a PNG screenshot is written.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path


def run(cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--microaot", required=True)
    ap.add_argument("--model", required=True, type=Path)
    ap.add_argument("--golden", type=Path)
    ap.add_argument("--target", default="cortex-m4f")
    ap.add_argument("--accel", default="")
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--screenshot", required=True, type=Path)
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--no-profile", action="store_true", help="report without a run profile")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    options = ["--target", a.target] + (["--accel", a.accel] if a.accel else [])
    checker = Path(__file__).with_name("check_report.py")
    failures = 0

    inspect = json.loads(run([a.microaot, "inspect", a.model, "--json"] + options))["compiled"]
    nodes, buffers = len(inspect["nodes"]), len(inspect["memory_plan"]["buffers"])
    run([a.microaot, "compile", a.model, "-o", a.work / "generated", "--name", "net"] + options)
    metadata = json.loads((a.work / "generated" / "net_metadata.json").read_text())
    if len(metadata["nodes"]) != nodes:
        sys.exit(f"FAIL: inspect has {nodes} nodes, the compile's metadata {len(metadata['nodes'])}")

    pages = []  # (html, expectations, texts, screenshot)
    if a.no_profile:
        html = a.work / "report.html"
        run([a.microaot, "report", a.model, "-o", html] + options)
        pages.append((html, [f"node={nodes}", f"buffer={buffers}", "profile-bar=0"], [],
                      a.screenshot))
    else:
        profile = a.work / "run.json"
        run_target = "cortex-m4f-qemu"  # the emulator of the cortex-m4f target
        run([a.microaot, "run", a.model, "--target", run_target, "--profile", "--json", profile,
             "--samples", "1"] + (["--golden", a.golden] if a.golden else [])
            + (["--accel", a.accel] if a.accel else []))
        entries = json.loads(profile.read_text())["profile"]
        with_cycles = all("cycles" in e for e in entries)
        stripped = json.loads(profile.read_text())
        for e in stripped["profile"]:
            e.pop("cycles", None)
        instructions_only = a.work / "run_instructions_only.json"
        instructions_only.write_text(json.dumps(stripped))
        for name, prof, cycles, shot in (
                ("report.html", profile, with_cycles, a.screenshot),
                ("report_instructions.html", instructions_only, False, None)):
            html = a.work / name
            run([a.microaot, "report", a.model, "-o", html, "--profile", prof] + options)
            caption = "CPU cycles per layer" if cycles else "Instructions per layer"
            pages.append((html, [f"node={nodes}", f"buffer={buffers}",
                                 f"profile-bar={len(entries)}"], [caption], shot))

    for html, expectations, texts, shot in pages:
        cmd = [sys.executable, checker, html, "--chromium", a.chromium]
        for e in expectations:
            cmd += ["--expect", e]
        for t in texts:
            cmd += ["--expect-text", t]
        if shot:
            cmd += ["--screenshot", shot]
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
        print(f"{html.name}:\n{r.stdout}{r.stderr}")
        failures += r.returncode != 0
    print(f"{a.model.stem}: {nodes} nodes and {buffers} buffers expected (inspect --json)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
