#!/usr/bin/env python3
"""Operator conformance suite: generates small TFLite models per operator
(cached), bundled several cases to a model, then checks
`<microaot> verify model.tflite --golden DIR` on each bundle.

Usage:
  run_conformance.py --microaot build/microaot [--cases-dir build/conformance-cases]
                     [--jobs 2] [--timeout 120] [--min-cases 500] [--filter REGEX]
  run_conformance.py --microaot build/microaot --target cortex-m4f-qemu
                     (`microaot run` on the first bundles of every family and dtype: one case
                     per operator and dtype on the emulated Cortex-M4F)
  run_conformance.py --generate-only [--cases-dir ...]

A case is the unit of counting and reporting: a bundle that fails on some outputs fails the cases
owning them; a bundle that fails as a whole (a compile error, a crash, a generation error) is
narrowed down by checking each of its cases alone. Prints one line per failing case, a
per-operator/dtype table, and finally `op-conformance: N passed, N failed`. Exits non-zero when a
case failed or fewer than --min-cases cases ran.
"""

import argparse
import collections
import concurrent.futures
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time

SUITE_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SUITE_DIR)

import case_cache  # noqa: E402
import specs  # noqa: E402  (plain data, cheap to import)

# The files whose change must regenerate every case; a family's own module regenerates only its
# cases.
GENERATOR_SOURCES = ("specs.py", "generate.py", "casegen.py", "raw_model.py")
MESSAGE_LIMIT = 300
# Where singleton bundles (one case alone, to name the failing case of a bundle) are cached.
SINGLE_DIR = "single"
TARGET_TIMEOUT = 600


def generator_digest(family):
    names = GENERATOR_SOURCES + (os.path.join("families", family + ".py"),)
    return case_cache.sources_digest((name, os.path.join(SUITE_DIR, name)) for name in names)


def cache_key(members, generator, versions):
    return case_cache.json_key({"generator": generator, "cases": members, "versions": versions})


def load_record(bundle_dir):
    return case_cache.load_json(os.path.join(bundle_dir, "bundle.json"))


def first_line(text):
    return (str(text).strip().splitlines() or [""])[0][:MESSAGE_LIMIT]


# ---------------------------------------------------------------- generation

_worker_root = None


def _init_worker(log_path, root):
    global _worker_root
    _worker_root = root
    case_cache.redirect_output(log_path)


def _generate_one(job):
    bundle_id, members, key, versions = job
    try:
        import generate  # noqa: F401  (TensorFlow: workers only)
        record = generate.write_bundle(bundle_id, members, key,
                                       os.path.join(_worker_root, bundle_id), versions)
        return bundle_id, record, None
    except Exception as error:  # every failure becomes that bundle's failure line
        return bundle_id, None, f"generation failed: {type(error).__name__}: {first_line(error)}"


def generate_bundles(selected, root, jobs):
    """Records per bundle id (cached or fresh) and generation errors per bundle id, for the
    (bundle id, cases) pairs in `selected`, stored under `root`."""
    versions = case_cache.tool_versions()
    generators = {}
    records, errors, stale = {}, {}, []
    for bundle_id, members in selected:
        family = members[0]["family"]
        if family not in generators:
            generators[family] = generator_digest(family)
        key = cache_key(members, generators[family], versions)
        record = load_record(os.path.join(root, bundle_id))
        if record is not None and record.get("cache_key") == key:
            records[bundle_id] = record
        else:
            stale.append((bundle_id, members, key, versions))

    started = time.monotonic()
    missing = [name for name in ("tensorflow", "tflite-micro") if versions[name] == "missing"]
    if stale and missing:
        raise SystemExit(f"op-conformance: {len(stale)} models need generating but "
                         f"{' and '.join(missing)}: not installed in {sys.executable} "
                         "(run scripts/setup.sh)")
    cases = sum(len(members) for _, members in selected)
    if stale:
        stale_cases = sum(len(job[1]) for job in stale)
        print(f"op-conformance: generating {len(stale)} models ({stale_cases} cases) with "
              f"TensorFlow {versions['tensorflow']} and TFLM {versions['tflite-micro']} "
              f"({jobs} workers)...", flush=True)
        os.makedirs(root, exist_ok=True)
        log_path = os.path.join(root, "generate.log")
        # spawn: a fresh interpreter per worker, nothing of ours forked mid-state.
        context = multiprocessing.get_context("spawn")
        with context.Pool(min(jobs, len(stale)), initializer=_init_worker,
                          initargs=(log_path, root)) as pool:
            # Largest first, so that no worker is left with a big bundle at the end.
            stale.sort(key=lambda job: -len(job[1]))
            for bundle_id, record, error in pool.imap_unordered(_generate_one, stale, chunksize=1):
                if error is None:
                    records[bundle_id] = record
                else:
                    errors[bundle_id] = error
    print(f"op-conformance: {len(selected)} models for {cases} cases ready "
          f"({len(selected) - len(stale)} cached, {len(stale)} generated in "
          f"{time.monotonic() - started:.1f}s)", flush=True)
    return records, errors


# ---------------------------------------------------------------- checking

def compiler_message(completed_output, exit_code):
    stdout, stderr = completed_output
    for text in (stderr, stdout):
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if lines:
            failing = [line for line in lines if line.startswith("FAIL")]
            return f"{(failing or lines)[0][:MESSAGE_LIMIT]} (exit {exit_code})"
    return f"exit {exit_code}, no output"


def run_compiler(microaot, bundle_dir, timeout, target):
    """(exit status or None, stdout, message): `verify` on the host, or `run` on `target`."""
    model = os.path.join(bundle_dir, "model.tflite")
    golden = os.path.join(bundle_dir, "golden")
    if target:
        command = [microaot, "run", model, "--target", target, "--golden", golden,
                   "--timeout", str(int(timeout))]
    else:
        command = [microaot, "verify", model, "--golden", golden]
    try:
        # Own session, so a timeout can end the compiler and anything it started.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace",
                                   start_new_session=True)
    except OSError as error:
        return None, "", f"could not run {microaot}: {error.strerror}"
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, "", f"timed out after {timeout:g}s"
    if process.returncode == 0:
        return 0, stdout, None
    if process.returncode < 0:
        return process.returncode, stdout, f"killed by signal {-process.returncode}"
    return process.returncode, stdout, compiler_message((stdout, stderr), process.returncode)


# One compared output on a `verify` sample line: "<case id>:out<j> (<dtype>): <figures> OK".
OUTPUT_VERDICT = re.compile(r"(\S+):out(\d+) \([a-z0-9]+\): ([^:]*?) (OK|MISMATCH)(?= |$)")


def attribute(record, stdout):
    """{case id: None or failure message} from verify's per-output lines, or None when the
    lines do not account for every output of every sample (then no case can be blamed)."""
    seen = collections.defaultdict(dict)
    samples = 0
    for line in stdout.splitlines():
        match = re.match(r"sample (\d+):", line)
        if not match or "harness failed" in line:
            continue
        samples += 1
        for verdict in OUTPUT_VERDICT.finditer(line):
            case_id, j, figures, status = verdict.groups()
            seen[case_id].setdefault(int(j), []).append(
                None if status == "OK" else f"output {j} MISMATCH in sample {match.group(1)}: "
                                            f"{figures}")
    verdicts = {}
    for case in record["cases"]:
        outputs = seen.get(case["id"], {})
        if samples == 0 or set(outputs) != set(range(len(case["outputs"]))) or \
                any(len(results) != samples for results in outputs.values()):
            return None
        problems = [p for results in outputs.values() for p in results if p]
        verdicts[case["id"]] = problems[0] if problems else None
    return verdicts


def check_bundle(microaot, root, bundle_id, record, timeout, target):
    """(verdicts {case id: None or message} or None when the failure names no case, message)."""
    status, stdout, message = run_compiler(microaot, os.path.join(root, bundle_id), timeout,
                                           target)
    if status == 0:
        return {case["id"]: None for case in record["cases"]}, None
    verdicts = None if target or status is None or status < 0 else attribute(record, stdout)
    if verdicts is not None and not any(verdicts.values()):
        verdicts = None  # failed, yet every output matched: something else went wrong
    return verdicts, message


def check(microaot, cases_dir, selected, jobs, timeout, target, isolate=True):
    """({case id: None or failure message}, {case id: case record}) for every case of the
    `selected` bundles. Generation and whole-bundle failures are narrowed down by checking the
    cases one by one (`isolate`); a case alone owns every failure of its model."""
    records, errors = generate_bundles(selected, cases_dir, jobs)
    verdicts, unexplained = {}, {}

    def check_one(item):
        bundle_id, record = item
        return bundle_id, check_bundle(microaot, cases_dir, bundle_id, record, timeout, target)

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for bundle_id, (bundle_verdicts, message) in pool.map(check_one, sorted(records.items())):
            if bundle_verdicts is None:
                unexplained[bundle_id] = message
            else:
                verdicts.update(bundle_verdicts)
    unexplained.update(errors)
    case_records = {case["id"]: case for record in records.values() for case in record["cases"]}
    members = {bundle_id: ms for bundle_id, ms in selected}
    if not isolate:
        for bundle_id, message in unexplained.items():
            verdicts.update({case["id"]: message for case in members[bundle_id]})
    elif unexplained:
        singles = [(case["id"], [case]) for bundle_id in sorted(unexplained)
                   for case in members[bundle_id]]
        print(f"op-conformance: {len(unexplained)} models failed as a whole: checking their "
              f"{len(singles)} cases one by one", flush=True)
        single_root = os.path.join(cases_dir, SINGLE_DIR)
        single_verdicts, single_records = check(microaot, single_root, singles, jobs, timeout,
                                                target, isolate=False)
        case_records.update(single_records)
        verdicts.update(single_verdicts)
        # A bundle whose cases all pass alone failed because of the bundling itself (e.g. a
        # planner fault across branches): that is a failure of every case in it.
        for bundle_id, message in unexplained.items():
            ids = [case["id"] for case in members[bundle_id]]
            if all(single_verdicts.get(case_id) is None for case_id in ids):
                for case_id in ids:
                    verdicts[case_id] = f"passes alone, fails bundled in {bundle_id}: {message}"
    return verdicts, case_records


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
    present = [d for d in specs.DTYPES if any(cases[op][d] for op in cases)]
    widths = [max(len(f"{d} {heading}"), 9) for d in present]
    name_width = max([20] + [len(op) for op in cases])
    print(f"  {'operator':<{name_width}} " + " ".join(f"{d + ' ' + heading:>{w}}"
                                           for d, w in zip(present, widths))
          + "  fused activations")
    for op in sorted(cases):
        columns = [f"{passed[op][d]}/{cases[op][d]}" if verified else str(cases[op][d])
                   for d in present]
        fused = ", ".join(f"{name} {count}" for name, count in sorted(activations[op].items()))
        print(f"  {op:<{name_width}} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths))
              + f"  {fused}")
    print("op-conformance: operator attributes covered (operator instances)")
    for op in sorted(cases):
        attributes = collections.defaultdict(collections.Counter)
        for record in records.values():
            for entry in record["operators"]:
                if entry["op"] != op:
                    continue
                for name in ("padding", "stride", "dilation", "pool", "depth_multiplier", "keep_dims"):
                    if name in entry:
                        value = entry[name]
                        attributes[name]["x".join(map(str, value)) if isinstance(value, list)
                                         else str(value)] += 1
        if attributes:
            print(f"  {op:<{name_width}} " + "; ".join(
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
    if difference is None:  # not cross-checked (TFLite has no kernel for the case's form)
        return False
    # Integers: one step of rounding; float32: accumulated single-precision error.
    return difference > (1.0 if record["dtype"] in ("int8", "int16") else 1e-4)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--microaot", help="path to the microaot compiler binary")
    parser.add_argument("--cases-dir", default=os.path.join("build", "conformance-cases"),
                        help="where generated models are cached (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds allowed per verify run (default: %(default)s; a run on "
                             f"--target gets at least {TARGET_TIMEOUT})")
    parser.add_argument("--min-cases", type=int, default=500,
                        help="fail when fewer cases ran (default: %(default)s)")
    parser.add_argument("--filter", default="",
                        help="only case ids matching this regular expression (whole bundles "
                             "holding them are built and checked)")
    parser.add_argument("--target", default="",
                        help="check with `microaot run --target TARGET` (e.g. cortex-m4f-qemu) "
                             "the first bundles of every family and dtype instead of verifying "
                             "every bundle on the host")
    parser.add_argument("--generate-only", action="store_true",
                        help="generate (or refresh) the models and report coverage, check nothing")
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

    all_bundles = specs.bundles()
    if arguments.target:
        all_bundles = specs.first_bundles_per_group(all_bundles)
    wanted = {case["id"] for _, members in all_bundles for case in members
              if arguments.filter_pattern.search(case["id"])}
    selected = [(bundle_id, members) for bundle_id, members in all_bundles
                if any(case["id"] in wanted for case in members)]

    if arguments.generate_only:
        records, errors = generate_bundles(selected, arguments.cases_dir, arguments.jobs)
        failures = {case["id"]: errors[bundle_id] for bundle_id, members in selected
                    if bundle_id in errors for case in members if case["id"] in wanted}
        for case_id in sorted(failures):
            print(f"FAIL {case_id}: {failures[case_id]}")
        case_records = {case["id"]: case for record in records.values()
                        for case in record["cases"] if case["id"] in wanted}
        print_coverage(case_records, failures, verified=False)
        return 1 if failures else 0

    microaot = os.path.abspath(arguments.microaot)
    timeout = max(arguments.timeout, TARGET_TIMEOUT) if arguments.target else arguments.timeout
    started = time.monotonic()
    verdicts, case_records = check(microaot, arguments.cases_dir, selected, arguments.jobs,
                                   timeout, arguments.target)
    elapsed = time.monotonic() - started
    verdicts = {case_id: message for case_id, message in verdicts.items() if case_id in wanted}
    case_records = {case_id: r for case_id, r in case_records.items() if case_id in wanted}
    failures = {case_id: message for case_id, message in verdicts.items() if message is not None}

    for case_id in sorted(failures):
        print(f"FAIL {case_id}: {failures[case_id]}")
    print_coverage(case_records, failures, verified=True)
    ran = len(verdicts)
    where = f"on {arguments.target}" if arguments.target else "on the host"
    print(f"op-conformance: checked {ran} cases in {len(selected)} models {where} in "
          f"{elapsed:.1f}s (generation included)")
    if ran < arguments.min_cases:
        print(f"op-conformance: only {ran} cases ran, fewer than the required {arguments.min_cases}")
    print(f"op-conformance: {ran - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or ran < arguments.min_cases else 0


if __name__ == "__main__":
    sys.exit(main())
