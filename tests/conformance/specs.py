"""The operator-conformance case list: plain data, no TensorFlow.

Cases come from the family modules in families/ (one module per operator family; adding a
family is adding a file). Every case is a dict with "id", "kind", "dtype", "family" and the
kind's parameters. The list is a pure function of those files (fixed seeds, seeded per kind and
dtype so adding a kind never changes another's cases), so case ids are stable across runs and
machines and can key the generation cache.

Coverage is built per operator from a shuffled cross product of the parameters that matter most
(stride x padding x activation, ...), cycled so that every value of every such parameter is used;
shapes and the remaining parameters are drawn from a per-operator seeded RNG.
"""

import importlib
import os
import pkgutil
import random
import zlib

from casegen import DTYPES

FAMILIES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "families")


def families():
    """{family name: module}, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules([FAMILIES_DIR]))
    return {name: importlib.import_module(f"families.{name}") for name in names}


def kinds():
    """{kind: (family name, Kind)} over every family; a kind defined twice is an error."""
    found = {}
    for family, module in families().items():
        for kind, spec in module.KINDS.items():
            if kind in found:
                raise SystemExit(f"case kind {kind!r} is defined by {found[kind][0]} and {family}")
            found[kind] = (family, spec)
    return found


def all_cases():
    """Every case, in a stable order; ids look like `conv2d-int8-007`."""
    cases = []
    for kind, (family, spec) in kinds().items():
        for dtype in DTYPES:
            count = spec.counts.get(dtype, 0)
            if not count:
                continue
            rng = random.Random(f"{kind}/{dtype}")
            for number, params in enumerate(spec.params(rng, count, dtype)):
                seed = zlib.crc32(f"{kind}/{dtype}/{number}".encode())
                cases.append({"id": f"{kind}-{dtype}-{number:03d}", "kind": kind, "family": family,
                              "dtype": dtype, "seed": seed, **params})
    return cases


# ---------------------------------------------------------------- bundles

# Cases per generated model. One model (one TensorFlow conversion, one TFLM reference run, one
# `microaot verify` build) serves this many cases as independent branches: each case keeps its
# own inputs, outputs, weights and quantization, so bundling changes what is shared, not what is
# checked. A failing bundle is re-checked case by case (singleton bundles) to name the case.
BUNDLE_SIZE = 24


def bundle_size(family):
    """Cases per bundle for `family`: its module's BUNDLE_SIZE (whole models: 1), else ours."""
    return getattr(families()[family], "BUNDLE_SIZE", BUNDLE_SIZE)


def conversion_of(case):
    """Converter setting the case needs: cases are bundled only with cases converted alike.
    "native" is the dtype's own I/O; a case may ask for float32 I/O on an int8 model ("io": the
    conversion is "float32io") or, for a hybrid case, a weight quantization ("weights":
    "per-tensor", "symmetric"; families/hybrid.py), an int16 case's bias type ("bias_type":
    "int32": the conversion is "int32bias"), or "raw": the model is written without the
    converter (raw_model.py; "raw": true)."""
    if case.get("raw"):
        return "raw"
    if "io" in case:
        return f"{case['io']}io"
    if "bias_type" in case:
        return f"{case['bias_type']}bias"
    return case.get("weights", "native")


def reference_of(case):
    """Which interpreter gives the golden outputs: TFLite Micro's ("tflm"), or TensorFlow Lite's
    ("tflite") for an operator TFLite Micro has no kernel for (RELU_N1_TO_1, an int64 EXPAND_DIMS
    axis, an int64 SHAPE), or TFLite Micro's without TFLite's cross-check ("tflm-only") for a
    form only TFLite Micro has (int8 ZEROS_LIKE). Cases are bundled only with cases of the same
    reference."""
    return case.get("reference", "tflm")


def bundles(cases=None):
    """[(bundle id, [case, ...])] over `cases` (default: every case), in a stable order.

    Cases are grouped by family, dtype and conversion; within a group the kinds take turns (case
    0 of each kind, then case 1 of each, ...), so the first bundle of a group holds one case of
    every kind (while the group has at most BUNDLE_SIZE kinds). Ids look like `core-int8-03`.
    """
    if cases is None:
        cases = all_cases()
    groups = {}
    for case in cases:
        key = (case["family"], case["dtype"], conversion_of(case), reference_of(case))
        groups.setdefault(key, {}).setdefault(case["kind"], []).append(case)
    result = []
    for (family, dtype, conversion, reference), by_kind in groups.items():
        interleaved = []
        longest = max(len(kind_cases) for kind_cases in by_kind.values())
        for number in range(longest):
            for kind_cases in by_kind.values():
                if number < len(kind_cases):
                    interleaved.append(kind_cases[number])
        suffix = "" if conversion == "native" else f"-{conversion}"
        suffix += "" if reference == "tflm" else f"-{reference}ref"
        size = bundle_size(family)
        for start in range(0, len(interleaved), size):
            number = start // size
            result.append((f"{family}-{dtype}{suffix}-{number:02d}",
                           interleaved[start:start + size]))
    return result


def first_bundles_per_group(all_bundles):
    """The fewest leading bundles of each (family, dtype, conversion) group that hold a case of
    every kind of the group: what the emulator run checks (one case per operator and dtype)."""
    def group(case):
        return case["family"], case["dtype"], conversion_of(case), reference_of(case)

    wanted = {}
    for _, members in all_bundles:
        for case in members:
            wanted.setdefault(group(case), set()).add(case["kind"])
    chosen, covered = [], {}
    for bundle_id, members in all_bundles:
        seen = covered.setdefault(group(members[0]), set())
        if seen >= wanted[group(members[0])]:
            continue
        seen.update(case["kind"] for case in members)
        chosen.append((bundle_id, members))
    return chosen
