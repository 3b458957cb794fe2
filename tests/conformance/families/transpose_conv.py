"""TRANSPOSE_CONV: strides 1-3 (also unequal), filters smaller and larger than the stride, SAME
and VALID padding with every output size TensorFlow allows for the input (so TFLite's padding
takes both parities), with and without bias, fused activations.

Plain data plus model bodies (see core.py for the module interface).
"""

from casegen import ACTIVATIONS, INPUT_RANGES, PADDINGS, Kind, cycled_product


def _output_size(rng, size, kernel, stride, padding):
    # conv2d over the output must give the input back: SAME ceil(out / s) == in, VALID
    # floor((out - k) / s) + 1 == in.
    if padding == "SAME":
        return rng.randint((size - 1) * stride + 1, size * stride)
    low = (size - 1) * stride + kernel
    return rng.randint(low, low + stride - 1)


def _transpose_conv_cases(rng, count, dtype):
    cases = []
    strides = ((1, 1), (2, 2), (3, 3), (1, 2), (2, 1))
    for stride, padding, activation in cycled_product(rng, count, strides, PADDINGS, ACTIVATIONS):
        kernel = rng.choice(((3, 3), (2, 2), (1, 1), (4, 4), (5, 5), (3, 2), (1, 3)))
        height, width = rng.randint(1, 6), rng.randint(1, 6)
        cases.append({
            "input_shape": [1, height, width, rng.randint(1, 5)],
            "output_hw": [_output_size(rng, height, kernel[0], stride[0], padding),
                          _output_size(rng, width, kernel[1], stride[1], padding)],
            "filters": rng.randint(1, 6),
            "kernel": list(kernel),
            "stride": list(stride),
            "padding": padding,
            "activation": activation,
            "bias": rng.random() < 0.8,
            "input_range": rng.choice(INPUT_RANGES),
        })
    return cases


def _transpose_conv_model(spec, kit):
    tf = kit.tf
    channels = spec["input_shape"][3]
    kh, kw = spec["kernel"]
    weights = kit.weights.kernel([kh, kw, spec["filters"], channels], kh * kw * channels)
    bias = kit.weights.bias(spec["filters"])
    output_shape = [1, *spec["output_hw"], spec["filters"]]

    def body(x):
        y = tf.nn.conv2d_transpose(x, weights, output_shape, [1, *spec["stride"], 1],
                                   padding=spec["padding"])
        if spec["bias"]:
            y = tf.nn.bias_add(y, bias)
        return kit.activate(y, spec["activation"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "transpose_conv": Kind({"int8": 20, "float32": 16}, _transpose_conv_cases,
                           _transpose_conv_model),
}
