"""The shape sweep's case list: plain data, no TensorFlow (bench/sweep/README.md).

Every case is a dict: "id", "family" (the kernel family its figure is compared within),
"kind" (how models.py builds it: the conformance suite's kinds, or "elementwise"), "dtype",
"seed", "unit" ("MAC", or "element" / "tap" for operators without MACs: output elements,
output elements x window area), "work" (the count of that unit where microaot reports no MACs)
and the kind's parameters in the conformance suite's format (tests/conformance/families/core.py).

Sampling, per dtype (int8 and float32):
- CONV_2D: output 8x8, SAME, stride 1, dilation 1: every input x output channel pair of
  CHANNELS for 1x1 and 3x3 kernels; the PAIRS sample for 5x5. Then stride 2, dilation 2 (3x3,
  5x5) and VALID (3x3, 5x5), one at a time, on PAIRS for every kernel size.
- DEPTHWISE_CONV_2D: output 16x16, every channel count of CHANNELS, kernels 1x1/3x3/5x5,
  multiplier 1 and 2 at stride 1, dilation 1, SAME; stride 2, dilation 2 and VALID (3x3, 5x5)
  at multiplier 1.
- FULLY_CONNECTED: every input x output size of FC_SIZES (1 .. 1024), batch 1.
- AVERAGE_POOL_2D / MAX_POOL_2D: 16x16 inputs of every channel count, 2x2/2 VALID, 3x3/1 SAME,
  3x3/2 SAME and a global pool.
- elementwise operators (ELEMENTWISE, one line each): 16x16 inputs of every channel count, and
  for binary ones a channel-broadcast operand at 16, 40 and 256 channels.
Layers whose weights exceed MAX_WEIGHT_BYTES (1 MiB, a typical Cortex-M4F's whole flash) are
left out. No fused activation (outputs stay informative for the bit-exact check), biases on.
"""

import itertools
import zlib

DTYPES = ("int8", "float32")
CHANNELS = (1, 3, 4, 8, 16, 40, 80, 128, 160, 256)
# Equal channel counts and both neighbours in CHANNELS: every count meets a smaller, an equal
# and a larger partner.
PAIRS = tuple(sorted({(c, c) for c in CHANNELS}
                     | {(a, b) for a, b in zip(CHANNELS, CHANNELS[1:])}
                     | {(b, a) for a, b in zip(CHANNELS, CHANNELS[1:])}))
FC_SIZES = (1, 3, 8, 16, 40, 64, 128, 256, 512, 1024)
MAX_WEIGHT_BYTES = 1 << 20
CONV_OUTPUT_SIDE = 8
DEPTHWISE_OUTPUT_SIDE = 16
POOL_INPUT_SIDE = 16
ELEMENTWISE_SIDE = 16
BROADCAST_CHANNELS = (16, 40, 256)

# Elementwise operators: (sweep name, TensorFlow function under `tf.`, number of inputs).
# A new operator is one line here.
ELEMENTWISE = (
    ("add", "math.add", 2),
    ("mul", "math.multiply", 2),
    ("sub", "math.subtract", 2),
    ("maximum", "math.maximum", 2),
    ("relu", "nn.relu", 1),
    ("tanh", "math.tanh", 1),
    ("logistic", "math.sigmoid", 1),
)

# A few cases of every supported kernel family, end to end, for the CTest smoke test.
SMOKE = (
    "conv2d-int8-k3-16x40-s1d1-same",
    "conv2d-float32-k1-8x16-s1d1-same",
    "depthwise_conv2d-int8-k3-c40m1-s2d1-same",
    "fully_connected-int8-256x64",
    "average_pool2d-int8-c16-p2s2-valid",
    "add-int8-c16-same",
)

ELEMENT_SIZE = {"int8": 1, "float32": 4}


def _effective(kernel, dilation):
    return (kernel - 1) * dilation + 1


def _input_side(output_side, kernel, stride, dilation, padding):
    """The input side giving `output_side` outputs (TFLite's SAME/VALID arithmetic)."""
    if padding == "SAME":
        return output_side * stride
    return (output_side - 1) * stride + _effective(kernel, dilation)


def _conv(dtype, kernel, cin, cout, stride=1, dilation=1, padding="SAME"):
    side = _input_side(CONV_OUTPUT_SIDE, kernel, stride, dilation, padding)
    return {
        "id": f"conv2d-{dtype}-k{kernel}-{cin}x{cout}-s{stride}d{dilation}-{padding.lower()}",
        "family": "conv2d", "kind": "conv2d", "unit": "MAC",
        "input_shape": [1, side, side, cin], "filters": cout, "kernel": [kernel, kernel],
        "stride": [stride, stride], "dilation": [dilation, dilation], "padding": padding,
        "activation": "NONE", "bias": True,
        "weight_bytes": kernel * kernel * cin * cout * ELEMENT_SIZE[dtype],
    }


def _depthwise(dtype, kernel, channels, multiplier, stride=1, dilation=1, padding="SAME"):
    side = _input_side(DEPTHWISE_OUTPUT_SIDE, kernel, stride, dilation, padding)
    return {
        "id": f"depthwise_conv2d-{dtype}-k{kernel}-c{channels}m{multiplier}-s{stride}d{dilation}-"
              f"{padding.lower()}",
        "family": "depthwise_conv2d", "kind": "depthwise_conv2d", "unit": "MAC",
        "input_shape": [1, side, side, channels], "depth_multiplier": multiplier,
        "kernel": [kernel, kernel], "stride": [stride, stride], "dilation": [dilation, dilation],
        "padding": padding, "activation": "NONE", "bias": True,
        "weight_bytes": kernel * kernel * channels * multiplier * ELEMENT_SIZE[dtype],
    }


def _fully_connected(dtype, inputs, outputs):
    return {
        "id": f"fully_connected-{dtype}-{inputs}x{outputs}", "family": "fully_connected",
        "kind": "fully_connected", "unit": "MAC", "input_shape": [1, inputs], "units": outputs,
        "activation": "NONE", "bias": True,
        "weight_bytes": inputs * outputs * ELEMENT_SIZE[dtype],
    }


def _pool_output_side(side, pool, stride, padding):
    if padding == "SAME":
        return (side + stride - 1) // stride
    return (side - pool) // stride + 1


def _pool(dtype, kind, channels, pool, stride, padding, name):
    side = POOL_INPUT_SIDE
    out = _pool_output_side(side, pool, stride, padding)
    return {
        "id": f"{kind}-{dtype}-c{channels}-{name}", "family": kind, "kind": kind, "unit": "tap",
        "work": out * out * channels * pool * pool,
        "input_shape": [1, side, side, channels], "pool": [pool, pool],
        "stride": [stride, stride], "padding": padding, "activation": "NONE", "weight_bytes": 0,
    }


POOL_CONFIGS = (  # (pool, stride, padding, name)
    (2, 2, "VALID", "p2s2-valid"),
    (3, 1, "SAME", "p3s1-same"),
    (3, 2, "SAME", "p3s2-same"),
    (POOL_INPUT_SIDE, 1, "VALID", "global"),
)


def _elementwise(dtype, op, function, arity, channels, broadcast):
    shape = [1, ELEMENTWISE_SIDE, ELEMENTWISE_SIDE, channels]
    spec = {
        "id": f"{op}-{dtype}-c{channels}-{'bcast' if broadcast else 'same'}", "family": op,
        "kind": "elementwise", "op": op, "function": function, "arity": arity, "unit": "element",
        "work": ELEMENTWISE_SIDE * ELEMENTWISE_SIDE * channels, "input_shape": shape,
        "input_ranges": [1.0, 2.0][:arity], "weight_bytes": 0,
    }
    if arity == 2:
        spec["other_shape"] = [1, 1, 1, channels] if broadcast else shape
    return spec


def _conv_cases(dtype):
    cases = []
    for kernel in (1, 3):
        cases += [_conv(dtype, kernel, cin, cout)
                  for cin, cout in itertools.product(CHANNELS, CHANNELS)]
    cases += [_conv(dtype, 5, cin, cout) for cin, cout in PAIRS]
    for kernel, (cin, cout) in itertools.product((1, 3, 5), PAIRS):
        cases.append(_conv(dtype, kernel, cin, cout, stride=2))
        if kernel > 1:
            cases.append(_conv(dtype, kernel, cin, cout, dilation=2))
            cases.append(_conv(dtype, kernel, cin, cout, padding="VALID"))
    return cases


def _depthwise_cases(dtype):
    cases = [_depthwise(dtype, k, c, m)
             for k, c, m in itertools.product((1, 3, 5), CHANNELS, (1, 2))]
    for kernel, channels in itertools.product((3, 5), CHANNELS):
        cases.append(_depthwise(dtype, kernel, channels, 1, stride=2))
        cases.append(_depthwise(dtype, kernel, channels, 1, dilation=2))
        cases.append(_depthwise(dtype, kernel, channels, 1, padding="VALID"))
    return cases


def _pool_cases(dtype):
    return [_pool(dtype, kind, channels, *config)
            for kind in ("average_pool2d", "max_pool2d") for config in POOL_CONFIGS
            for channels in CHANNELS]


def _elementwise_cases(dtype):
    cases = []
    for op, function, arity in ELEMENTWISE:
        cases += [_elementwise(dtype, op, function, arity, c, False) for c in CHANNELS]
        if arity == 2:
            cases += [_elementwise(dtype, op, function, arity, c, True) for c in BROADCAST_CHANNELS]
    return cases


def all_cases():
    """Every case, in a stable order; ids name the family, dtype and shape."""
    cases = []
    for dtype in DTYPES:
        for build in (_conv_cases, _depthwise_cases, _fully_connected_cases, _pool_cases,
                      _elementwise_cases):
            for case in build(dtype):
                if case["weight_bytes"] > MAX_WEIGHT_BYTES:
                    continue
                case["dtype"] = dtype
                case["seed"] = zlib.crc32(case["id"].encode())
                cases.append(case)
    return cases


def _fully_connected_cases(dtype):
    return [_fully_connected(dtype, i, o) for i, o in itertools.product(FC_SIZES, FC_SIZES)]
