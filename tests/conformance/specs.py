"""The operator-conformance case list: plain data, no TensorFlow.

Every case is a dict with "id", "kind", "dtype" and the kind's parameters.
The list is a pure function of this file (fixed seeds), so case ids are
stable across runs and machines and can key the generation cache.

Coverage is built per operator from a shuffled cross product of the
parameters that matter most (stride x padding x activation, ...), cycled
so that every value of every such parameter is used; shapes and the
remaining parameters are drawn from a per-operator seeded RNG.
"""

import itertools
import random
import zlib

DTYPES = ("int8", "float32")
ACTIVATIONS = ("NONE", "RELU", "RELU6")
PADDINGS = ("SAME", "VALID")

# Cases per kind and dtype: ~300 int8 + ~220 float32.
CASE_COUNTS = {
    "conv2d": {"int8": 75, "float32": 50},
    "depthwise_conv2d": {"int8": 60, "float32": 40},
    "fully_connected": {"int8": 40, "float32": 30},
    "average_pool2d": {"int8": 25, "float32": 20},
    "max_pool2d": {"int8": 25, "float32": 20},
    "softmax": {"int8": 16, "float32": 12},
    "add": {"int8": 30, "float32": 24},
    "reshape": {"int8": 10, "float32": 8},
    "relu": {"int8": 4, "float32": 4},
    "chain_cnn": {"int8": 6, "float32": 5},
    "chain_residual": {"int8": 5, "float32": 4},
    "chain_dw_block": {"int8": 4, "float32": 3},
}

# Calibration ranges (float inputs are uniform over [-r, r)): different
# ranges give different input scales, which matters for ADD's rescaling.
INPUT_RANGES = (0.5, 1.0, 2.0)


def _cycled_product(rng, count, *axes):
    """`count` tuples from the shuffled cross product of `axes`, cycled."""
    combos = list(itertools.product(*axes))
    rng.shuffle(combos)
    return [combos[i % len(combos)] for i in range(count)]


def _spatial_size(rng, effective_kernel, padding, low=4, high=11):
    """An input side that VALID padding can still convolve."""
    lowest = max(low, effective_kernel) if padding == "VALID" else low
    return rng.randint(lowest, max(lowest, high))


def _conv2d(rng, count):
    cases = []
    strides = ((1, 1), (2, 2), (3, 3), (1, 2), (2, 1))
    for stride, padding, activation in _cycled_product(rng, count, strides, PADDINGS, ACTIVATIONS):
        kernel = rng.choice(((1, 1), (3, 3), (3, 3), (2, 2), (5, 5), (1, 3), (3, 2)))
        dilation = rng.choice((1, 1, 1, 2, 3)) if max(kernel) > 1 else 1
        eff_h, eff_w = ((k - 1) * dilation + 1 for k in kernel)
        cases.append({
            "input_shape": [1, _spatial_size(rng, eff_h, padding),
                            _spatial_size(rng, eff_w, padding), rng.randint(1, 6)],
            "filters": rng.randint(1, 8),
            "kernel": list(kernel),
            "stride": list(stride),
            "dilation": [dilation, dilation],
            "padding": padding,
            "activation": activation,
            "bias": rng.random() < 0.85,
        })
    return cases


def _depthwise_conv2d(rng, count):
    cases = []
    for stride, padding, activation, multiplier in _cycled_product(
            rng, count, (1, 2, 3), PADDINGS, ACTIVATIONS, (1, 2, 3)):
        kernel = rng.choice(((3, 3), (3, 3), (1, 1), (2, 2), (5, 5), (3, 1)))
        # TensorFlow's depthwise op has no dilation with stride > 1.
        dilation = rng.choice((1, 1, 2)) if stride == 1 and max(kernel) > 1 else 1
        eff_h, eff_w = ((k - 1) * dilation + 1 for k in kernel)
        cases.append({
            "input_shape": [1, _spatial_size(rng, eff_h, padding),
                            _spatial_size(rng, eff_w, padding), rng.randint(1, 6)],
            "depth_multiplier": multiplier,
            "kernel": list(kernel),
            "stride": [stride, stride],
            "dilation": [dilation, dilation],
            "padding": padding,
            "activation": activation,
            "bias": rng.random() < 0.85,
        })
    return cases


def _fully_connected(rng, count):
    cases = []
    # Rank 4 inputs are flattened first, as after a conv stack.
    input_ranks = (2, 2, 4)
    for activation, batch, rank in _cycled_product(rng, count, ACTIVATIONS, (1, 2, 3), input_ranks):
        if rank == 2:
            input_shape = [batch, rng.randint(1, 64)]
        else:
            input_shape = [batch, rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 8)]
        cases.append({
            "input_shape": input_shape,
            "units": rng.randint(1, 32),
            "activation": activation,
            "bias": rng.random() < 0.85,
        })
    return cases


def _pool2d(rng, count):
    cases = []
    sizes = ((2, 2), (3, 3), (2, 3), (1, 1), (3, 1), (4, 4))
    for stride, padding, activation, pool in _cycled_product(
            rng, count, (1, 2, 3), PADDINGS, ACTIVATIONS, sizes):
        cases.append({
            "input_shape": [1, _spatial_size(rng, pool[0], padding, 3, 12),
                            _spatial_size(rng, pool[1], padding, 3, 12), rng.randint(1, 8)],
            "pool": list(pool),
            "stride": [stride, stride],
            "padding": padding,
            "activation": activation,
        })
    return cases


def _softmax(rng, count):
    cases = []
    shapes = ([1, 10], [1, 4], [2, 7], [1, 1], [3, 16], [1, 3, 3, 5], [1, 2, 5])
    for shape, input_range in _cycled_product(rng, count, shapes, (1.0, 4.0, 8.0)):
        cases.append({"input_shape": list(shape), "input_range": input_range})
    return cases


def _add(rng, count):
    cases = []
    # Second operand's shape relative to the first: equal, broadcast along
    # channels / spatial axes / scalar, or a constant tensor.
    forms = ("same", "channel", "spatial", "row", "scalar", "const_channel", "const_same")
    for form, activation in _cycled_product(rng, count, forms, ACTIVATIONS):
        height, width, channels = rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 8)
        first = [1, height, width, channels]
        second = {
            "same": first,
            "channel": [1, 1, 1, channels],
            "spatial": [1, height, width, 1],
            "row": [1, 1, width, channels],
            "scalar": [1],
            "const_channel": [channels],
            "const_same": first,
        }[form]
        cases.append({
            "input_shape": first,
            "other_shape": list(second),
            "other_is_constant": form.startswith("const_"),
            "broadcast": form,
            "activation": activation,
            "input_ranges": [rng.choice(INPUT_RANGES), rng.choice(INPUT_RANGES)],
        })
    return cases


def _reshape(rng, count):
    cases = []
    for _ in range(count):
        shape = [1, rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 6)]
        size = shape[1] * shape[2] * shape[3]
        target = rng.choice(([1, size], [size], [1, shape[1], shape[2] * shape[3]],
                             [shape[1] * shape[2], shape[3]], [1, 1, size, 1]))
        cases.append({"input_shape": shape, "target_shape": list(target)})
    return cases


def _relu(rng, count, dtype):
    # int8 RELU6: TFLM clamps in the input's quantized domain without
    # requantizing to the output scale the converter assigns; microaot matches
    # TFLM bit for bit here too (see runtime/portable/mao_relu_s8.c).
    del dtype
    activations = ("RELU", "RELU6")
    return [{"input_shape": [1, rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 6)],
             "activation": activations[i % len(activations)]} for i in range(count)]


def _chain_cnn(rng, count):
    """conv -> relu -> pool -> flatten -> fully connected -> softmax."""
    cases = []
    for padding, pool_kind in _cycled_product(rng, count, PADDINGS, ("max", "average")):
        cases.append({
            "input_shape": [1, rng.randint(6, 12), rng.randint(6, 12), rng.randint(1, 3)],
            "filters": rng.randint(2, 8),
            "kernel": [3, 3],
            "stride": [rng.choice((1, 2))] * 2,
            "padding": padding,
            "pool_kind": pool_kind,
            "units": rng.randint(2, 10),
        })
    return cases


def _chain_residual(rng, count):
    """conv(relu) -> conv -> add(input) with relu, as in a ResNet block."""
    return [{
        "input_shape": [1, rng.randint(3, 8), rng.randint(3, 8), rng.randint(1, 6)],
        "kernel": list(rng.choice(((3, 3), (1, 1)))),
        "activation": ("RELU", "NONE")[i % 2],
    } for i in range(count)]


def _chain_dw_block(rng, count):
    """depthwise(relu6) -> pointwise conv(relu6) -> global average pool -> fc."""
    return [{
        "input_shape": [1, rng.randint(4, 9), rng.randint(4, 9), rng.randint(1, 6)],
        "stride": [(1, 2)[i % 2]] * 2,
        "filters": rng.randint(2, 8),
        "units": rng.randint(2, 10),
    } for i in range(count)]


_BUILDERS = {
    "conv2d": _conv2d,
    "depthwise_conv2d": _depthwise_conv2d,
    "fully_connected": _fully_connected,
    "average_pool2d": _pool2d,
    "max_pool2d": _pool2d,
    "softmax": _softmax,
    "add": _add,
    "reshape": _reshape,
    "relu": _relu,
    "chain_cnn": _chain_cnn,
    "chain_residual": _chain_residual,
    "chain_dw_block": _chain_dw_block,
}


def all_cases():
    """Every case, in a stable order; ids look like `conv2d-int8-007`."""
    cases = []
    for kind, counts in CASE_COUNTS.items():
        for dtype in DTYPES:
            # The seed names the kind and dtype, so adding a kind never
            # changes the cases of another.
            rng = random.Random(f"{kind}/{dtype}")
            build = _BUILDERS[kind]
            params_list = build(rng, counts[dtype], dtype) if kind == "relu" else build(rng, counts[dtype])
            for number, params in enumerate(params_list):
                seed = zlib.crc32(f"{kind}/{dtype}/{number}".encode())
                cases.append({"id": f"{kind}-{dtype}-{number:03d}", "kind": kind,
                              "dtype": dtype, "seed": seed, **params})
    return cases
