"""Hybrid (dynamic-range quantized) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: float32
activations, int8 weights (TFLiteConverter with optimizations=[DEFAULT] and no representative
dataset; generate.py, dtype "hybrid"). TensorFlow Lite Micro has no hybrid kernels, so the golden
outputs come from TensorFlow Lite's reference kernels (BUILTIN_REF) and are compared within the
float tolerance of `verify`.

The converter quantizes only weights of at least 1024 elements, so every case's weights are that
large (generate.py checks that each case's operators really read int8 weights). What the
reference kernels do differently is covered by conversions ("weights", bundled apart):
  native      per-channel weight scales; FULLY_CONNECTED with asymmetric_quantize_inputs (what the
              converter emits): asymmetric per-row input quantization everywhere.
  per-tensor  one weight scale (_experimental_disable_per_channel): symmetric input quantization
              for CONV_2D, FULLY_CONNECTED asymmetric still.
  symmetric   per-channel, FULLY_CONNECTED's asymmetric_quantize_inputs cleared afterwards.
DEPTHWISE_CONV_2D exists only per-channel (TFLite's hybrid depthwise needs a scale per channel).
Inputs are shifted so that rows are all positive (zero point -128), all negative (127), mixed, or
all zero (the reference's zero-row path); batches of 2 quantize each row on its own.

See families/core.py for the module interface.
"""

import math

from casegen import ACTIVATIONS, PADDINGS, Kind, cycled_product, spatial_size

# x -> x + shift before the operator (golden inputs are uniform over [-1, 1)); "zero" feeds
# relu(x - 2) = 0 everywhere.
_SHIFTS = (0.0, 1.0, -1.0, 0.5, "zero")
_MIN_WEIGHTS = 1024


def _common(rng, number, weights_options):
    return {"reference": "tflite", "shift": _SHIFTS[number % len(_SHIFTS)],
            "weights": weights_options[number % len(weights_options)]}


def _conv_cases(rng, count, dtype):
    cases = []
    strides = ((1, 1), (2, 2), (1, 2), (3, 3))
    for number, (stride, padding, activation) in enumerate(
            cycled_product(rng, count, strides, PADDINGS, ACTIVATIONS)):
        kernel = rng.choice(((1, 1), (3, 3), (3, 3), (2, 2), (5, 5), (1, 3), (3, 2)))
        channels = rng.randint(4, 24)
        filters = max(rng.randint(2, 16), math.ceil(_MIN_WEIGHTS / (kernel[0] * kernel[1] * channels)))
        cases.append({
            "input_shape": [1 + number % 2, spatial_size(rng, kernel[0], padding, 3, 9),
                            spatial_size(rng, kernel[1], padding, 3, 9), channels],
            "filters": filters, "kernel": list(kernel), "stride": list(stride),
            "padding": padding, "activation": activation, "bias": rng.random() < 0.85,
            **_common(rng, number, ("native", "per-tensor")),
        })
    return cases


def _depthwise_cases(rng, count, dtype):
    cases = []
    for number, (stride, padding, activation, multiplier) in enumerate(
            cycled_product(rng, count, (1, 2), PADDINGS, ACTIVATIONS, (1, 2, 3))):
        kernel = rng.choice(((3, 3), (5, 5), (3, 1), (2, 2)))
        taps = kernel[0] * kernel[1]
        channels = max(rng.randint(16, 64), math.ceil(_MIN_WEIGHTS / (taps * multiplier)))
        if number == 5:  # one input channel: stays a depthwise (no rewrite into CONV_2D)
            channels, multiplier = 1, math.ceil(_MIN_WEIGHTS / taps)
        cases.append({
            "input_shape": [1 + number % 2, spatial_size(rng, kernel[0], padding, 3, 7),
                            spatial_size(rng, kernel[1], padding, 3, 7), channels],
            "depth_multiplier": multiplier, "kernel": list(kernel), "stride": [stride, stride],
            "padding": padding, "activation": activation, "bias": rng.random() < 0.85,
            **_common(rng, number, ("native",)),
        })
    return cases


def _fully_connected_cases(rng, count, dtype):
    cases = []
    for number, (activation, batch, rank) in enumerate(
            cycled_product(rng, count, ACTIVATIONS, (1, 2, 3), (2, 2, 4))):
        units = rng.randint(8, 40)
        depth = max(rng.randint(8, 128), math.ceil(_MIN_WEIGHTS / units))
        if rank == 2:
            shape = [batch, depth]
        else:
            channels = math.ceil(depth / 4)
            shape = [batch, 2, 2, channels]
        cases.append({
            "input_shape": shape, "units": units, "activation": activation,
            "bias": rng.random() < 0.85,
            **_common(rng, number, ("native", "per-tensor", "symmetric")),
        })
    return cases


def _shifted(kit, x, shift):
    if shift == "zero":
        return kit.tf.nn.relu(x - 2.0)
    return x + shift if shift else x


def _conv_model(spec, kit):
    shape = spec["input_shape"]

    def body(x):
        y = kit.conv(_shifted(kit, x, spec["shift"]), shape[3], spec["filters"], spec["kernel"],
                     spec["stride"], [1, 1], spec["padding"], spec["bias"])
        return kit.activate(y, spec["activation"])
    return body, [shape], [1.0]


def _depthwise_model(spec, kit):
    shape = spec["input_shape"]

    def body(x):
        y = kit.depthwise(_shifted(kit, x, spec["shift"]), shape[3], spec["depth_multiplier"],
                          spec["kernel"], spec["stride"], [1, 1], spec["padding"], spec["bias"])
        return kit.activate(y, spec["activation"])
    return body, [shape], [1.0]


def _fully_connected_model(spec, kit):
    shape = spec["input_shape"]

    def body(x):
        y = kit.dense(_shifted(kit, x, spec["shift"]), spec["units"], spec["bias"])
        return kit.activate(y, spec["activation"])
    return body, [shape], [1.0]


KINDS = {
    "conv2d-hybrid": Kind({"hybrid": 20}, _conv_cases, _conv_model),
    "depthwise-conv2d-hybrid": Kind({"hybrid": 18}, _depthwise_cases, _depthwise_model),
    "fully-connected-hybrid": Kind({"hybrid": 21}, _fully_connected_cases, _fully_connected_model),
}
