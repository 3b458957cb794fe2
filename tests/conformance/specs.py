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
