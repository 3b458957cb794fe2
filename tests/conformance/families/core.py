"""The original operators: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE/MAX_POOL_2D,
SOFTMAX, ADD (broadcasting, constant operands), RESHAPE, standalone RELU/RELU6, and chains
(conv -> pool -> fc -> softmax, residual add, depthwise block).

A family module is plain data plus model bodies: KINDS maps a case kind to its case counts per
dtype, a case-parameter function (rng, count, dtype) -> [dict] and a model function
(spec, kit) -> (body, input shapes, calibration range per input); `kit` (generate.ModelKit)
carries TensorFlow and the shared layer helpers, so importing this module needs no TensorFlow.
"""

from casegen import ACTIVATIONS, INPUT_RANGES, PADDINGS, Kind, cycled_product, spatial_size

# ---------------------------------------------------------------- case parameters

def _conv2d_cases(rng, count, dtype):
    cases = []
    strides = ((1, 1), (2, 2), (3, 3), (1, 2), (2, 1))
    for stride, padding, activation in cycled_product(rng, count, strides, PADDINGS, ACTIVATIONS):
        kernel = rng.choice(((1, 1), (3, 3), (3, 3), (2, 2), (5, 5), (1, 3), (3, 2)))
        dilation = rng.choice((1, 1, 1, 2, 3)) if max(kernel) > 1 else 1
        eff_h, eff_w = ((k - 1) * dilation + 1 for k in kernel)
        cases.append({
            "input_shape": [1, spatial_size(rng, eff_h, padding),
                            spatial_size(rng, eff_w, padding), rng.randint(1, 6)],
            "filters": rng.randint(1, 8),
            "kernel": list(kernel),
            "stride": list(stride),
            "dilation": [dilation, dilation],
            "padding": padding,
            "activation": activation,
            "bias": rng.random() < 0.85,
        })
    return _with_int32_bias(cases, dtype)


def _with_int32_bias(cases, dtype):
    """int16: every third case converted with an int32 bias (the converter's
    full_integer_quantization_bias_type; TFLite Micro's int32-accumulator 16x8 form, which
    CONV_2D and FULLY_CONNECTED have). Those cases have a bias: without one the converter asks
    for int32 accumulation in the options, a form microaot refuses."""
    if dtype != "int16":
        return cases
    for case in cases[2::3]:
        case["bias_type"] = "int32"
        case["bias"] = True
    return cases


def _depthwise_conv2d_cases(rng, count, dtype):
    cases = []
    for stride, padding, activation, multiplier in cycled_product(
            rng, count, (1, 2, 3), PADDINGS, ACTIVATIONS, (1, 2, 3)):
        kernel = rng.choice(((3, 3), (3, 3), (1, 1), (2, 2), (5, 5), (3, 1)))
        # TensorFlow's depthwise op has no dilation with stride > 1.
        dilation = rng.choice((1, 1, 2)) if stride == 1 and max(kernel) > 1 else 1
        eff_h, eff_w = ((k - 1) * dilation + 1 for k in kernel)
        cases.append({
            "input_shape": [1, spatial_size(rng, eff_h, padding),
                            spatial_size(rng, eff_w, padding), rng.randint(1, 6)],
            "depth_multiplier": multiplier,
            "kernel": list(kernel),
            "stride": [stride, stride],
            "dilation": [dilation, dilation],
            "padding": padding,
            "activation": activation,
            "bias": rng.random() < 0.85,
        })
    return cases


def _fully_connected_cases(rng, count, dtype):
    cases = []
    # Rank 4 inputs are flattened first, as after a conv stack.
    input_ranks = (2, 2, 4)
    for activation, batch, rank in cycled_product(rng, count, ACTIVATIONS, (1, 2, 3), input_ranks):
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
    return _with_int32_bias(cases, dtype)


def _pool2d_cases(rng, count, dtype):
    cases = []
    sizes = ((2, 2), (3, 3), (2, 3), (1, 1), (3, 1), (4, 4))
    for stride, padding, activation, pool in cycled_product(
            rng, count, (1, 2, 3), PADDINGS, ACTIVATIONS, sizes):
        cases.append({
            "input_shape": [1, spatial_size(rng, pool[0], padding, 3, 12),
                            spatial_size(rng, pool[1], padding, 3, 12), rng.randint(1, 8)],
            "pool": list(pool),
            "stride": [stride, stride],
            "padding": padding,
            "activation": activation,
        })
    return cases


def _softmax_cases(rng, count, dtype):
    cases = []
    shapes = ([1, 10], [1, 4], [2, 7], [1, 1], [3, 16], [1, 3, 3, 5], [1, 2, 5])
    for shape, input_range in cycled_product(rng, count, shapes, (1.0, 4.0, 8.0)):
        cases.append({"input_shape": list(shape), "input_range": input_range})
    return cases


def _add_cases(rng, count, dtype):
    cases = []
    # Second operand's shape relative to the first: equal, broadcast along
    # channels / spatial axes / scalar, or a constant tensor.
    forms = ("same", "channel", "spatial", "row", "scalar", "const_channel", "const_same")
    for form, activation in cycled_product(rng, count, forms, ACTIVATIONS):
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


def _reshape_cases(rng, count, dtype):
    cases = []
    for _ in range(count):
        shape = [1, rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 6)]
        size = shape[1] * shape[2] * shape[3]
        target = rng.choice(([1, size], [size], [1, shape[1], shape[2] * shape[3]],
                             [shape[1] * shape[2], shape[3]], [1, 1, size, 1]))
        cases.append({"input_shape": shape, "target_shape": list(target)})
    return cases


def _relu_cases(rng, count, dtype):
    # int8 RELU6: TFLM clamps in the input's quantized domain without
    # requantizing to the output scale the converter assigns; microaot matches
    # TFLM bit for bit here too (see runtime/portable/mao_relu_s8.c).
    del dtype
    activations = ("RELU", "RELU6")
    return [{"input_shape": [1, rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 6)],
             "activation": activations[i % len(activations)]} for i in range(count)]


def _chain_cnn_cases(rng, count, dtype):
    """conv -> relu -> pool -> flatten -> fully connected -> softmax."""
    cases = []
    for padding, pool_kind in cycled_product(rng, count, PADDINGS, ("max", "average")):
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


def _chain_residual_cases(rng, count, dtype):
    """conv(relu) -> conv -> add(input) with relu, as in a ResNet block."""
    return [{
        "input_shape": [1, rng.randint(3, 8), rng.randint(3, 8), rng.randint(1, 6)],
        "kernel": list(rng.choice(((3, 3), (1, 1)))),
        "activation": ("RELU", "NONE")[i % 2],
    } for i in range(count)]


def _chain_dw_block_cases(rng, count, dtype):
    """depthwise(relu6) -> pointwise conv(relu6) -> global average pool -> fc."""
    return [{
        "input_shape": [1, rng.randint(4, 9), rng.randint(4, 9), rng.randint(1, 6)],
        "stride": [(1, 2)[i % 2]] * 2,
        "filters": rng.randint(2, 8),
        "units": rng.randint(2, 10),
    } for i in range(count)]



# ---------------------------------------------------------------- models

def _conv2d_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        y = kit.conv(x, shape[3], spec["filters"], spec["kernel"], spec["stride"],
                  spec["dilation"], spec["padding"], spec["bias"])
        return kit.activate(y, spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _depthwise_conv2d_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        y = kit.depthwise(x, shape[3], spec["depth_multiplier"], spec["kernel"],
                       spec["stride"], spec["dilation"], spec["padding"], spec["bias"])
        return kit.activate(y, spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _fully_connected_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        return kit.activate(kit.dense(x, spec["units"], spec["bias"]), spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _pool2d_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    pool_kind = "max" if spec["kind"] == "max_pool2d" else "average"

    def body(x):
        y = kit.pool(x, pool_kind, spec["pool"], spec["stride"], spec["padding"])
        return kit.activate(y, spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _softmax_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [spec["input_range"]]

    def body(x):
        return kit.tf.nn.softmax(x)
    shapes = [shape]
    return body, shapes, ranges


def _add_model(spec, kit):
    shape = spec["input_shape"]
    ranges = list(spec["input_ranges"])
    if spec["other_is_constant"]:
        ranges = ranges[:1]
        other = kit.weights.uniform(spec["other_shape"], spec["input_ranges"][1])

        def body(x):
            return kit.activate(kit.tf.add(x, other), spec["activation"])
    else:
        def body(x, y):
            return kit.activate(kit.tf.add(x, y), spec["activation"])
    shapes = [shape] if spec["other_is_constant"] else [shape, spec["other_shape"]]
    return body, shapes, ranges


def _reshape_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        return kit.tf.reshape(x, spec["target_shape"])
    shapes = [shape]
    return body, shapes, ranges


def _relu_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        return kit.activate(x, spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _chain_cnn_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        y = kit.tf.nn.relu(kit.conv(x, shape[3], spec["filters"], spec["kernel"],
                             spec["stride"], [1, 1], spec["padding"], True))
        y = kit.pool(y, spec["pool_kind"], [2, 2], [2, 2], "VALID")
        return kit.tf.nn.softmax(kit.dense(y, spec["units"], True))
    shapes = [shape]
    return body, shapes, ranges


def _chain_residual_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        y = kit.tf.nn.relu(kit.conv(x, shape[3], shape[3], spec["kernel"], [1, 1], [1, 1],
                             "SAME", True))
        y = kit.conv(y, shape[3], shape[3], spec["kernel"], [1, 1], [1, 1], "SAME", True)
        return kit.activate(kit.tf.add(x, y), spec["activation"])
    shapes = [shape]
    return body, shapes, ranges


def _chain_dw_block_model(spec, kit):
    shape = spec["input_shape"]
    ranges = [1.0]
    def body(x):
        y = kit.tf.nn.relu6(kit.depthwise(x, shape[3], 1, [3, 3], spec["stride"], [1, 1],
                                   "SAME", True))
        y = kit.tf.nn.relu6(kit.conv(y, shape[3], spec["filters"], [1, 1], [1, 1], [1, 1],
                              "VALID", True))
        y = kit.tf.nn.avg_pool2d(y, ksize=[1, y.shape[1], y.shape[2], 1], strides=[1, 1, 1, 1],
                             padding="VALID")
        return kit.dense(y, spec["units"], True)
    shapes = [shape]
    return body, shapes, ranges


# Cases per kind and dtype: ~300 int8 + ~220 float32.
KINDS = {
    "conv2d": Kind({"int8": 75, "float32": 50, "int16": 30}, _conv2d_cases, _conv2d_model),
    "depthwise_conv2d": Kind({"int8": 60, "float32": 40, "int16": 24}, _depthwise_conv2d_cases,
                             _depthwise_conv2d_model),
    "fully_connected": Kind({"int8": 40, "float32": 30, "int16": 20}, _fully_connected_cases,
                            _fully_connected_model),
    "average_pool2d": Kind({"int8": 25, "float32": 20, "int16": 18}, _pool2d_cases, _pool2d_model),
    "max_pool2d": Kind({"int8": 25, "float32": 20, "int16": 18}, _pool2d_cases, _pool2d_model),
    "softmax": Kind({"int8": 16, "float32": 12}, _softmax_cases, _softmax_model),
    "add": Kind({"int8": 30, "float32": 24, "int16": 18}, _add_cases, _add_model),
    "reshape": Kind({"int8": 10, "float32": 8, "int16": 15}, _reshape_cases, _reshape_model),
    "relu": Kind({"int8": 4, "float32": 4, "int16": 15}, _relu_cases, _relu_model),
    "chain_cnn": Kind({"int8": 6, "float32": 5}, _chain_cnn_cases, _chain_cnn_model),
    "chain_residual": Kind({"int8": 5, "float32": 4}, _chain_residual_cases, _chain_residual_model),
    "chain_dw_block": Kind({"int8": 4, "float32": 3}, _chain_dw_block_cases, _chain_dw_block_model),
}
