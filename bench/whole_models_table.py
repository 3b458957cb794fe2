#!/usr/bin/env python3
"""One markdown row per `microaot run --json` result of bench/whole_models.sh.

usage: whole_models_table.py --cases DIR RESULT.json...
RESULT is DIR/<bundle>'s run (a missing or failed one is listed as failed); DIR/<bundle>/bundle.json
names its model and I/O.
Cycles are the TRM-based estimate (m4count --cyc rules, no flash wait states), not a board
measurement; ms at 120 MHz is that estimate divided by the clock.
"""
import argparse
import json
import os


def cell(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    return f"{v:,}"


def model_of(cases_dir, bundle):
    """"mobilenet_v2 int8 (float32 I/O)" from the bundle's one case."""
    try:
        with open(os.path.join(cases_dir, bundle, "bundle.json"), encoding="utf-8") as f:
            spec = json.load(f)["cases"][0]["spec"]
    except (OSError, ValueError, KeyError, IndexError):
        return bundle
    io = " (float32 I/O)" if spec.get("io") == "float32" else ""
    return f"{spec['kind']} {spec['dtype']}{io}"


def row(cases_dir, path):
    name = model_of(cases_dir, os.path.splitext(os.path.basename(path))[0])
    try:
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
    except (OSError, ValueError):
        return f"| {name} | failed | - | - | - | - | - | - | - |"
    flash = r["flash"]["code"] + r["flash"]["weights"]
    verdict = "bit-exact" if r["result"] == "pass" else r["result"]
    return (f"| {name} | {verdict} | {cell(r['macs'])} | {cell(r['instructions'])} | "
            f"{cell(r['cycles'])} | {cell(r['cycles_per_mac'])} | {cell(r['ms_at_120mhz'])} | "
            f"{cell(flash)} | {cell(r['ram']['total'])} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", required=True)
    parser.add_argument("results", nargs="*")
    arguments = parser.parse_args()
    print("| model | vs TFLM golden | MACs | instructions | cycles (est.) | cycles/MAC | "
          "ms @120 MHz | flash B | RAM B |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in arguments.results:
        print(row(arguments.cases, path))


if __name__ == "__main__":
    main()
