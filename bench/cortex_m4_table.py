#!/usr/bin/env python3
"""Merges `microaot run --json` results with the reference figures of ../shared/anchors/.

usage: cortex_m4_table.py --anchors cortex-m4.md [--microtvm microtvm-m4.md]
                          [--models-csv models.csv] --json OUT.json RESULT_PREFIX...
Each RESULT_PREFIX + ".json" is one model's run; missing ones are listed as failed.

Cycles are the TRM-based estimate (`m4count --cyc` rules, no flash wait states) for every engine;
ms at 120 MHz is that estimate divided by the clock. Ratios: ours / TFLM+CMSIS-NN for int8
models, ours / TFLM reference for float models; code ours / TFLM code; RAM (workspace + other
static + stack) / (TFLM arena + stack). Flash: code + weights, against TFLM+CMSIS-NN's code plus
the model's parameter bytes (models.csv: TFLM keeps the weights in the flatbuffer).
"""
import argparse
import csv
import json
import os

CLOCK_HZ = 120e6


def table_rows(path):
    """The cells of every markdown table row in the file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("|") and not line.startswith("|---"):
                yield [c.strip() for c in line.strip("|").split("|")]


def number(cell):
    return int(cell.replace(",", ""))


def parse_tflm(path):
    """{(model, "ref"|"cmsis"): {instructions, cycles, code, arena, stack}}."""
    rows = {}
    for cells in table_rows(path):
        if len(cells) != 7 or cells[1] not in ("ref", "cmsis"):
            continue
        n = [number(c) for c in cells[2:]]
        rows[(cells[0].split(" ")[0], cells[1])] = dict(
            instructions=n[0], cycles=n[1], code=n[2], arena=n[3], stack=n[4])
    return rows


def parse_microtvm(path):
    """{(model, "native"|"cmsisnn"): {instructions, cycles, code, weights, workspace, output}}."""
    rows = {}
    if not path:
        return rows
    for cells in table_rows(path):
        if len(cells) != 9 or cells[1] not in ("native", "cmsisnn"):
            continue
        n = [number(c) for c in cells[2:7]]
        rows[(cells[0].split(" ")[0], cells[1])] = dict(
            instructions=n[0], cycles=n[1], code=n[2], weights=n[3], workspace=n[4],
            output=cells[7])
    return rows


def parse_parameter_bytes(path):
    """{model: parameter bytes of the .tflite} from ../shared/models/models.csv."""
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return {os.path.splitext(r["file"])[0]: int(r["parameter_bytes"])
                for r in csv.DictReader(f)}


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return f"{v:,}"


def load_run(prefix, tflm, params):
    model = os.path.basename(prefix)
    row = {"model": model, "ok": False}
    if not os.path.exists(prefix + ".json"):
        return row
    with open(prefix + ".json", encoding="utf-8") as f:
        r = json.load(f)
    is_float = r["input_dtype"] == "float32"
    worst = max((s["worst_abs_diff"] for s in r["samples"]), default=0.0)
    row.update(ok=r["result"] == "pass", float=is_float, worst_abs_diff=worst,
               macs=r["macs"], cycles=r["cycles"],
               cycles_per_mac=r["cycles_per_mac"], ms_at_120mhz=r["ms_at_120mhz"],
               instructions=r["instructions"], instr_per_mac=r["instr_per_mac"],
               code=r["flash"]["code"], firmware_code=r["flash"]["firmware_code"],
               weights=r["flash"]["weights"], workspace=r["ram"]["workspace"],
               other_static=r["ram"]["other_static"], stack=r["ram"]["stack"],
               ram=r["ram"]["total"], model_parameter_bytes=params.get(model))
    row["flash"] = row["code"] + row["weights"]
    ref, cmsis = tflm.get((model, "ref")), tflm.get((model, "cmsis"))
    row["tflm_ref"], row["tflm_cmsis"] = ref, cmsis
    base = ref if is_float else cmsis
    if base:
        row["vs"] = "ref" if is_float else "cmsis"
        row["cycle_ratio"] = ratio(row["cycles"], base["cycles"])
        row["instr_ratio"] = ratio(row["instructions"], base["instructions"])
        row["code_ratio"] = ratio(row["code"], base["code"])
        row["ram_ratio"] = ratio(row["ram"], base["arena"] + base["stack"])
    if cmsis and row["model_parameter_bytes"] is not None:
        row["tflm_cmsis_flash"] = cmsis["code"] + row["model_parameter_bytes"]
        row["flash_ratio"] = ratio(row["flash"], row["tflm_cmsis_flash"])
    return row


def print_main_table(rows):
    print("microaot on the emulated Cortex-M4F (QEMU mps2-an386), golden sample 0 after a "
          "warm-up. Cycles: TRM-based estimate, no flash wait states; ms: that estimate at "
          "120 MHz.\n")
    print("| model | match | MACs | cycles (est.) | cycles/MAC | ms @120 MHz (est.) | "
          "TFLM cycles | cycle ratio | instructions | instr/MAC | TFLM instr | instr ratio | "
          "code B | weights B | workspace B | static B | stack B | RAM B | RAM ratio |")
    print("|---|---|" + "---:|" * 17)
    for r in rows:
        if "cycles" not in r:
            print(f"| {r['model']} | FAILED |" + " - |" * 17)
            continue
        base = (r.get("tflm_ref") if r["float"] else r.get("tflm_cmsis")) or {}
        vs = f" ({r['vs']})" if "vs" in r else ""
        print(f"| {r['model']} | {'PASS' if r['ok'] else 'FAIL'} | {fmt(r['macs'])} | "
              f"{fmt(r['cycles'])} | {fmt(r['cycles_per_mac'], 3)} | {fmt(r['ms_at_120mhz'], 3)} | "
              f"{fmt(base.get('cycles'))}{vs} | {fmt(r.get('cycle_ratio'), 3)} | "
              f"{fmt(r['instructions'])} | {fmt(r['instr_per_mac'], 3)} | "
              f"{fmt(base.get('instructions'))} | {fmt(r.get('instr_ratio'), 3)} | "
              f"{fmt(r['code'])} | {fmt(r['weights'])} | {fmt(r['workspace'])} | "
              f"{fmt(r['other_static'])} | {fmt(r['stack'])} | {fmt(r['ram'])} | "
              f"{fmt(r.get('ram_ratio'), 3)} |")
    print("\nTFLM: TFLM + CMSIS-NN (cmsis) for int8 models, TFLM reference kernels (ref) for float "
          "models (../shared/anchors/cortex-m4.md). RAM = workspace + other static + stack, "
          "against TFLM's arena + stack.")


def engine_rows(r, tvm):
    """Side-by-side rows for one model: TFLM ref, TFLM+CMSIS-NN, microTVM, microaot."""
    params = r.get("model_parameter_bytes")
    base_flash = r.get("tflm_cmsis_flash")
    out = []
    for key, name in (("tflm_ref", "TFLM reference"), ("tflm_cmsis", "TFLM + CMSIS-NN")):
        t = r.get(key)
        if t:
            flash = t["code"] + params if params is not None else None
            out.append(dict(engine=name, match="exact", cycles=t["cycles"],
                            instructions=t["instructions"], code=t["code"], weights=params,
                            flash=flash, flash_ratio=ratio(flash, base_flash), ram=t["arena"],
                            stack=t["stack"]))
    for flavour, name in (("native", "microTVM"), ("cmsisnn", "microTVM + CMSIS-NN")):
        t = tvm.get((r["model"], flavour))
        if t:
            flash = t["code"] + t["weights"]
            out.append(dict(engine=name, match=t["output"], cycles=t["cycles"],
                            instructions=t["instructions"], code=t["code"], weights=t["weights"],
                            flash=flash, flash_ratio=ratio(flash, base_flash),
                            ram=t["workspace"], stack=None))
    match = "FAIL" if not r["ok"] else (
        f"within {r['worst_abs_diff']:.1e}" if r["worst_abs_diff"] > 0 else "exact")
    out.append(dict(engine="microaot", match=match, cycles=r["cycles"],
                    instructions=r["instructions"], code=r["code"], weights=r["weights"],
                    flash=r["flash"], flash_ratio=r.get("flash_ratio"), ram=r["workspace"],
                    stack=r["stack"]))
    return out


def print_side_by_side(rows, tvm):
    print("\nSide by side (same emulator, same counting and cycle rules; cycles are estimates). "
          "TFLM weights = the model's parameter bytes (models.csv); flash = code + weights, "
          "ratio against TFLM + CMSIS-NN's; RAM = arena (TFLM) / workspace (microTVM, "
          "microaot), inputs and outputs excluded for microTVM and microaot.\n")
    print("| model | engine | output | cycles (est.) | instructions | code B | weights B | "
          "flash B | flash vs TFLM+CMSIS-NN | RAM B | stack B |")
    print("|---|---|---|" + "---:|" * 8)
    for r in rows:
        if "cycles" not in r or not (r.get("tflm_cmsis") or r.get("tflm_ref")):
            continue  # no reference figures for this model
        r["engines"] = engine_rows(r, tvm)
        for e in r["engines"]:
            print(f"| {r['model']} | {e['engine']} | {e['match']} | {fmt(e['cycles'])} | "
                  f"{fmt(e['instructions'])} | {fmt(e['code'])} | {fmt(e['weights'])} | "
                  f"{fmt(e['flash'])} | {fmt(e['flash_ratio'], 3)} | {fmt(e['ram'])} | "
                  f"{fmt(e['stack'])} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--anchors", required=True)
    ap.add_argument("--microtvm")
    ap.add_argument("--models-csv")
    ap.add_argument("--json", required=True)
    ap.add_argument("results", nargs="+")
    args = ap.parse_args()
    tflm = parse_tflm(args.anchors)
    tvm = parse_microtvm(args.microtvm)
    params = parse_parameter_bytes(args.models_csv)
    rows = [load_run(prefix, tflm, params) for prefix in args.results]
    print_main_table(rows)
    print_side_by_side(rows, tvm)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"target": "cortex-m4f-qemu", "clock_hz": CLOCK_HZ,
                   "cycle_model": "Cortex-M4 TRM timing (m4count --cyc rules), no wait states",
                   "models": rows}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
