#!/usr/bin/env python3
"""Builds examples/cmake-firmware for one model against an installed microaot, runs it on QEMU
mps2-an386 and checks it.

1. Configures the example from a clean directory with the installed package's toolchain file
   and builds it (cmake + arm-none-eabi-gcc): microaot_add_model() compiles the model at build
   time.
2. Runs the firmware: net_run must return 0 and its output must equal TFLM's golden output for
   the sample (int8: exactly; float32: within 1e-5 + 1e-4*|ref|), when the manifest has one.
3. Compares `microaot inspect MODEL --target cortex-m4f --json` (the footprint predicted before
   anything is built) with the linked firmware: the library's flash (every input section the
   linker kept from libnet.a, from the map file) within 5 %, the workspace symbol's size exactly,
   the stack the model used (measured on the target) at most the predicted bound.
4. With --rebuild: a no-op rebuild does nothing, touching the model re-runs microaot.

Prints one table line: model, predicted and real flash, workspace, stack.
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path


def run(cmd, **kw):
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kw)


def require(cmd, what, **kw):
    r = run(cmd, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {what} (exit {r.returncode})\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r


# Output sections that are not loaded on the target (no flash, no RAM).
NOT_LOADED = (".comment", ".ARM.attributes", ".debug", ".stab", ".note", ".gnu.attributes")


def library_sections(map_text, archive):
    """Bytes the linker kept from `archive`'s members, by kind, from a GNU ld map file: every
    input section of a loaded output section, and the alignment fill between weights arrays."""
    start = map_text.find("Linker script and memory map")
    if start < 0:
        sys.exit("FAIL: map file without 'Linker script and memory map'")
    sizes = {"code": 0, "weights": 0, "data": 0, "bss": 0, "workspace": 0}
    output = None  # the output section being listed
    pending = None  # an input section name on its own line; address, size and file follow
    for line in map_text[start:].splitlines():
        m = re.match(r"^(\.\S+)(\s|$)", line)
        if m:
            output, pending = m.group(1), None
            continue
        if output is None or output.startswith(NOT_LOADED):
            continue
        m = re.match(r"^ \*fill\*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", line)
        if m:
            if output == ".mao_weights":
                sizes["weights"] += int(m.group(1), 16)
            continue
        m = re.match(r"^ (\.\S+|COMMON)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", line)
        if m:
            name, size, origin = m.group(1), int(m.group(2), 16), m.group(3)
        else:
            m = re.match(r"^ (\.\S+|COMMON)$", line)
            if m:
                pending = m.group(1)
                continue
            m = re.match(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", line)
            if not (m and pending):
                pending = None
                continue
            name, size, origin = pending, int(m.group(1), 16), m.group(2)
        pending = None
        if not origin.startswith(archive + "("):
            continue
        if name.startswith(".rodata.mao_weights"):
            sizes["weights"] += size
        elif name.startswith(".bss.") and name.endswith("_workspace"):
            sizes["workspace"] += size
        elif name.startswith((".bss", ".noinit")) or name == "COMMON":
            sizes["bss"] += size
        elif name.startswith(".data"):
            sizes["data"] += size
        else:
            sizes["code"] += size
    return sizes


def compare_output(got, golden_dir):
    manifest = json.loads((golden_dir / "manifest.json").read_text())
    if manifest.get("status") == "tflm_failed":
        return "no reference"
    out = manifest["outputs"][0]
    ref = (golden_dir / out["files"][0]).read_bytes()
    if len(got) != len(ref):
        return f"FAIL: output has {len(got)} bytes, the golden file {len(ref)}"
    if out["dtype"] != "float32":
        bad = sum(1 for a, b in zip(got, ref) if a != b)
        return "exact" if bad == 0 else f"FAIL: {bad} of {len(ref)} bytes differ"
    n = len(ref) // 4
    g, r = struct.unpack(f"<{n}f", got), struct.unpack(f"<{n}f", ref)
    bad = [i for i in range(n) if not abs(g[i] - r[i]) <= 1e-5 + 1e-4 * abs(r[i])]
    return "within tolerance" if not bad else f"FAIL: {len(bad)} of {n} values out of tolerance"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prefix", required=True, type=Path, help="installed microaot")
    ap.add_argument("--example", required=True, type=Path, help="examples/cmake-firmware")
    ap.add_argument("--work", required=True, type=Path, help="build directory (wiped)")
    ap.add_argument("--model", required=True, type=Path)
    ap.add_argument("--golden", required=True, type=Path, help="golden dir (sample 0 is used)")
    ap.add_argument("--accel", default="", help="microaot --accel for the model")
    ap.add_argument("--generator", default="Ninja")
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--rebuild", action="store_true", help="also check the rebuild rules")
    args = ap.parse_args()

    prefix = args.prefix.resolve()
    microaot = prefix / "bin" / "microaot"
    toolchain = prefix / "share/microaot/targets/cortex-m4f-qemu/toolchain.cmake"
    name = args.model.stem
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    model = args.work / args.model.name  # a copy the rebuild check can touch
    shutil.copyfile(args.model, model)
    sample = args.golden / json.loads((args.golden / "manifest.json").read_text())[
        "inputs"][0]["files"][0]
    build = args.work / "build"

    require(["cmake", "-S", str(args.example), "-B", str(build), "-G", args.generator,
             f"-DCMAKE_PREFIX_PATH={prefix}", f"-DCMAKE_TOOLCHAIN_FILE={toolchain}",
             f"-DMODEL={model}", f"-DSAMPLE_INPUT={sample}", f"-DMODEL_ACCEL={args.accel}",
             # all of the board's memory: the largest shared models need more than a typical part
             "-DFLASH_SIZE=4194304", "-DRAM_SIZE=4194304"], "configuring the example")
    require(["cmake", "--build", str(build)], "building the example")
    elf = build / "firmware.elf"

    failures = []
    r = run(["timeout", "120", args.qemu, "-M", "mps2-an386", "-cpu", "cortex-m4", "-nographic",
             "-monitor", "none", "-serial", "none",
             "-semihosting-config", "enable=on,target=native", "-kernel", str(elf)])
    m = re.search(r"^MODEL rc=(\d+) stack=(\d+)$", r.stdout, re.M)
    o = re.search(r"^OUTPUT ([0-9a-f]*)$", r.stdout, re.M)
    if r.returncode != 0 or not m or not o or m.group(1) != "0":
        sys.exit(f"FAIL: the firmware run failed (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    measured_stack = int(m.group(2))
    verdict = compare_output(bytes.fromhex(o.group(1)), args.golden)
    if verdict.startswith("FAIL"):
        failures.append(f"output vs golden: {verdict}")

    # Predicted before building, by the installed compiler.
    accel = ["--accel", args.accel] if args.accel else []
    inspect = json.loads(require([str(microaot), "inspect", str(model), "--target", "cortex-m4f",
                                  "--json"] + accel, "microaot inspect").stdout)
    fp = inspect["compiled"]["footprint"]
    real = library_sections((build / "firmware.map").read_text(), "libnet.a")
    real_flash = real["code"] + real["weights"] + real["data"]
    predicted_flash = fp["flash"]["library"]
    error = (predicted_flash - real_flash) / real_flash
    if abs(error) > 0.05:
        failures.append(f"flash: predicted {predicted_flash} B, linked {real_flash} B "
                        f"({100 * error:+.1f} %, more than 5 %)")
    symbols = require([args.nm, "-S", str(elf)], "nm").stdout
    ws = re.search(r"^[0-9a-f]+ ([0-9a-f]+) [bB] net_workspace$", symbols, re.M)
    real_ws = int(ws.group(1), 16) if ws else -1
    if real_ws != max(fp["ram"]["workspace"], 1) or real_ws != real["workspace"]:
        failures.append(f"workspace: predicted {fp['ram']['workspace']} B, symbol {real_ws} B, "
                        f"map {real['workspace']} B")
    if measured_stack > fp["ram"]["stack_bound"] or not fp["ram"]["stack_exact"]:
        failures.append(f"stack: used {measured_stack} B, bound {fp['ram']['stack_bound']} B "
                        f"(exact: {fp['ram']['stack_exact']})")

    if args.rebuild:
        again = require(["cmake", "--build", str(build)], "rebuilding").stdout
        if "no work to do" not in again:
            failures.append(f"a rebuild with nothing changed did work:\n{again}")
        os.utime(model)
        again = require(["cmake", "--build", str(build)], "rebuilding after touching the model")
        if "microaot: compiling" not in again.stdout:
            failures.append(f"touching the model did not re-run microaot:\n{again.stdout}")

    print(f"| {name}{' ' + args.accel if args.accel else ''} | {predicted_flash} | {real_flash} | {100 * error:+.2f} % "
          f"| {fp['ram']['workspace']} | {real_ws} | {fp['ram']['stack_bound']} "
          f"| {measured_stack} | {verdict} |")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
