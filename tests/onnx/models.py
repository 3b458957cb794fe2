"""Small float32 ONNX models built with onnx.helper, each at opset 13 (checked by the ONNX 1.12
library microaot links) and opset 20 (the PyTorch dynamo exporter's opset, checked by
microaot itself). Weights are seeded and He-scaled so activations stay O(1).

Every builder returns (nodes, inputs, outputs, initializers) for one opset; `build(spec)` makes
the ModelProto.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# IR version 8 at opset 13: ONNX 1.12 (linked by microaot) checks those; opset 20 needs IR 9,
# which only microaot's own checks see.
IR_VERSION = {13: 8, 20: 9}


class Weights:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.tensors = []

    def add(self, name, shape, fan_in=None, scale=None):
        if scale is None:
            scale = np.sqrt(2.0 / fan_in)
        values = (self.rng.standard_normal(shape) * scale).astype(np.float32)
        self.tensors.append(numpy_helper.from_array(values, name))
        return name

    def ints(self, name, values):
        self.tensors.append(numpy_helper.from_array(np.array(values, dtype=np.int64), name))
        return name


def _clip6(opset, x, y, w):
    if opset >= 11:
        lo, hi = y + "_min", y + "_max"
        w.tensors.append(numpy_helper.from_array(np.array(0.0, np.float32), lo))
        w.tensors.append(numpy_helper.from_array(np.array(6.0, np.float32), hi))
        return helper.make_node("Clip", [x, lo, hi], [y], name=y)
    return helper.make_node("Clip", [x], [y], name=y, min=0.0, max=6.0)


def conv_net(opset, w):
    """Conv/pads/strides, Relu, MaxPool, Clip(0,6), GlobalAveragePool, Flatten, Gemm, Softmax."""
    nodes = [
        helper.make_node("Conv", ["x", w.add("c1_w", [8, 3, 3, 3], 27), w.add("c1_b", [8], scale=0.1)],
                         ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", w.add("c2_w", [16, 8, 3, 3], 72)], ["c2"], name="conv2",
                         strides=[2, 2], pads=[0, 1, 1, 0]),
        _clip6(opset, "c2", "r2", w),
        helper.make_node("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", w.add("fc_w", [10, 16], 16), w.add("fc_b", [10], scale=0.1)],
                         ["logits"], name="fc", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax"),
    ]
    return nodes, [("x", [1, 3, 16, 16])], [("probs", [1, 10])]


def flatten_net(opset, w):
    """A flattened NCHW feature map (not 1x1) into MatMul+Add and Gemm (transB=0): the dense
    weights are permuted at import to read the NHWC order."""
    nodes = [
        helper.make_node("Conv", ["x", w.add("c1_w", [4, 2, 3, 3], 18)], ["c1"], name="conv1",
                         auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("AveragePool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Reshape", ["p1", w.ints("flat_shape", [1, -1])], ["f"], name="reshape"),
        helper.make_node("MatMul", ["f", w.add("mm_w", [144, 12], 144)], ["mm"], name="matmul"),
        helper.make_node("Add", ["mm", w.add("mm_b", [12], scale=0.1)], ["h"], name="bias"),
        helper.make_node("Relu", ["h"], ["hr"], name="relu2"),
        helper.make_node("Gemm", ["hr", w.add("fc_w", [12, 5], 12), w.add("fc_b", [1, 5], scale=0.1)],
                         ["y"], name="fc", alpha=0.5, beta=2.0),
    ]
    return nodes, [("x", [1, 2, 12, 12])], [("y", [1, 5])]


def depthwise_net(opset, w):
    """Pointwise conv, depthwise (multiplier 1, dilated), depthwise multiplier 2, residual Add,
    padded AveragePool (count_include_pad 0), GlobalAveragePool, Gemm."""
    nodes = [
        helper.make_node("Conv", ["x", w.add("pw_w", [12, 3, 1, 1], 3)], ["pw"], name="pointwise"),
        helper.make_node("Relu", ["pw"], ["pwr"], name="relu1"),
        helper.make_node("Conv", ["pwr", w.add("dw1_w", [12, 1, 3, 3], 9), w.add("dw1_b", [12], scale=0.1)],
                         ["dw1"], name="depthwise1", group=12, dilations=[2, 2], pads=[2, 2, 2, 2]),
        helper.make_node("Add", ["dw1", "pwr"], ["res"], name="residual"),
        helper.make_node("Conv", ["res", w.add("dw2_w", [24, 1, 3, 3], 9)], ["dw2"], name="depthwise2",
                         group=12, strides=[2, 2], pads=[1, 1, 1, 1]),
        _clip6(opset, "dw2", "dw2r", w),
        helper.make_node("AveragePool", ["dw2r"], ["ap"], name="avgpool", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["ap"], ["g"], name="gap"),
        helper.make_node("Reshape", ["g", w.ints("g_shape", [1, 24])], ["f"], name="reshape"),
        helper.make_node("Gemm", ["f", w.add("fc_w", [24, 6], 24)], ["y"], name="fc"),
    ]
    return nodes, [("x", [1, 3, 14, 14])], [("y", [1, 6])]


def mlp(opset, w):
    """MatMul+Add, Relu, a Constant-node weight, Gemm with alpha/beta, Clip(0,6), Softmax."""
    const_w = np.random.default_rng(7).standard_normal([16, 16]).astype(np.float32) * 0.35
    nodes = [
        helper.make_node("MatMul", ["x", w.add("w1", [20, 32], 20)], ["h1"], name="dense1"),
        helper.make_node("Add", [w.add("b1", [32], scale=0.1), "h1"], ["a1"], name="bias1"),
        helper.make_node("Relu", ["a1"], ["r1"], name="relu1"),
        helper.make_node("Gemm", ["r1", w.add("w2", [16, 32], 32), w.add("b2", [16], scale=0.1)],
                         ["h2"], name="dense2", transB=1, alpha=1.5, beta=0.5),
        _clip6(opset, "h2", "r2", w),
        helper.make_node("Constant", [], ["w3"], name="w3_const",
                         value=numpy_helper.from_array(const_w, "w3_value")),
        helper.make_node("MatMul", ["r2", "w3"], ["h3"], name="dense3"),
        helper.make_node("Softmax", ["h3"], ["y"], name="softmax", axis=-1),
    ]
    return nodes, [("x", [1, 20])], [("y", [1, 16])]


def pooling_net(opset, w):
    """Padded MaxPool, SAME_UPPER AveragePool, a 4-D output (held as NHWC)."""
    nodes = [
        helper.make_node("MaxPool", ["x"], ["m"], name="maxpool", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["m", w.add("c_w", [6, 4, 1, 1], 4)], ["c"], name="conv"),
        helper.make_node("AveragePool", ["c"], ["a"], name="avgpool", kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_UPPER"),
        helper.make_node("Identity", ["a"], ["y"], name="identity"),
    ]
    return nodes, [("x", [1, 4, 15, 15])], [("y", [1, 6, 4, 4])]


BUILDERS = {
    "conv_net": conv_net,
    "flatten_net": flatten_net,
    "depthwise_net": depthwise_net,
    "mlp": mlp,
    "pooling_net": pooling_net,
}
OPSETS = (13, 20)
# Saved with its weights in model.onnx.data beside the model (the dynamo exporter's default).
EXTERNAL_DATA = {("conv_net", 20)}


def specs():
    return [{"id": f"{name}-opset{opset}", "builder": name, "opset": opset,
             "external_data": (name, opset) in EXTERNAL_DATA}
            for name in BUILDERS for opset in OPSETS]


def build(spec):
    w = Weights(hash_seed(spec["builder"]))
    nodes, inputs, outputs = BUILDERS[spec["builder"]](spec["opset"], w)
    graph = helper.make_graph(
        nodes, spec["builder"],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        initializer=w.tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", spec["opset"])],
                              producer_name="microaot-tests")
    model.ir_version = IR_VERSION[spec["opset"]]
    onnx.checker.check_model(model, full_check=True)
    return model


def hash_seed(name):
    return sum((i + 1) * ord(c) for i, c in enumerate(name))
