"""Matrix products and normalization: BATCH_MATMUL and L2_NORMALIZATION.

BATCH_MATMUL: two run-time operands or a constant right-hand side (with batch axes: a constant
[K, N] one the converter writes as FULLY_CONNECTED), ranks 2 to 5 with broadcast batch axes on
either side (or both), every adjoint combination, size-1 rows, columns and depths; int8
calibration ranges put the zero points at the int8 extremes. L2_NORMALIZATION over the last
axis of ranks 1 to 4, depth 1 included.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind, cycled_product

# (lhs batch axes, rhs batch axes): the operands' ranks are 2 more.
_BATCHES = (
    ([2], [2]),
    ([1], [3]),
    ([3], [1]),
    ([2, 3], [2, 3]),
    ([2, 1], [1, 3]),
    ([4], []),
    ([], [3]),
    ([2, 2, 3], [1, 2, 1]),
    ([1, 2], [2]),
    ([2, 1, 2], [3, 1]),
)


def _matrix_side(rng):
    return rng.choice((1, 2, 3, 4, 5, 7))


def _batch_matmul_cases(rng, count, dtype):
    cases = []
    for (lhs_batch, rhs_batch), adj_x, adj_y, constant in cycled_product(
            rng, count, _BATCHES, (False, True), (False, True), (False, False, True)):
        rows, depth, cols = _matrix_side(rng), _matrix_side(rng), _matrix_side(rng)
        lhs = list(lhs_batch) + ([depth, rows] if adj_x else [rows, depth])
        rhs = list(rhs_batch) + ([cols, depth] if adj_y else [depth, cols])
        ranges = [rng.choice(ZERO_POINT_RANGES), rng.choice(ZERO_POINT_RANGES)]
        cases.append({
            "lhs_shape": lhs,
            "rhs_shape": rhs,
            "adj_x": adj_x,
            "adj_y": adj_y,
            # A constant rhs without batch axes becomes FULLY_CONNECTED: keep it an input.
            "rhs_is_constant": constant and bool(rhs_batch),
            "input_ranges": ranges if dtype == "int8" else [1.0, 2.0],
        })
    return cases


def _batch_matmul_model(spec, kit):
    tf = kit.tf

    def product(x, y):
        return tf.raw_ops.BatchMatMulV2(x=x, y=y, adj_x=spec["adj_x"], adj_y=spec["adj_y"])

    if spec["rhs_is_constant"]:
        rhs = kit.weights.uniform(spec["rhs_shape"], 1.0)

        def body(x):
            return product(x, tf.constant(rhs))
        return body, [spec["lhs_shape"]], spec["input_ranges"][:1]

    def body(x, y):
        return product(x, y)
    return body, [spec["lhs_shape"], spec["rhs_shape"]], spec["input_ranges"]


_L2_SHAPES = ([1, 8], [3, 5], [2, 1], [16], [1], [1, 4, 4, 3], [2, 3, 7], [1, 1, 1, 1],
              [4, 2, 6], [1, 2, 2, 16])


def _l2_normalization_cases(rng, count, dtype):
    cases = []
    for shape, input_range in cycled_product(rng, count, _L2_SHAPES, ZERO_POINT_RANGES):
        cases.append({"input_shape": list(shape),
                      "input_range": input_range if dtype == "int8" else rng.choice((0.5, 3.0))})
    return cases


def _l2_normalization_model(spec, kit):
    def body(x):
        return kit.tf.math.l2_normalize(x, axis=-1)
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "batch_matmul": Kind({"int8": 20, "float32": 18}, _batch_matmul_cases, _batch_matmul_model),
    "l2_normalization": Kind({"int8": 18, "float32": 16}, _l2_normalization_cases,
                             _l2_normalization_model),
}
