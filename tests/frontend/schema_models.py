#!/usr/bin/env python3
"""Models and TensorFlow's reading of them, for the subset-schema test (schema_test.cpp).

Usage: schema_models.py --out DIR

Writes into DIR:
  <name>.tflite         models of two kinds:
                          converter_*  written by TensorFlow's TFLite converter from small TF
                                       functions and tf_keras models (cached: regenerated only
                                       when this script or TensorFlow changes);
                          object_api_* written with TensorFlow's own flatbuffer object API: one
                                       operator per BuiltinOptions member, and every field of
                                       every table set (variant 0: nothing set, so every
                                       default is read; variants 1-4: distinct values per
                                       field, bools in patterns that tell any two apart).
  <name>.expected.json  the model as TensorFlow's generated reader of TFLite's schema
                        (schema_py_generated) unpacks it, keys in that reader's camelCase.
  manifest.json         model names, and the enumerations of TFLite's schema.

The .expected.json files are rewritten on every run from the .tflite files, without importing
TensorFlow (the schema module is loaded on its own), so a warm run takes about a second.
"""

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys

import flatbuffers
import numpy as np

# Fields the subset schema deliberately does not describe: (TensorFlow object-API class, field).
OMITTED_FIELDS = {
    ("QuantizationParametersT", "min"),  # calibration ranges, for importing back into TF
    ("QuantizationParametersT", "max"),
    ("TensorT", "variantTensors"),       # nested types of VARIANT tensors
    ("ModelT", "externalBufferGroups"),  # external weight files (tensors name them through
    ("ModelT", "externalBuffers"),       # Tensor.external_buffer, which is described)
}
# Tables whose contents the subset schema skips (sparse tensors and custom quantization are
# rejected, not read): only their presence is compared.
OPAQUE_TABLES = {"SparsityParametersT", "CustomQuantizationT"}

# BuiltinOptions2 members the subset schema describes (the others are left out).
OPTIONS2_DESCRIBED = ["StablehloPadOptions", "DilateOptions", "StablehloRngBitGeneratorOptions",
                      "StableHLOCompositeOptions", "StablehloShiftLeftOptions",
                      "StablehloCaseOptions"]

# Object-API fields whose default is None: what they hold, so the filler can set them. A field
# missing here (a new TFLite field) stops the script, so it cannot go untested silently.
NONE_FIELD_KINDS = {
    "ModelT": {"operatorCodes": "tables", "subgraphs": "tables", "description": "string",
               "buffers": "tables", "metadataBuffer": "ints", "metadata": "tables",
               "signatureDefs": "tables", "externalBufferGroups": "omitted",
               "externalBuffers": "omitted"},
    "OperatorCodeT": {"customCode": "string"},
    "SubGraphT": {"tensors": "tables", "inputs": "ints", "outputs": "ints",
                  "operators": "tables", "name": "string"},
    "TensorT": {"shape": "ints", "name": "string", "quantization": "tables",
                "sparsity": "tables", "shapeSignature": "ints", "variantTensors": "omitted"},
    "QuantizationParametersT": {"min": "omitted", "max": "omitted", "scale": "floats",
                                "zeroPoint": "ints", "details": "tables"},
    "OperatorT": {"inputs": "ints", "outputs": "ints", "builtinOptions": "tables",
                  "customOptions": "ubytes", "mutatingVariableInputs": "bools",
                  "intermediates": "ints", "builtinOptions2": "tables"},
    "BufferT": {"data": "ubytes"},
    "MetadataT": {"name": "string"},
    "TensorMapT": {"name": "string"},
    "SignatureDefT": {"inputs": "tables", "outputs": "tables", "signatureKey": "string"},
    "ConcatEmbeddingsOptionsT": {"numColumnsPerChannel": "ints",
                                 "embeddingDimPerChannel": "ints"},
    "ReshapeOptionsT": {"newShape": "ints"},
    "SqueezeOptionsT": {"squeezeDims": "ints"},
    "VarHandleOptionsT": {"container": "string", "sharedName": "string"},
    "BucketizeOptionsT": {"boundaries": "floats"},
    "StablehloPadOptionsT": {"edgePaddingLow": "ints", "edgePaddingHigh": "ints",
                             "interiorPadding": "ints"},
    "StableHLOCompositeOptionsT": {"name": "string", "compositeAttributes": "ubytes"},
    "StablehloCaseOptionsT": {"branchSubgraphIndices": "ints"},
}

OBJECT_API_VARIANTS = 5
SCRIPT_PATH = os.path.abspath(__file__)


def load_schema_module():
    """TensorFlow's generated reader of TFLite's schema, loaded without importing TensorFlow."""
    spec = importlib.util.find_spec("tensorflow")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("schema_models.py: TensorFlow is not installed in this Python")
    path = os.path.join(spec.submodule_search_locations[0], "lite", "python",
                        "schema_py_generated.py")
    module_spec = importlib.util.spec_from_file_location("tflite_schema_py_generated", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


schema = load_schema_module()


# ------------------------------------------------------------------------- TensorFlow's reading

def fnv1a(data):
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ int(byte)) * 0x01000193) & 0xFFFFFFFF
    return h


def unpacked_to_json(value):
    """An object-API value as plain JSON: tables become {camelCase field: value}."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, list):
        return [unpacked_to_json(v) for v in value]
    class_name = type(value).__name__
    if class_name in OPAQUE_TABLES:
        return {}
    out = {}
    for field, field_value in vars(value).items():
        if (class_name, field) in OMITTED_FIELDS:
            continue
        if class_name == "BufferT" and field == "data":
            # Weights are compared by length and digest, not element by element.
            out[field] = None if field_value is None else {
                "length": len(field_value), "fnv1a": fnv1a(field_value)}
            continue
        out[field] = unpacked_to_json(field_value)
    return out


def tensorflow_reading(model_bytes):
    model = schema.ModelT.InitFromPackedBuf(bytearray(model_bytes), 0)
    return unpacked_to_json(model)


def schema_enums():
    names = ["TensorType", "Padding", "ActivationFunctionType",
             "FullyConnectedOptionsWeightsFormat", "LSHProjectionType", "LSTMKernelType",
             "CombinerType", "MirrorPadMode", "CustomOptionsFormat", "BuiltinOptions",
             "BuiltinOptions2"]
    enums = {}
    for name in names:
        cls = getattr(schema, name)
        enums[name] = {k: v for k, v in vars(cls).items()
                       if not k.startswith("_") and isinstance(v, int)}
    return enums


# ------------------------------------------------------------------ object-API models (every field)

def union_members(union_name):
    members = {v: k for k, v in vars(getattr(schema, union_name)).items()
               if not k.startswith("_") and isinstance(v, int) and v != 0}
    return [(number, members[number]) for number in sorted(members)]


def int_value(index, variant, default):
    value = 1 + (variant * 37 + index * 11) % 97  # distinct within a table, 1..97
    return 98 + index if value == default else value


def fill(obj, variant):
    """Sets every scalar, string and vector field of `obj` (variant > 0) to a value of its own."""
    class_name = type(obj).__name__
    kinds = NONE_FIELD_KINDS.get(class_name, {})
    for index, (field, default) in enumerate(list(vars(obj).items())):
        if isinstance(default, bool):
            assert index < 15, f"{class_name}: bool patterns need more variants"
            bit = ((index + 1) >> (variant - 1)) & 1
            setattr(obj, field, default != bool(bit))
        elif isinstance(default, int):
            setattr(obj, field, int_value(index, variant, default))
        elif isinstance(default, float):
            setattr(obj, field, variant + 0.25 * index + 0.5)
        elif default is None:
            if field not in kinds:
                sys.exit(f"schema_models.py: {class_name}.{field}: unknown field kind; "
                         "add it to NONE_FIELD_KINDS (and describe it in the subset schema)")
            kind = kinds[field]
            base = int_value(index, variant, None)
            empty = variant == 1  # present but empty: tells "empty" from "absent"
            if kind == "ints":
                setattr(obj, field, [] if empty else [base, -base, base + 1000])
            elif kind == "floats":
                setattr(obj, field, [] if empty else [base + 0.5, -0.125 * base])
            elif kind == "ubytes":
                setattr(obj, field, [] if empty else [base, 255, 0, base + 100])
            elif kind == "bools":
                setattr(obj, field, [] if empty else [True, False, variant % 2 == 0])
            elif kind == "string":
                setattr(obj, field, "" if empty else f"{field}_{variant}")
            elif kind not in ("tables", "omitted"):  # tables: set by the caller
                sys.exit(f"schema_models.py: {class_name}.{field}: unknown kind {kind}")
        else:
            sys.exit(f"schema_models.py: {class_name}.{field}: unexpected default {default!r}")
    return obj


def make(class_name, variant):
    obj = getattr(schema, class_name + "T")()
    return fill(obj, variant) if variant > 0 else obj


def object_api_model(variant):
    """One operator per options-union member, every field of every table set (variant > 0)."""
    operators = []
    for number, name in union_members("BuiltinOptions"):
        op = make("Operator", variant)
        op.builtinOptionsType = number
        op.builtinOptions = make(name, variant)
        op.builtinOptions2Type = 0
        operators.append(op)
    options2 = dict((name, number) for number, name in union_members("BuiltinOptions2"))
    for name in OPTIONS2_DESCRIBED:
        op = make("Operator", variant)
        op.builtinOptionsType = 0
        op.builtinOptions2Type = options2[name]
        op.builtinOptions2 = make(name, variant)
        operators.append(op)

    tensor = make("Tensor", variant)
    if variant > 0:
        tensor.quantization = make("QuantizationParameters", variant)
        tensor.quantization.detailsType = 0
        tensor.sparsity = schema.SparsityParametersT()
    plain_tensor = make("Tensor", (variant % 4) + 1 if variant > 0 else 0)

    subgraph = make("SubGraph", variant)
    subgraph.tensors = [tensor, plain_tensor]
    subgraph.operators = operators

    signature = make("SignatureDef", variant)
    if variant > 0:
        signature.inputs = [make("TensorMap", variant)]
        signature.outputs = [make("TensorMap", (variant % 4) + 1), make("TensorMap", variant)]

    model = make("Model", variant)
    model.operatorCodes = [make("OperatorCode", variant)]
    model.subgraphs = [subgraph, make("SubGraph", (variant % 4) + 1 if variant > 0 else 0)]
    model.subgraphs[1].tensors = []
    model.subgraphs[1].operators = []
    model.buffers = [schema.BufferT(), make("Buffer", variant)]
    if variant > 0:
        model.metadata = [make("Metadata", variant)]
        model.signatureDefs = [signature]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


# --------------------------------------------------------------------- converter models (cached)

def converter_models():
    """{name: (tflite bytes, builtin operators the converter must have emitted)}."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    import tf_keras

    rng = np.random.default_rng(7)

    def const(*shape):
        return tf.constant(rng.uniform(-1.0, 1.0, shape).astype(np.float32))

    def convert_function(body, specs):
        function = tf.function(body, input_signature=specs)
        converter = tf.lite.TFLiteConverter.from_concrete_functions(
            [function.get_concrete_function()], function)
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
        return converter.convert()

    def spec(*shape, dtype=tf.float32):
        return tf.TensorSpec(shape, dtype)

    models = {}

    def reductions_and_binary(x, y):
        return (tf.reduce_mean(x, axis=[1, 2], keepdims=True), tf.reduce_sum(x, axis=1),
                tf.reduce_max(x, axis=3, keepdims=True), tf.reduce_min(x, axis=2),
                tf.reduce_prod(x, axis=[1]), tf.nn.relu(x * y), tf.nn.relu6(x - y),
                x / (tf.abs(y) + 1.0), tf.math.squared_difference(x, y), tf.maximum(x, y),
                tf.minimum(x, y), tf.pow(tf.abs(x), y), tf.nn.relu(x + y),
                tf.math.floordiv(x, y + 3.0), tf.math.floormod(x, y + 3.0),
                tf.add_n([x, y, x]))
    models["converter_reductions_binary"] = (
        convert_function(reductions_and_binary, [spec(1, 4, 6, 3), spec(1, 4, 6, 3)]),
        ["MEAN", "SUM", "REDUCE_MAX", "REDUCE_MIN", "REDUCE_PROD", "MUL", "SUB", "DIV",
         "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM", "POW", "ADD", "FLOOR_DIV", "FLOOR_MOD",
         "ADD_N"])

    def activations(x):
        return (tf.sigmoid(x), tf.tanh(x), x * tf.nn.relu6(x + 3.0) / 6.0,
                tf.nn.leaky_relu(x, alpha=0.3), tf.clip_by_value(x, -1.0, 1.0),
                tf.nn.elu(x), tf.abs(x), -x, tf.sqrt(tf.abs(x)), tf.math.rsqrt(tf.abs(x) + 1.0),
                tf.exp(x), tf.math.log(tf.abs(x) + 1.0), tf.sin(x), tf.cos(x), tf.floor(x),
                tf.math.ceil(x), tf.round(x), tf.square(x), tf.nn.log_softmax(x),
                tf.nn.softmax(x * 2.0), tf.nn.gelu(x, approximate=True), tf.sign(x),
                tf.math.l2_normalize(x, axis=-1))
    models["converter_activations"] = (
        convert_function(activations, [spec(1, 8)]),
        ["LOGISTIC", "TANH", "HARD_SWISH", "LEAKY_RELU", "RELU_N1_TO_1", "ELU", "ABS",
         "NEG", "SQRT", "RSQRT", "EXP", "LOG", "SIN", "COS", "FLOOR", "CEIL", "ROUND", "SQUARE",
         "LOG_SOFTMAX", "SOFTMAX", "GELU", "SIGN", "L2_NORMALIZATION"])

    def shape_ops(x, idx):
        parts = tf.split(x, 2, axis=3)
        parts_v = tf.split(x, [1, 3, 2], axis=2)
        return (tf.pad(x, [[0, 0], [1, 2], [0, 1], [0, 0]]),
                tf.pad(x, [[0, 0], [1, 0], [2, 1], [0, 0]], constant_values=1.5),
                tf.pad(x, [[0, 0], [1, 1], [2, 2], [0, 0]], mode="REFLECT"),
                tf.pad(x, [[0, 0], [1, 1], [2, 2], [0, 0]], mode="SYMMETRIC"),
                tf.nn.relu(tf.concat([x, x * 2.0], axis=2)), parts[0] + parts[1],
                parts_v[0] * parts_v[2][:, :, :1, :],
                x[:, 1:3, ::2, tf.newaxis, 0], x[..., 1:], tf.slice(x, [0, 1, 2, 0], [1, 2, 3, 4]),
                tf.stack([x, x], axis=1), tf.unstack(x, axis=3)[1],
                tf.transpose(x, [0, 3, 1, 2]), tf.reshape(x, [4, 36]),
                tf.gather(x, idx, axis=2),
                tf.gather(x[:, 0], idx[tf.newaxis] % 6, axis=2, batch_dims=1),
                tf.gather_nd(x, tf.stack([idx * 0, idx % 4], axis=1)),
                tf.broadcast_to(x[:, :1], [2, 4, 6, 6]), tf.tile(x, [1, 1, 2, 1]),
                tf.argmax(x, axis=3, output_type=tf.int64), tf.argmin(x, axis=1),
                tf.cast(x, tf.int32), tf.nn.space_to_depth(x, 2),
                tf.nn.depth_to_space(tf.concat([x, x[..., :2]], axis=3), 2),
                tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]),
                tf.batch_to_space(tf.tile(x, [4, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]),
                tf.math.cumsum(x, axis=2, exclusive=True, reverse=True),
                tf.reverse(x, axis=[2]), tf.one_hot(idx, depth=5, axis=0),
                tf.range(idx[0], idx[1] + 10, 2), tf.math.top_k(x[0, 0, 0], k=2).values)
    models["converter_shape_ops"] = (
        convert_function(shape_ops, [spec(1, 4, 6, 6), spec(3, dtype=tf.int32)]),
        ["PAD", "PADV2", "MIRROR_PAD", "CONCATENATION", "SPLIT", "SPLIT_V", "STRIDED_SLICE",
         "SLICE", "PACK", "UNPACK", "TRANSPOSE", "RESHAPE", "GATHER",
         "GATHER_ND", "BROADCAST_TO", "TILE", "ARG_MAX", "ARG_MIN", "CAST", "SPACE_TO_DEPTH",
         "DEPTH_TO_SPACE", "SPACE_TO_BATCH_ND", "BATCH_TO_SPACE_ND", "CUMSUM", "REVERSE_V2",
         "ONE_HOT", "RANGE", "TOPK_V2"])

    # Unknown dimensions keep shape operators the converter folds away on static shapes.
    def dynamic_shape_ops(x, z):
        dims = tf.shape(x)
        return (tf.fill(dims, 2.0) + tf.zeros_like(x), tf.shape(x, out_type=tf.int64),
                tf.cast(dims, tf.float32), tf.reduce_sum(x, axis=0), tf.squeeze(z, axis=[1]),
                tf.expand_dims(z, 2))
    models["converter_dynamic"] = (
        convert_function(dynamic_shape_ops, [spec(None, 5), spec(None, 1, None)]),
        ["FILL", "ZEROS_LIKE", "SHAPE", "CAST", "SUM", "SQUEEZE", "EXPAND_DIMS"])

    def compare_select(x, y, c):
        a = x > y
        b = tf.logical_not(c)
        return (tf.where(a, x, y), tf.compat.v1.where(b, x, y), tf.where(x[0:1] < 0.5, x, y),
                tf.cast(tf.equal(x, y), tf.float32), tf.cast(tf.not_equal(x, y), tf.float32),
                tf.cast(x < y, tf.float32), tf.cast(x >= y, tf.float32),
                tf.cast(x <= y, tf.float32), tf.cast(tf.logical_and(a, b), tf.float32),
                tf.cast(tf.logical_or(a, c), tf.float32))
    models["converter_compare_select"] = (
        convert_function(compare_select, [spec(3, 4), spec(3, 4), spec(3, 4, dtype=tf.bool)]),
        ["SELECT_V2", "SELECT", "EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER",
         "GREATER_EQUAL", "LOGICAL_AND", "LOGICAL_OR", "LOGICAL_NOT"])

    conv_w = const(3, 3, 4, 5)
    dw_w = const(3, 3, 4, 2)
    tconv_w = const(3, 3, 6, 4)
    fc_w = const(16, 6)

    def spatial(x, m1, m2):
        return (tf.image.resize(x, [10, 12], method="nearest"),
                tf.compat.v1.image.resize_nearest_neighbor(x, [7, 9], half_pixel_centers=True),
                tf.compat.v1.image.resize_bilinear(x, [9, 11], align_corners=True),
                tf.image.resize(x, [8, 8], method="bilinear"),
                tf.nn.relu(tf.nn.conv2d_transpose(x, tconv_w, [1, 10, 12, 6], strides=2,
                                                  padding="SAME")),
                tf.nn.relu6(tf.nn.conv2d(x, conv_w, strides=1, padding="SAME", dilations=2)),
                tf.nn.depthwise_conv2d(x, dw_w, [1, 2, 2, 1], padding="VALID"),
                tf.nn.avg_pool2d(x, 2, 2, "VALID"), tf.nn.max_pool2d(x, 3, 1, "SAME"),
                tf.linalg.matmul(m1, m2, adjoint_a=True),
                tf.linalg.matmul(m1, m1, adjoint_b=True),
                tf.tensordot(tf.reshape(x, [1, 5, 24])[:, :, :16], fc_w, axes=1),
                tf.nn.local_response_normalization(x, depth_radius=2, bias=1.5, alpha=0.5,
                                                   beta=0.75))
    models["converter_spatial"] = (
        convert_function(spatial, [spec(1, 5, 6, 4), spec(2, 3, 4), spec(2, 3, 4)]),
        ["RESIZE_NEAREST_NEIGHBOR", "RESIZE_BILINEAR", "TRANSPOSE_CONV", "CONV_2D",
         "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "MAX_POOL_2D", "BATCH_MATMUL",
         "FULLY_CONNECTED", "LOCAL_RESPONSE_NORMALIZATION"])

    def control_flow(x, n):
        def body(i, acc):
            return i + 1, acc * 0.5 + 1.0
        _, looped = tf.while_loop(lambda i, acc: i < n, body, (tf.constant(0), x))
        branched = tf.cond(n > 2, lambda: x * 3.0, lambda: x - 1.0)
        return looped, branched
    models["converter_control_flow"] = (
        convert_function(control_flow, [spec(None, 3), spec(dtype=tf.int32)]),
        ["WHILE", "IF"])

    class Counter(tf.Module):
        def __init__(self):
            super().__init__()
            self.total = tf.Variable(tf.zeros([2, 3]))

        @tf.function(input_signature=[spec(2, 3)])
        def accumulate(self, x):
            self.total.assign_add(x)
            return self.total.read_value() * 2.0
    counter = Counter()
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [counter.accumulate.get_concrete_function()], counter)
    converter.experimental_enable_resource_variables = True
    models["converter_variables"] = (
        converter.convert(), ["VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "CALL_ONCE"])

    # A Keras layer the converter fuses only when it comes from a Keras model.
    keras_prelu = tf_keras.Sequential([
        tf_keras.Input(shape=(4, 4, 3), batch_size=1),
        tf_keras.layers.PReLU(alpha_initializer=tf_keras.initializers.Constant(0.25))])
    function = tf.function(keras_prelu, input_signature=[spec(1, 4, 4, 3)])
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], keras_prelu)
    models["converter_keras_prelu"] = (converter.convert(), ["PRELU"])

    # Keras 2 (tf_keras) keeps LSTM layers fused into UNIDIRECTIONAL_SEQUENCE_LSTM (a
    # Bidirectional LSTM becomes two of them, a SimpleRNN a WHILE loop).
    tf_keras.utils.set_random_seed(3)
    inputs = tf_keras.Input(shape=(5, 3), batch_size=1)
    lstm = tf_keras.layers.LSTM(4, return_sequences=True)(inputs)
    bidi = tf_keras.layers.Bidirectional(tf_keras.layers.LSTM(3, return_sequences=True))(lstm)
    rnn = tf_keras.layers.SimpleRNN(3, return_sequences=True)(bidi)
    recurrent = tf_keras.Model(inputs, rnn)
    function = tf.function(recurrent, input_signature=[spec(1, 5, 3)])
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], recurrent)
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
    models["converter_recurrent_float"] = (converter.convert(), ["UNIDIRECTIONAL_SEQUENCE_LSTM"])

    # Full-integer LSTM: the gate quantization lives in the operator's intermediate tensors.
    lstm_only = tf_keras.Sequential([tf_keras.Input(shape=(5, 3), batch_size=1),
                                     tf_keras.layers.LSTM(4, return_sequences=True)])
    lstm_function = tf.function(lstm_only, input_signature=[spec(1, 5, 3)])
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [lstm_function.get_concrete_function()], lstm_only)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = lambda: (
        [rng.uniform(-1, 1, (1, 5, 3)).astype(np.float32)] for _ in range(16))
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    models["converter_lstm_int8"] = (
        converter.convert(), ["QUANTIZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "DEQUANTIZE"])

    return models


def builtin_operator_names():
    return {v: k for k, v in vars(schema.BuiltinOperator).items()
            if not k.startswith("_") and isinstance(v, int)}


def emitted_operators(model_bytes):
    names = builtin_operator_names()
    model = schema.ModelT.InitFromPackedBuf(bytearray(model_bytes), 0)
    emitted = set()
    for code in model.operatorCodes:
        emitted.add(names.get(max(code.builtinCode, code.deprecatedBuiltinCode), "?"))
    return emitted


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def generator_stamp():
    digest = hashlib.sha256(read_bytes(SCRIPT_PATH))
    for package in ("tensorflow", "tf_keras", "flatbuffers"):
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=missing".encode())
    return digest.hexdigest()


def write_converter_models(out_dir):
    stamp_path = os.path.join(out_dir, "converter.stamp")
    stamp = generator_stamp()
    names_path = os.path.join(out_dir, "converter_models.json")
    if os.path.exists(stamp_path) and read_bytes(stamp_path).decode() == stamp:
        names = json.loads(read_bytes(names_path))
        if all(os.path.exists(os.path.join(out_dir, n + ".tflite")) for n in names):
            return names
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    models = converter_models()
    problems = []
    for name, (model_bytes, required) in models.items():
        missing = sorted(set(required) - emitted_operators(model_bytes))
        if missing:
            problems.append(f"{name}: the converter did not emit {', '.join(missing)} "
                            f"(it emitted {', '.join(sorted(emitted_operators(model_bytes)))})")
        write_bytes(os.path.join(out_dir, name + ".tflite"), model_bytes)
    if problems:
        sys.exit("schema_models.py: models no longer cover what they should:\n  " +
                 "\n  ".join(problems))
    write_bytes(names_path, json.dumps(sorted(models)).encode())
    write_bytes(stamp_path, stamp.encode())
    return sorted(models)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    # Written last: a run that fails half-way leaves no manifest for the test to trust.
    manifest_path = os.path.join(args.out, "manifest.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)

    names = write_converter_models(args.out)
    for variant in range(OBJECT_API_VARIANTS):
        name = f"object_api_{variant}"
        write_bytes(os.path.join(args.out, name + ".tflite"), object_api_model(variant))
        names.append(name)

    for name in names:
        reading = tensorflow_reading(read_bytes(os.path.join(args.out, name + ".tflite")))
        write_bytes(os.path.join(args.out, name + ".expected.json"),
                    json.dumps(reading, indent=1, sort_keys=True).encode())
    manifest = {"models": names, "enums": schema_enums()}
    write_bytes(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    print(f"schema_models.py: {len(names)} models in {args.out}")


if __name__ == "__main__":
    main()
