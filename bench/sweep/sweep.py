#!/usr/bin/env python3
"""Shape sweep: single-layer models over many shapes, each compiled by microaot for the emulated
Cortex-M4F, run on QEMU and checked against TensorFlow Lite Micro; prints the cycle estimate per
MAC (or per element / window tap) of every case, grouped by kernel family, with the family
median, and flags every case above 2x its family median. See bench/sweep/README.md.

usage: sweep.py --microaot EXE [--cache-dir DIR] [--out DIR] [--filter REGEX] [--smoke]
                [--strict] [--jobs N] [--samples N] [--timeout S] [--generate-only]

Cases (cases.py) are generated once with TensorFlow in worker processes and cached in
--cache-dir, keyed by the spec, the generator sources and the TensorFlow / TFLM / numpy
versions. Each case is then one `microaot run --target cortex-m4f-qemu --golden` (one firmware
build, one QEMU run). Exit status: 0 when every case the compiler supports matched (int8
bit-exact, float32 within the run's tolerance), 1 otherwise; with --strict also 1 when a case
was unsupported. Writes OUT/shape_sweep.md and OUT/shape_sweep.json.
"""

import argparse
import collections
import concurrent.futures
import json
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

# Not "specs": generate.py imports the conformance suite's module of that name.
import cases  # noqa: E402  (plain data, cheap to import)

CONFORMANCE = os.path.join(REPO, "tests", "conformance")
sys.path.insert(0, CONFORMANCE)
import case_cache  # noqa: E402


def generator_sources():
    """The code that turns a spec into a model and goldens: models.py, the conformance
    generator and its families' model functions (cases.py only lists specs: adding a case must
    not regenerate the others)."""
    families = os.path.join(CONFORMANCE, "families")
    return [os.path.join(HERE, "models.py"), os.path.join(CONFORMANCE, "generate.py")] + sorted(
        os.path.join(families, name) for name in os.listdir(families) if name.endswith(".py"))


FLAG_RATIO = 2.0
# Cases with at least this much work (MACs, elements, taps): fixed per-call costs are a few
# percent of them, so a flag there is the kernel's, not the layer's size.
LARGE_WORK = 65536
MESSAGE_LIMIT = 200
# The TFLite operator each kind must convert to (anything else is reported on the case).
EXPECTED_OPS = {"conv2d": "CONV_2D", "depthwise_conv2d": "DEPTHWISE_CONV_2D",
                "fully_connected": "FULLY_CONNECTED", "average_pool2d": "AVERAGE_POOL_2D",
                "max_pool2d": "MAX_POOL_2D"}
UNIT_NAMES = {"MAC": "MAC", "element": "output element", "tap": "window tap"}


def log(text):
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- cache

def generator_digest():
    return case_cache.sources_digest((os.path.basename(path), path) for path in generator_sources())


def cache_key(spec, generator, versions):
    return case_cache.json_key({"generator": generator, "spec": spec, "versions": versions})


_worker_cache_dir = None


def _init_worker(log_path, cache_dir):
    global _worker_cache_dir
    _worker_cache_dir = cache_dir
    case_cache.redirect_output(log_path)


def _generate_one(job):
    spec, key, versions = job
    try:
        import models  # noqa: F401  (TensorFlow: workers only)
        record = models.write_case(spec, key, os.path.join(_worker_cache_dir, spec["id"]),
                                   versions)
        return spec["id"], record, None
    except Exception as error:  # the case's failure, not the sweep's
        first = (str(error).strip().splitlines() or [""])[0][:MESSAGE_LIMIT]
        return spec["id"], None, f"generation failed: {type(error).__name__}: {first}"


def generate_cases(selected, cache_dir, jobs):
    """Case records (cached or fresh) and generation errors, by case id."""
    versions, generator = case_cache.tool_versions(), generator_digest()
    records, errors, stale = {}, {}, []
    for spec in selected:
        key = cache_key(spec, generator, versions)
        record = case_cache.load_json(os.path.join(cache_dir, spec["id"], "case.json"))
        if record is not None and record.get("cache_key") == key:
            records[spec["id"]] = record
        else:
            stale.append((spec, key, versions))
    missing = [n for n in ("tensorflow", "tflite-micro") if versions[n] == "missing"]
    if stale and missing:
        raise SystemExit(f"shape sweep: {len(stale)} cases need generating but "
                         f"{' and '.join(missing)} not installed in {sys.executable}")
    started = time.monotonic()
    if stale:
        log(f"shape sweep: generating {len(stale)} cases with TensorFlow "
            f"{versions['tensorflow']}, TFLM {versions['tflite-micro']} ({jobs} workers)")
        os.makedirs(cache_dir, exist_ok=True)
        context = multiprocessing.get_context("spawn")
        log_path = os.path.join(cache_dir, "generate.log")
        with context.Pool(jobs, initializer=_init_worker, initargs=(log_path, cache_dir)) as pool:
            for done, (case_id, record, error) in enumerate(
                    pool.imap_unordered(_generate_one, stale, chunksize=1), 1):
                if error is None:
                    records[case_id] = record
                else:
                    errors[case_id] = error
                if done % 50 == 0 or done == len(stale):
                    log(f"shape sweep: generated {done}/{len(stale)}")
    log(f"shape sweep: {len(selected)} cases ready ({len(selected) - len(stale)} cached, "
        f"{len(stale)} generated in {time.monotonic() - started:.0f} s)")
    return records, errors


# ---------------------------------------------------------------- running

def first_error_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("error", "FAIL")):
            return line[:MESSAGE_LIMIT]
    return (lines[-1] if lines else "no output")[:MESSAGE_LIMIT]


_live = set()  # running `microaot run` processes, ended on interrupt
_live_lock = threading.Lock()


def run_case(microaot, case_dir, run_dir, samples, timeout):
    """One `microaot run` of the case in case_dir, its JSON and log written to run_dir (not the
    cache, which a concurrent sweep may share): (exit status, the JSON or None, the output)."""
    os.makedirs(run_dir, exist_ok=True)
    result_path = os.path.join(run_dir, "run.json")
    if os.path.exists(result_path):
        os.remove(result_path)
    command = [microaot, "run", os.path.join(case_dir, "model.tflite"),
               "--target", "cortex-m4f-qemu", "--golden", os.path.join(case_dir, "golden"),
               "--samples", str(samples), "--timeout", str(timeout), "--json", result_path]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True, errors="replace",
                               start_new_session=True)
    with _live_lock:
        _live.add(process)
    try:
        output, _ = process.communicate(timeout=timeout + 600)  # + compile and build
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        output += "\nshape sweep: microaot run timed out"
    finally:
        with _live_lock:
            _live.discard(process)
    with open(os.path.join(run_dir, "run.log"), "w", encoding="utf-8") as f:
        f.write(output)
    # Messages name the case, not where the cache happens to be.
    output = output.replace(case_dir + os.sep, "")
    return process.returncode, case_cache.load_json(result_path), output


def converted_ops(record):
    return [entry["op"] for entry in record.get("operators", [])]


def summarize(spec, record, exit_status, result, output):
    """One table row for a case."""
    row = {"id": spec["id"], "family": spec["family"], "dtype": spec["dtype"],
           "unit": spec["unit"], "ops": converted_ops(record)}
    expected = EXPECTED_OPS.get(spec["kind"])
    if expected and row["ops"] != [expected]:
        row["note"] = f"converted to {'+'.join(row['ops'])}"
    if result is not None:
        kernels = []
        for node in result.get("nodes", []):
            if node["kernel"] not in kernels:
                kernels.append(node["kernel"])
        work = result["macs"] if spec["unit"] == "MAC" else spec["work"]
        row.update(kernel="+".join(kernels) or "none", macs=result["macs"], work=work,
                   cycles=result["cycles"], instructions=result["instructions"],
                   worst_abs_diff=max(s["worst_abs_diff"] for s in result["samples"]),
                   per_unit=result["cycles"] / work if work else None,
                   instr_per_unit=result["instructions"] / work if work else None)
    plausible = result is not None and result["cycles"] >= result["instructions"] > 0
    exact = result is not None and (spec["dtype"] != "int8" or row["worst_abs_diff"] == 0)
    if exit_status == 0 and result is not None and result.get("result") == "pass":
        row["status"] = "pass" if plausible and exact else "error"
        if not plausible:
            row["message"] = "implausible counts (cycles below instructions, or none)"
        elif not exact:
            row["message"] = "run passed an int8 case that is not bit-exact"
    elif exit_status == 1 and result is not None and result.get("result") == "fail":
        row["status"] = "mismatch"
    elif exit_status == 2 and re.search(r"unsupported|not supported", output, re.I):
        row["status"] = "unsupported"
        row["message"] = first_error_line(output)
    else:
        row["status"] = "error"
        row["message"] = f"exit {exit_status}: {first_error_line(output)}"
    return row


def end_live_runs():
    with _live_lock:
        for process in _live:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def run_all(selected, records, args):
    rows = {}
    todo = [s for s in selected if s["id"] in records]
    started = time.monotonic()
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    futures = {pool.submit(run_case, args.microaot, os.path.join(args.cache_dir, s["id"]),
                           os.path.join(args.out, "shape_sweep_runs", s["id"]), args.samples,
                           args.timeout): s for s in todo}
    try:
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            spec = futures[future]
            exit_status, result, output = future.result()
            row = summarize(spec, records[spec["id"]], exit_status, result, output)
            rows[spec["id"]] = row
            figure = f"{row['per_unit']:.2f} cycles/{spec['unit']}" if row.get("per_unit") else ""
            log(f"[{done}/{len(todo)} {time.monotonic() - started:.0f}s] {spec['id']}: "
                f"{row['status']} {figure}")
    except BaseException:
        for future in futures:
            future.cancel()
        end_live_runs()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return rows


# ---------------------------------------------------------------- report

def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return f"{v:,}"


def family_stats(rows):
    """Per (family, dtype): median cycles per unit over matching cases; marks outliers."""
    groups = collections.defaultdict(list)
    for row in rows:
        groups[(row["family"], row["dtype"])].append(row)
    stats = {}
    for key, members in groups.items():
        values = [r["per_unit"] for r in members if r["status"] == "pass" and r.get("per_unit")]
        median = statistics.median(values) if values else None
        for r in members:
            if median and r.get("per_unit") and r["status"] == "pass":
                r["x_median"] = r["per_unit"] / median
                r["flagged"] = r["x_median"] > FLAG_RATIO
        passed = [r for r in members if r.get("x_median") is not None]
        worst = max(passed, key=lambda r: r["x_median"], default=None)
        stats[key] = {"family": key[0], "dtype": key[1], "unit": members[0]["unit"],
                      "cases": len(members), "median": median,
                      "counts": collections.Counter(r["status"] for r in members),
                      "flagged": [r["id"] for r in members if r.get("flagged")],
                      "flagged_large": [r["id"] for r in members
                                        if r.get("flagged") and r["work"] >= LARGE_WORK],
                      "worst": worst["id"] if worst else None,
                      "worst_value": worst["per_unit"] if worst else None,
                      "worst_x": worst["x_median"] if worst else None}
    return groups, stats


def render(rows, errors):
    groups, stats = family_stats(rows)
    md = ["# Shape sweep on the emulated Cortex-M4F (QEMU mps2-an386)", "",
          "Cycles: TRM-based estimate (docs/measuring.md), no flash wait states, one inference "
          "of golden sample 0 after a warm-up, per MAC (or per output element / window tap). "
          f"**>2x**: above {FLAG_RATIO:g}x its family median. Matching: int8 bit-exact with TFLite "
          "Micro, float32 within 1e-5 + 1e-4 |ref|. The whole inference is counted: in small "
          "layers fixed per-call costs dominate, hence the last column.", ""]
    md += ["| family | dtype | cases | matched | unsupported | failed | median cycles/unit | "
           "worst case | its cycles/unit | x median | above 2x | above 2x with "
           f"≥ {LARGE_WORK:,} units |", "|---|---|" + "---:|" * 5 + "---|" + "---:|" * 4]
    for key in sorted(stats):
        s = stats[key]
        failed = s["cases"] - s["counts"]["pass"] - s["counts"]["unsupported"]
        md.append(f"| {s['family']} | {s['dtype']} | {s['cases']} | {s['counts']['pass']} | "
                  f"{s['counts']['unsupported']} | {failed} | {fmt(s['median'])} "
                  f"({UNIT_NAMES[s['unit']]}) | {s['worst'] or '-'} | {fmt(s['worst_value'])} | "
                  f"{fmt(s['worst_x'])} | {len(s['flagged'])} | {len(s['flagged_large'])} |")
    for key in sorted(groups):
        s = stats[key]
        md += ["", f"## {key[0]} {key[1]}: median {fmt(s['median'])} cycles per "
                   f"{UNIT_NAMES[s['unit']]}, {len(s['flagged'])} of {s['cases']} above 2x", "",
               f"| case | status | kernel | {s['unit']}s | cycles (est.) | cycles/{s['unit']} | "
               f"instr/{s['unit']} | x median | |", "|---|---|---|---:|---:|---:|---:|---:|---|"]
        for r in groups[key]:
            status = r["status"] + (f": {r['message']}" if r.get("message") else "")
            if r["status"] == "pass" and r["dtype"] == "float32" and r.get("worst_abs_diff"):
                status += f" (|d| <= {r['worst_abs_diff']:.1e})"
            if r.get("note"):
                status += f"; {r['note']}"
            md.append(f"| {r['id']} | {status} | {r.get('kernel', '-')} | {fmt(r.get('work'))} | "
                      f"{fmt(r.get('cycles'))} | {fmt(r.get('per_unit'))} | "
                      f"{fmt(r.get('instr_per_unit'))} | {fmt(r.get('x_median'))} | "
                      f"{'**>2x**' if r.get('flagged') else ''} |")
    if errors:
        md += ["", "## cases that could not be generated", ""]
        md += [f"- {case_id}: {message}" for case_id, message in sorted(errors.items())]
    return "\n".join(md) + "\n", stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--microaot", help="the microaot executable (not needed with --generate-only)")
    ap.add_argument("--cache-dir", default=os.path.join(REPO, "build", "sweep-cases"))
    ap.add_argument("--out", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--filter", help="only case ids matching this regular expression")
    ap.add_argument("--smoke", action="store_true", help="only the cases of cases.SMOKE")
    ap.add_argument("--strict", action="store_true", help="unsupported cases fail too")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--samples", type=int, default=1, help="golden samples per case (1 or 2)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per emulator run")
    ap.add_argument("--generate-only", action="store_true")
    args = ap.parse_args()

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # so the running emulators end too
    if args.jobs < 1 or args.samples not in (1, 2) or args.timeout < 1:
        ap.error("--jobs >= 1, --samples 1 or 2, --timeout >= 1")
    if not args.generate_only and not (args.microaot and os.access(args.microaot, os.X_OK)):
        ap.error("--microaot EXE is required (an executable)")

    selected = cases.all_cases()
    if args.smoke:
        selected = [s for s in selected if s["id"] in cases.SMOKE]
    if args.filter:
        selected = [s for s in selected if re.search(args.filter, s["id"])]
    if not selected:
        raise SystemExit("shape sweep: no case selected")
    records, errors = generate_cases(selected, args.cache_dir, args.jobs)
    if args.generate_only:
        return 1 if errors else 0
    rows_by_id = run_all(selected, records, args)
    rows = [rows_by_id[s["id"]] for s in selected if s["id"] in rows_by_id]
    text, stats = render(rows, errors)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "shape_sweep.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.out, "shape_sweep.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": rows, "families": list(stats.values()),
                   "generation_errors": errors}, f, indent=2, default=dict)
        f.write("\n")
    print(text, end="")
    counts = collections.Counter(r["status"] for r in rows)
    bad = len(errors) + counts["mismatch"] + counts["error"]
    if args.strict:
        bad += counts["unsupported"]
    print(f"shape sweep: {len(selected)} cases, {counts['pass']} matched, "
          f"{counts['unsupported']} unsupported, {counts['mismatch']} mismatched, "
          f"{counts['error'] + len(errors)} failed; tables in "
          f"{os.path.join(args.out, 'shape_sweep.md')}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
