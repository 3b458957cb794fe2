#!/usr/bin/env python3
"""Merges `microaot run --json` results with the TFLM figures of ../shared/anchors/cortex-m4.md.

usage: cortex_m4_table.py --anchors cortex-m4.md --json OUT.json RESULT_PREFIX...
Each RESULT_PREFIX + ".json" is one model's run; missing ones are listed as failed.
Ratios: instructions ours / TFLM+CMSIS-NN for int8 models, ours / TFLM reference for float
models; code ours / TFLM code; RAM (workspace + other static + stack) / (TFLM arena + stack).
"""
import argparse
import json
import os


def parse_anchors(path):
    """{(model, kernels): {instructions, code, arena, stack}} from the markdown table."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) != 7 or cells[1] not in ("ref", "cmsis"):
                continue
            number = [int(c.replace(",", "")) for c in cells[2:]]
            model = cells[0].split(" ")[0]
            rows[(model, cells[1])] = dict(instructions=number[0], code=number[2],
                                           arena=number[3], stack=number[4])
    return rows


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return f"{v:,}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--anchors", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("results", nargs="+")
    args = ap.parse_args()
    anchors = parse_anchors(args.anchors)
    rows = []
    for prefix in args.results:
        model = os.path.basename(prefix)
        row = {"model": model, "ok": False}
        if os.path.exists(prefix + ".json"):
            with open(prefix + ".json", encoding="utf-8") as f:
                r = json.load(f)
            is_float = r["input_dtype"] == "float32"
            ram = r["ram"]["total"]
            row.update(ok=r["result"] == "pass", float=is_float, macs=r["macs"],
                       instructions=r["instructions"], instr_per_mac=r["instr_per_mac"],
                       code=r["flash"]["code"], firmware_code=r["flash"]["firmware_code"],
                       weights=r["flash"]["weights"], workspace=r["ram"]["workspace"],
                       other_static=r["ram"]["other_static"], stack=r["ram"]["stack"], ram=ram)
            ref, cmsis = anchors.get((model, "ref")), anchors.get((model, "cmsis"))
            row["tflm_ref"], row["tflm_cmsis"] = ref, cmsis
            base = ref if is_float else cmsis
            if base:
                row["instr_ratio"] = ratio(r["instructions"], base["instructions"])
                row["instr_ratio_vs"] = "ref" if is_float else "cmsis"
                row["code_ratio"] = ratio(row["code"], base["code"])
                row["ram_ratio"] = ratio(ram, base["arena"] + base["stack"])
        rows.append(row)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"target": "cortex-m4f-qemu", "models": rows}, f, indent=2)
        f.write("\n")
    print("| model | match | MACs | instructions | instr/MAC | TFLM ref | TFLM+CMSIS | ratio | "
          "code B | TFLM code B | code ratio | weights B | workspace B | static B | stack B | "
          "RAM B | TFLM arena+stack B | RAM ratio |")
    print("|---|---|" + "---:|" * 16)
    for r in rows:
        if "instructions" not in r:
            print(f"| {r['model']} | FAILED |" + " - |" * 16)
            continue
        ref, cmsis = r.get("tflm_ref"), r.get("tflm_cmsis")
        base = (ref if r["float"] else cmsis) or {}
        vs = f" (vs {r['instr_ratio_vs']})" if "instr_ratio_vs" in r else ""
        print(f"| {r['model']} | {'PASS' if r['ok'] else 'FAIL'} | {fmt(r['macs'])} | "
              f"{fmt(r['instructions'])} | {fmt(r['instr_per_mac'])} | "
              f"{fmt(ref and ref['instructions'])} | {fmt(cmsis and cmsis['instructions'])} | "
              f"{fmt(r.get('instr_ratio'), 3)}{vs} | {fmt(r['code'])} | {fmt(base.get('code'))} | "
              f"{fmt(r.get('code_ratio'), 3)} | {fmt(r['weights'])} | {fmt(r['workspace'])} | "
              f"{fmt(r['other_static'])} | {fmt(r['stack'])} | {fmt(r['ram'])} | "
              f"{fmt(base['arena'] + base['stack'] if base else None)} | {fmt(r.get('ram_ratio'), 3)} |")


if __name__ == "__main__":
    main()
