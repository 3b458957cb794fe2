"""Reductions: MEAN, SUM, REDUCE_MAX over one or several axes (negative axes, every axis, size-1
axes), with and without keep_dims, on ranks 1 to 5; int8 inputs with zero points at the
extremes.

Plain data plus model bodies (see core.py for the module interface).
"""

from casegen import ZERO_POINT_RANGES, Kind, cycled_product

# (input shape, axes) pairs: global pooling (squeeze-excite), last axis, several axes, negative
# axes, every axis (a scalar without keep_dims), size-1 axes, an axis list out of order.
_REDUCTIONS = (
    ([1, 5, 6, 8], [1, 2]),
    ([1, 3, 4, 5], [2, 1]),
    ([2, 7], [1]),
    ([2, 7], [-1]),
    ([6], [0]),
    ([3, 4, 5], [0, 2]),
    ([3, 4, 5], [-3, -1]),
    ([2, 3, 4], [0, 1, 2]),
    ([1, 1, 9, 3], [1, 2]),
    ([4, 1, 6], [1, 2]),
    ([2, 3, 2, 4], [3, 0]),
    ([1, 4, 4, 1], [1, 2]),
    ([2, 2, 3, 2, 3], [1, 3]),
    ([1, 10, 16], [1]),
    ([5, 3], [0]),
)


def _reduce_cases(rng, count, dtype):
    cases = []
    for (shape, axes), keep_dims in cycled_product(rng, count, _REDUCTIONS, (True, False)):
        cases.append({
            "input_shape": list(shape),
            "axes": list(axes),
            "keep_dims": keep_dims,
            "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0,
        })
    return cases


def _reduce_model(spec, kit):
    tf = kit.tf
    reducer = {"mean": tf.reduce_mean, "sum": tf.reduce_sum, "reduce_max": tf.reduce_max}[
        spec["kind"]]

    def body(x):
        return reducer(x, axis=spec["axes"], keepdims=spec["keep_dims"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "mean": Kind({"int8": 24, "float32": 20, "int16": 16}, _reduce_cases, _reduce_model),
    "sum": Kind({"int8": 20, "float32": 18, "int16": 16}, _reduce_cases, _reduce_model),
    "reduce_max": Kind({"int8": 20, "float32": 18}, _reduce_cases, _reduce_model),
}
