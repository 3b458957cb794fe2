"""Activations and unary math: LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU_N1_TO_1, ELU, ABS,
NEG, SQRT, RSQRT, EXP, LOG, and CAST. Ranks 1 to 4 with size-1 axes; int8 inputs with zero
points at the extremes and input scales from small to large (the saturation radius of
LOGISTIC/TANH, the left-shifting multipliers of HARD_SWISH); some tensors of 2,048 elements, so
that the golden inputs (uniform int8) reach nearly every entry of the compile-time lookup
tables. int8 cases exist where TFLite Micro has an int8 kernel (not for NEG, SQRT, EXP, LOG);
the converter keeps ELU in float between DEQUANTIZE and QUANTIZE even in int8 models, so the
int8 ELU cases have that chain rewritten into an int8 ELU ("int8_islands", generate.py). SQRT, LOG
and float RSQRT read x + c (an ADD of a positive constant: the golden float inputs lie in
[-1, 1)); int8 RSQRT calibrates on positive inputs only (zero point -128: every int8 input is
at or above it, where TFLM's kernel is defined). TFLite Micro has no RELU_N1_TO_1 kernel (its
interpreter refuses the model): those cases take their golden outputs from TensorFlow Lite's
reference kernels. CAST reads x + c (c a constant of magnitude up to 5e9: truncation,
saturation of floats, narrowing of integers by wrapping) and converts float32 -> int8/int16/
int32 and on between the integer types and back to float32; int8 models run it between
DEQUANTIZE and QUANTIZE, as the converter emits it.

See families/core.py for the module interface.
"""

from casegen import Kind

# Calibration ranges (uniform over [-r, r) or [low, high)): zero points at both extremes and in
# between, input scales from about 0.004 to 0.3.
_RANGES = (1.0, [0.0, 2.0], [-2.0, 0.0], [-0.25, 4.0], 3.0, 0.5, 8.0, [-10.0, 30.0], [-38.0, 2.0])
_POSITIVE_RANGES = ([0.0, 1.0], [0.0, 4.0], [0.0, 0.25], [0.0, 16.0])
_LARGE = ([1, 32, 32, 2], [2048], [4, 512])


def _shape(rng, number):
    if number % 5 == 4:
        return list(rng.choice(_LARGE))
    rank = (1, 2, 3, 4)[number % 4]
    return [rng.choice((1, 1, 2, 3, 5, 7)) for _ in range(rank)]


def _cases(ranges, extra=None):
    def make(rng, count, dtype):
        cases = []
        for number in range(count):
            case = {"input_shape": _shape(rng, number),
                    "input_range": ranges[number % len(ranges)]}
            if extra:
                case.update(extra(rng, number))
            cases.append(case)
        return cases
    return make


def _alpha(rng, number):
    # 0, below and above 1 (TFLM's alpha multiplier may shift left).
    return {"alpha": (0.0, 0.01, 0.2, 0.5, 1.5, 3.0)[number % 6]}


def _int8_elu(rng, number):
    return {"int8_islands": ["ELU"]}


def _tflite_reference(rng, number):
    return {"reference": "tflite"}


# CAST chains: the dtypes converted through, starting from float32.
_CAST_CHAINS = (("int32",), ("int8",), ("int16",), ("int32", "float32"), ("int8", "int32"),
                ("int16", "int8"), ("int32", "int16"), ("int8", "float32"), ("int16", "float32"))
_CAST_MAGNITUDES = (2.0, 300.0, 70000.0, 5e9)


def _cast_cases(rng, count, dtype):
    cases = []
    for number in range(count):
        chain = _CAST_CHAINS[number % len(_CAST_CHAINS)] if dtype == "float32" else ("int32", "float32")
        magnitude = _CAST_MAGNITUDES[number % len(_CAST_MAGNITUDES)]
        if dtype == "int8":
            magnitude = min(magnitude, 300.0)
        cases.append({"input_shape": _shape(rng, number), "chain": list(chain),
                      "magnitude": magnitude, "input_range": _RANGES[number % len(_RANGES)]})
    return cases


def _cast_model(spec, kit):
    tf = kit.tf
    offset = kit.weights.uniform(spec["input_shape"], spec["magnitude"])

    def body(x):
        y = x + offset
        for dtype in spec["chain"]:
            y = tf.cast(y, getattr(tf, dtype))
        return y
    return body, [spec["input_shape"]], [spec["input_range"]]


# x + offset where the operator needs positive inputs (float only: the golden inputs).
_OFFSET = {"sqrt": 1.25, "log": 1.01, "rsqrt": 1.05}


def _model(op):
    def model(spec, kit):
        tf = kit.tf
        functions = {
            "logistic": tf.sigmoid,
            "tanh": tf.tanh,
            "hard_swish": lambda x: x * tf.nn.relu6(x + 3.0) * (1.0 / 6.0),
            "leaky_relu": lambda x: tf.nn.leaky_relu(x, alpha=spec.get("alpha", 0.2)),
            "relu_n1_to_1": lambda x: tf.clip_by_value(x, -1.0, 1.0),
            "elu": tf.nn.elu,
            "abs": tf.abs,
            "neg": tf.negative,
            "sqrt": tf.sqrt,
            "rsqrt": tf.math.rsqrt,
            "exp": tf.exp,
            "log": tf.math.log,
        }
        function = functions[op]
        float_offset = _OFFSET.get(op) if spec["dtype"] == "float32" else None

        def body(x):
            return function(x + float_offset) if float_offset else function(x)
        return body, [spec["input_shape"]], [spec["input_range"]]
    return model


# The int8 and float32 counts: at least 15 cases per operator and dtype.
KINDS = {
    "logistic": Kind({"int8": 20, "float32": 16}, _cases(_RANGES), _model("logistic")),
    "tanh": Kind({"int8": 20, "float32": 16}, _cases(_RANGES), _model("tanh")),
    "hard_swish": Kind({"int8": 20, "float32": 16}, _cases(_RANGES), _model("hard_swish")),
    "leaky_relu": Kind({"int8": 18, "float32": 16, "int16": 16}, _cases(_RANGES, _alpha), _model("leaky_relu")),
    "relu_n1_to_1": Kind({"int8": 16, "float32": 16}, _cases(_RANGES, _tflite_reference),
                         _model("relu_n1_to_1")),
    "elu": Kind({"int8": 18, "float32": 16}, _cases(_RANGES, _int8_elu), _model("elu")),
    "abs": Kind({"int8": 16, "float32": 16}, _cases(_RANGES), _model("abs")),
    "neg": Kind({"float32": 16}, _cases(_RANGES), _model("neg")),
    "sqrt": Kind({"float32": 16}, _cases(_RANGES), _model("sqrt")),
    "rsqrt": Kind({"int8": 16, "float32": 16}, _cases(_POSITIVE_RANGES), _model("rsqrt")),
    "exp": Kind({"float32": 16}, _cases(_RANGES), _model("exp")),
    "log": Kind({"float32": 16}, _cases(_RANGES), _model("log")),
    "cast": Kind({"int8": 15, "float32": 27}, _cast_cases, _cast_model),
}
