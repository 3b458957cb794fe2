"""QUANTIZE and DEQUANTIZE at the edges of int8 models with float32 inputs and outputs (the
converter's float I/O): ranks 1 to 4, calibration ranges that put the zero points at the int8
extremes; the golden inputs (uniform over [-1, 1)) fall outside the one-sided calibration
ranges, so saturation is covered. The int8 -> int8 (requantizing) QUANTIZE is not
generated here: the converter emits it only in graphs this family does not build.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind, cycled_product

_SHAPES = ([7], [1, 16], [3, 5], [2, 3, 4], [1, 4, 4, 3], [1, 1, 1, 2], [2, 1, 3, 2])
# (No shape whose last axis is 1: MEAN over it is no operation and the converter wires the
# input straight to the output.)
# Between QUANTIZE and DEQUANTIZE: an operator the int8 model runs (RELU6 keeps the scale;
# MEAN and ADD of a constant change it).
_BODIES = ("relu", "add_constant", "mean_last")


def _quantize_cases(rng, count, dtype):
    cases = []
    for shape, body in cycled_product(rng, count, _SHAPES, _BODIES):
        cases.append({
            "input_shape": list(shape),
            "body": body,
            "io": "float32",
            "input_range": rng.choice(ZERO_POINT_RANGES),
        })
    return cases


def _quantize_model(spec, kit):
    tf = kit.tf
    body_kind = spec["body"]

    def body(x):
        if body_kind == "relu":
            return tf.nn.relu6(x)
        if body_kind == "add_constant":
            return x + kit.weights.uniform(spec["input_shape"], 1.0)
        if body_kind == "mean_last":
            return tf.reduce_mean(x, axis=-1, keepdims=True)
        raise ValueError(f"unknown body {body_kind!r}")
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "quantize": Kind({"int8": 21}, _quantize_cases, _quantize_model),
}
