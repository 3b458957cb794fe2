#!/usr/bin/env python3
"""Operator conformance suite: generates small TFLite models per operator
(cached), then checks `<microaot> verify model.tflite --golden DIR` on each.

Usage:
  run_conformance.py --microaot build/microaot [--cases-dir build/conformance-cases]
                     [--jobs 2] [--timeout 120] [--min-cases 500] [--filter REGEX]
  run_conformance.py --generate-only [--cases-dir ...]

Prints one line per failing case, a per-operator/dtype table, and finally
`op-conformance: N passed, N failed`. Exits non-zero when a case failed or
fewer than --min-cases cases ran.
"""

import argparse
import collections
import concurrent.futures
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time

SUITE_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SUITE_DIR)

import specs  # noqa: E402  (plain data, cheap to import)

# The files whose change must regenerate every case; a family's own module regenerates only its
# cases.
GENERATOR_SOURCES = ("specs.py", "generate.py", "casegen.py")
MESSAGE_LIMIT = 300


def package_version(*names):
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "missing"


def tool_versions():
    # Read from package metadata: importing TensorFlow here would cost
    # seconds even when every case is cached.
    return {
        "tensorflow": package_version("tensorflow-cpu", "tensorflow"),
        "tflite-micro": package_version("tflite-micro", "tflite_micro"),
        "numpy": package_version("numpy"),
    }


def _digest(names):
    digest = hashlib.sha256()
    for name in names:
        with open(os.path.join(SUITE_DIR, name), "rb") as f:
            digest.update(name.encode() + b"\0" + f.read() + b"\0")
    return digest.hexdigest()


def generator_digest(family):
    return _digest(GENERATOR_SOURCES + (os.path.join("families", family + ".py"),))


def cache_key(spec, generator, versions):
    text = json.dumps({"generator": generator, "spec": spec, "versions": versions}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def load_record(case_dir):
    try:
        with open(os.path.join(case_dir, "case.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- generation

_worker_cases_dir = None


def _init_worker(log_path, cases_dir):
    """Sends TensorFlow's console chatter to a log instead of the test output."""
    global _worker_cases_dir
    _worker_cases_dir = cases_dir
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    import warnings
    warnings.simplefilter("ignore")


def _generate_one(job):
    spec, key, versions = job
    try:
        import generate  # noqa: F401  (TensorFlow: workers only)
        record = generate.write_case(spec, key, os.path.join(_worker_cases_dir, spec["id"]), versions)
        return spec["id"], record, None
    except Exception as error:  # every failure becomes that case's failure line
        first_line = (str(error).strip().splitlines() or [""])[0][:MESSAGE_LIMIT]
        return spec["id"], None, f"generation failed: {type(error).__name__}: {first_line}"


def generate_cases(selected, cases_dir, jobs):
    """Records per case id (cached or fresh) and generation errors per id."""
    versions = tool_versions()
    generators = {}
    records, errors, stale = {}, {}, []
    for spec in selected:
        family = spec["family"]
        if family not in generators:
            generators[family] = generator_digest(family)
        key = cache_key(spec, generators[family], versions)
        record = load_record(os.path.join(cases_dir, spec["id"]))
        if record is not None and record.get("cache_key") == key:
            records[spec["id"]] = record
        else:
            stale.append((spec, key, versions))

    started = time.monotonic()
    missing = [name for name in ("tensorflow", "tflite-micro") if versions[name] == "missing"]
    if stale and missing:
        raise SystemExit(f"op-conformance: {len(stale)} cases need generating but {' and '.join(missing)}: "
                         f"not installed in {sys.executable} (run scripts/setup.sh)")
    if stale:
        print(f"op-conformance: generating {len(stale)} cases with TensorFlow {versions['tensorflow']}"
              f" and TFLM {versions['tflite-micro']} ({jobs} workers)...", flush=True)
        log_path = os.path.join(cases_dir, "generate.log")
        # spawn: a fresh interpreter per worker, nothing of ours forked mid-state.
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, initializer=_init_worker, initargs=(log_path, cases_dir)) as pool:
            for case_id, record, error in pool.imap_unordered(_generate_one, stale, chunksize=1):
                if error is None:
                    records[case_id] = record
                else:
                    errors[case_id] = error
    print(f"op-conformance: {len(selected)} cases ready ({len(selected) - len(stale)} cached, "
          f"{len(stale)} generated in {time.monotonic() - started:.1f}s)", flush=True)
    return records, errors


# ---------------------------------------------------------------- verification

def compiler_message(completed_output, exit_code):
    stdout, stderr = completed_output
    for text in (stderr, stdout):
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if lines:
            return f"{lines[0][:MESSAGE_LIMIT]} (exit {exit_code})"
    return f"exit {exit_code}, no output"


def verify_case(microaot, case_dir, timeout):
    """None when the compiler verifies the case, else its one-line message."""
    command = [microaot, "verify", os.path.join(case_dir, "model.tflite"),
               "--golden", os.path.join(case_dir, "golden")]
    try:
        # Own session, so a timeout can end the compiler and anything it started.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace",
                                   start_new_session=True)
    except OSError as error:
        return f"could not run {microaot}: {error.strerror}"
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return f"timed out after {timeout:g}s"
    if process.returncode == 0:
        return None
    if process.returncode < 0:
        return f"killed by signal {-process.returncode}"
    return compiler_message((stdout, stderr), process.returncode)


# ---------------------------------------------------------------- report

def print_coverage(records, failures, verified):
    """Per operator and dtype: cases containing it, how many passed (when
    verified), and the fused activations the converter actually emitted."""
    cases = collections.defaultdict(lambda: collections.Counter())
    passed = collections.defaultdict(lambda: collections.Counter())
    activations = collections.defaultdict(collections.Counter)
    for case_id, record in records.items():
        dtype = record["dtype"]
        for op in sorted({entry["op"] for entry in record["operators"]}):
            cases[op][dtype] += 1
            if case_id not in failures:
                passed[op][dtype] += 1
        for entry in record["operators"]:
            if "fused_activation" in entry:
                activations[entry["op"]][entry["fused_activation"]] += 1
    print("op-conformance: cases per operator (a case counts for every operator it contains)")
    heading = "passed/cases" if verified else "cases"
    print(f"  {'operator':<20} {'int8 ' + heading:>18} {'float32 ' + heading:>21}  fused activations")
    for op in sorted(cases):
        columns = [f"{passed[op][d]}/{cases[op][d]}" if verified else str(cases[op][d])
                   for d in specs.DTYPES]
        fused = ", ".join(f"{name} {count}" for name, count in sorted(activations[op].items()))
        print(f"  {op:<20} {columns[0]:>18} {columns[1]:>21}  {fused}")
    print("op-conformance: operator attributes covered (operator instances)")
    for op in sorted(cases):
        attributes = collections.defaultdict(collections.Counter)
        for record in records.values():
            for entry in record["operators"]:
                if entry["op"] != op:
                    continue
                for name in ("padding", "stride", "dilation", "pool", "depth_multiplier"):
                    if name in entry:
                        value = entry[name]
                        attributes[name]["x".join(map(str, value)) if isinstance(value, list)
                                         else str(value)] += 1
        if attributes:
            print(f"  {op:<20} " + "; ".join(
                f"{name} " + ", ".join(f"{value} {count}" for value, count in sorted(counts.items()))
                for name, counts in attributes.items()))
    dtypes = collections.Counter(record["dtype"] for record in records.values())
    print("  cases per dtype: " + ", ".join(f"{d} {dtypes[d]}" for d in specs.DTYPES))
    disagreeing = sorted(case_id for case_id, record in records.items()
                         if _references_disagree(record))
    if disagreeing:
        print(f"  note: TFLite and TFLM references differ beyond rounding in {len(disagreeing)} cases: "
              + ", ".join(disagreeing[:10]))


def _references_disagree(record):
    difference = record.get("tflite_vs_tflm_max_abs_diff", 0.0)
    # int8: one step of rounding; float32: accumulated single-precision error.
    return difference > (1.0 if record["dtype"] == "int8" else 1e-4)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--microaot", help="path to the microaot compiler binary")
    parser.add_argument("--cases-dir", default=os.path.join("build", "conformance-cases"),
                        help="where generated cases are cached (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds allowed per verify run (default: %(default)s)")
    parser.add_argument("--min-cases", type=int, default=500,
                        help="fail when fewer cases ran (default: %(default)s)")
    parser.add_argument("--filter", default="", help="only case ids matching this regular expression")
    parser.add_argument("--generate-only", action="store_true",
                        help="generate (or refresh) the cases and report coverage, verify nothing")
    arguments = parser.parse_args()
    if arguments.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {arguments.jobs}")
    if not arguments.generate_only and not arguments.microaot:
        parser.error("--microaot is required unless --generate-only is given")
    try:
        arguments.filter_pattern = re.compile(arguments.filter)
    except re.error as error:
        parser.error(f"--filter {arguments.filter!r} is not a regular expression: {error}")
    return arguments


def main():
    arguments = parse_arguments()
    if arguments.microaot and not (os.path.isfile(arguments.microaot)
                                   and os.access(arguments.microaot, os.X_OK)):
        print(f"op-conformance: compiler binary {arguments.microaot} is missing or not executable",
              file=sys.stderr)
        return 2
    try:
        os.makedirs(arguments.cases_dir, exist_ok=True)
    except OSError as error:
        print(f"op-conformance: cannot create cases directory {arguments.cases_dir}: {error.strerror}",
              file=sys.stderr)
        return 2

    selected = [spec for spec in specs.all_cases() if arguments.filter_pattern.search(spec["id"])]
    records, generation_errors = generate_cases(selected, arguments.cases_dir, arguments.jobs)

    failures = dict(generation_errors)
    if arguments.generate_only:
        for case_id in sorted(failures):
            print(f"FAIL {case_id}: {failures[case_id]}")
        print_coverage(records, failures, verified=False)
        return 1 if failures else 0

    microaot = os.path.abspath(arguments.microaot)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(arguments.jobs) as pool:
        verdicts = pool.map(
            lambda case_id: (case_id, verify_case(microaot, os.path.join(arguments.cases_dir, case_id),
                                                  arguments.timeout)),
            sorted(records))
        for case_id, message in verdicts:
            if message is not None:
                failures[case_id] = message
    elapsed = time.monotonic() - started

    for case_id in sorted(failures):
        print(f"FAIL {case_id}: {failures[case_id]}")
    print_coverage(records, failures, verified=True)
    ran = len(records) + len(generation_errors)
    print(f"op-conformance: verified {len(records)} cases in {elapsed:.1f}s")
    if ran < arguments.min_cases:
        print(f"op-conformance: only {ran} cases ran, fewer than the required {arguments.min_cases}")
    print(f"op-conformance: {ran - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or ran < arguments.min_cases else 0


if __name__ == "__main__":
    sys.exit(main())
