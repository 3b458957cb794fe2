"""Element-wise binary operators with broadcasting: MUL, SUB, SQUARED_DIFFERENCE, MAXIMUM,
MINIMUM, DIV and PRELU. Operand shape pairs cover equal shapes, channel, spatial and
middle-axis broadcasts, scalars, both operands broadcast (outer products), the first operand the
smaller one, ranks 1 to 5 and size-1 axes; second operands may be constants; int8 calibration
ranges put the zero points at the int8 extremes; fused activations where the operator has them.

Plain data plus model bodies (see core.py for the module interface).
"""

from casegen import ACTIVATIONS, ZERO_POINT_RANGES, Kind, cycled_product

# (first shape, second shape); the output is their broadcast.
_PAIRS = (
    ([1, 4, 4, 3], [1, 4, 4, 3]),
    ([1, 4, 4, 3], [3]),
    ([1, 3, 5, 2], [1, 3, 5, 1]),
    ([2, 3, 5], [2, 1, 5]),
    ([7], [1]),
    ([3, 1], [1, 4]),
    ([2, 3, 4], [4]),
    ([1, 1, 1, 6], [2, 3, 1, 6]),
    ([2, 2, 3, 2, 3], [2, 1, 3, 1, 3]),
    ([5], [5]),
    ([1, 2, 3, 4], [1]),
    ([4, 1, 6], [1, 5, 1]),
    ([1, 1], [1, 1]),
    ([2, 8], [2, 1]),
)

# Which operators have a fused activation (the converter fuses a following RELU / RELU6).
_FUSES_ACTIVATION = {"mul", "sub", "div"}


def _binary_cases(rng, count, dtype, kind):
    activations = ACTIVATIONS if kind in _FUSES_ACTIVATION else ("NONE",)
    # TFLite's SQUARED_DIFFERENCE takes at most 4 dimensions (the converter writes a 5-D one as
    # SUB and SQUARE).
    pairs = [p for p in _PAIRS if kind != "squared_difference" or len(p[0]) <= 4]
    # The converter writes a DIV by a constant as a MUL by its reciprocal.
    constants = (False,) if kind == "div" else (False, False, True)
    cases = []
    for (first, second), activation, constant in cycled_product(
            rng, count, pairs, activations, constants):
        ranges = [rng.choice(ZERO_POINT_RANGES), rng.choice(ZERO_POINT_RANGES)]
        if dtype in ("float32", "int16"):
            # (int16: TFLite's SUB refuses input scales far apart, no_integer_overflow_...)
            ranges = [1.0, 2.0]
        extra = {}
        if kind == "div" and dtype == "int8":
            ranges[1] = 2.0
            extra["divisor_sign"] = rng.choice((1, -1))
        cases.append({
            **extra,
            "input_shape": list(first),
            "other_shape": list(second),
            "other_is_constant": constant,
            "activation": activation,
            "input_ranges": ranges,
        })
    return cases


def _cases_for(kind):
    return lambda rng, count, dtype: _binary_cases(rng, count, dtype, kind)


def _binary_model(spec, kit):
    tf = kit.tf
    op = {
        "mul": tf.multiply,
        "sub": tf.subtract,
        "squared_difference": tf.math.squared_difference,
        "maximum": tf.maximum,
        "minimum": tf.minimum,
        "div": tf.divide,
    }[spec["kind"]]
    ranges = list(spec["input_ranges"])
    if spec["other_is_constant"]:
        other = kit.weights.uniform(spec["other_shape"], 1.0)

        def body(x):
            return kit.activate(op(x, other), spec["activation"])
        return body, [spec["input_shape"]], ranges[:1]

    # A float DIV by an input may see small divisors (exact IEEE either way). TFLite's int8 DIV
    # (the cross-check) refuses a divisor whose stored byte is 0, which uniform int8 goldens
    # contain: the int8 divisor is max(y, 1.5) or min(y, -1.5) of y calibrated on [-2, 2), whose
    # bytes stay at or beyond +-63 (quantized over [0, 2] or [-2, 0]).
    def body(x, y):
        if "divisor_sign" in spec:
            y = tf.maximum(y, 1.5) if spec["divisor_sign"] > 0 else tf.minimum(y, -1.5)
        return kit.activate(op(x, y), spec["activation"])
    return body, [spec["input_shape"], spec["other_shape"]], ranges


# PRELU: (input shape, alpha shape) as Keras' PReLU makes them (alpha over the non-batch axes,
# shared axes of size 1).
_PRELU_SHAPES = (
    ([1, 4, 4, 3], [1, 1, 3]),
    ([1, 4, 4, 3], [4, 4, 3]),
    ([1, 5, 2, 6], [1, 2, 6]),
    ([2, 7], [7]),
    ([1, 3, 8], [1, 8]),
    ([1, 3, 8], [3, 8]),
    ([3, 2, 2, 1], [1, 1, 1]),
    ([1, 6, 1, 4], [6, 1, 4]),
)


def _prelu_cases(rng, count, dtype):
    cases = []
    for (shape, alpha_shape), alpha_limit in cycled_product(
            rng, count, _PRELU_SHAPES, (0.25, 1.0, 2.0)):
        cases.append({
            "input_shape": list(shape),
            "alpha_shape": list(alpha_shape),
            "alpha_limit": alpha_limit,
            "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0,
        })
    return cases


def _prelu_model(spec, kit):
    tf = kit.tf
    negated_alpha = kit.weights.uniform(spec["alpha_shape"], spec["alpha_limit"])

    def body(x):
        # relu(x) + relu(-x) * (-alpha): the form the converter fuses into PRELU (alpha constant).
        return tf.nn.relu(x) + tf.nn.relu(-x) * negated_alpha
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "mul": Kind({"int8": 24, "float32": 18, "int16": 18}, _cases_for("mul"), _binary_model),
    "sub": Kind({"int8": 24, "float32": 18, "int16": 18}, _cases_for("sub"), _binary_model),
    "maximum": Kind({"int8": 18, "float32": 16}, _cases_for("maximum"), _binary_model),
    "minimum": Kind({"int8": 18, "float32": 16}, _cases_for("minimum"), _binary_model),
    "squared_difference": Kind({"int8": 18, "float32": 16}, _cases_for("squared_difference"),
                               _binary_model),
    "prelu": Kind({"int8": 18, "float32": 16}, _prelu_cases, _prelu_model),
    "div": Kind({"int8": 18, "float32": 18}, _cases_for("div"), _binary_model),
}
