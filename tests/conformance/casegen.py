"""Helpers for writing conformance case lists (plain data, no TensorFlow)."""

import collections
import itertools

# One case kind of a family (families/*.py): cases per dtype ({"int8": n, "float32": m}), the
# case-parameter function (rng, count, dtype) -> [dict], and the model function
# (spec, kit) -> (body, input shapes, calibration range per input). A calibration range is r
# (uniform over [-r, r)) or a pair (low, high).
Kind = collections.namedtuple("Kind", "counts params model")

# "hybrid": float32 activations, int8 weights (dynamic-range quantization, families/hybrid.py);
# "int16": the converter's 16x8 mode (int16 activations, int8 weights); "int32", "uint8" (and
# int16): QUANTIZE forms with a tensor of that type (families/quantize_forms.py); "bool": float32
# models whose outputs are bool tensors (families/bool_ops.py).
DTYPES = ("int8", "float32", "hybrid", "int16", "int32", "uint8", "bool")
ACTIVATIONS = ("NONE", "RELU", "RELU6")
PADDINGS = ("SAME", "VALID")

# Calibration ranges (float inputs are uniform over [-r, r)): different
# ranges give different input scales, which matters for ADD's rescaling.
INPUT_RANGES = (0.5, 1.0, 2.0)

# Calibration ranges that also move the int8 zero point to its extremes: one-sided ranges give
# zero point -128 ([0, r)) or 127 ((-r, 0]), a skewed one a zero point far from 0.
ZERO_POINT_RANGES = (1.0, [0.0, 2.0], [-2.0, 0.0], [-0.25, 4.0], 3.0)


def cycled_product(rng, count, *axes):
    """`count` tuples from the shuffled cross product of `axes`, cycled."""
    combos = list(itertools.product(*axes))
    rng.shuffle(combos)
    return [combos[i % len(combos)] for i in range(count)]


def spatial_size(rng, effective_kernel, padding, low=4, high=11):
    """An input side that VALID padding can still convolve."""
    lowest = max(low, effective_kernel) if padding == "VALID" else low
    return rng.randint(lowest, max(lowest, high))


