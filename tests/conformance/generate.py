"""Builds one conformance bundle: a TFLite model made with TensorFlow from
several case specs (see specs.py), each case an independent branch with its
own inputs and outputs, and its golden directory with reference outputs from
TensorFlow Lite Micro's Python interpreter. A bundle of one case is a single
case model (how a failing bundle is narrowed down to its case).

Imported only by the generation worker processes: importing TensorFlow
takes seconds, and a fully cached run must not pay for it.

Bundle directory layout:
  model.tflite
  golden/manifest.json, golden/input_<k>_<i>.bin, golden/output_<k>_<j>.bin
              (outputs named `<case id>:out<j>`, which `verify` prints)
  bundle.json cache key; per case: spec, input and output positions,
              the converted operators it contains, TFLite-vs-TFLM cross-check
"""

import hashlib
import json
import os
import re
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro import runtime as tflm_runtime  # noqa: E402

import raw_model  # noqa: E402
import specs  # noqa: E402

SAMPLE_COUNT = 2
CALIBRATION_SAMPLES = 32
# Generous: the largest case needs well under 100 KiB, a bundle at most BUNDLE_SIZE times that,
# the largest case of the shape sweep (bench/sweep, which builds on this generator) about 1.3 MiB.
TFLM_ARENA_BYTES = 16 << 20

ACTIVATION_NAMES = {0: "NONE", 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6", 4: "TANH",
                    5: "SIGN_BIT", 6: "SIGMOID"}
PADDING_NAMES = {0: "SAME", 1: "VALID"}

INPUT_GENERATOR_TEXT = (
    "splitmix64 stream, state initialised to seed = 1000 + 1000*k + i (k = sample, i = input "
    "index in the bundle); for each element take the next 64-bit output z: int8 -> (z >> 56) "
    "reinterpreted as two's-complement int8 (uniform over [-128, 127]); uint8 -> z >> 56; int16 -> "
    "(z >> 48) and int32 -> (z >> 32) reinterpreted as two's complement; float32 -> ((z >> 40) / 2^23) - 1 "
    "(uniform over [-1, 1), exact in float32); elements in row-major order. splitmix64: "
    "s += 0x9E3779B97F4A7C15; z = s; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; "
    "z = (z ^ z>>27) * 0x94D049BB133111EB; z ^= z>>31 (mod 2^64).")

_MASK64 = (1 << 64) - 1


def input_seed(sample, index):
    """Seed of one golden input: distinct for every sample and input of a bundle."""
    return 1000 + 1000 * sample + index


def splitmix64_values(seed, count):
    """`count` successive splitmix64 outputs from state `seed`."""
    state = seed & _MASK64
    values = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        values.append(z ^ (z >> 31))
    return values


def sample_input(dtype, shape, seed):
    """The golden input for one tensor, as the shared goldens make them."""
    count = int(np.prod(shape))
    raw = np.array(splitmix64_values(seed, count), dtype=np.uint64)
    integer_views = {"int8": (56, np.uint8, np.int8), "uint8": (56, np.uint8, np.uint8),
                     "int16": (48, np.uint16, np.int16), "int32": (32, np.uint32, np.int32)}
    if dtype in integer_views:
        shift, unsigned, signed = integer_views[dtype]
        values = (raw >> np.uint64(shift)).astype(unsigned).view(signed)
    else:
        values = ((raw >> np.uint64(40)).astype(np.float64) / float(1 << 23) - 1.0).astype(np.float32)
    return values.reshape(shape)


# ---------------------------------------------------------------- models

class _Weights:
    """Seeded random constants, He-scaled so activations stay O(1)."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def kernel(self, shape, fan_in):
        return tf.constant(self.rng.normal(0.0, np.sqrt(2.0 / fan_in), shape).astype(np.float32))

    def bias(self, size):
        return tf.constant(self.rng.normal(0.0, 0.2, size).astype(np.float32))

    def uniform(self, shape, limit):
        return tf.constant(self.rng.uniform(-limit, limit, shape).astype(np.float32))


def _activate(tensor, activation):
    if activation == "RELU":
        return tf.nn.relu(tensor)
    if activation == "RELU6":
        return tf.nn.relu6(tensor)
    if activation == "NONE":
        return tensor
    raise ValueError(f"unknown activation {activation!r}")


class ModelKit:
    """What a family's model function gets: TensorFlow, the case's seeded weights and the
    shared layer helpers (NHWC, He-scaled random weights)."""

    tf = tf
    np = np

    def __init__(self, spec):
        self.weights = _Weights(spec["seed"])

    def activate(self, tensor, activation):
        return _activate(tensor, activation)

    def conv(self, x, channels_in, filters, kernel, stride, dilation, padding, bias):
        w = self.weights.kernel([kernel[0], kernel[1], channels_in, filters],
                                kernel[0] * kernel[1] * channels_in)
        y = tf.nn.conv2d(x, w, strides=[1, stride[0], stride[1], 1], padding=padding,
                         dilations=[1, dilation[0], dilation[1], 1])
        return tf.nn.bias_add(y, self.weights.bias(filters)) if bias else y

    def depthwise(self, x, channels_in, multiplier, kernel, stride, dilation, padding, bias):
        w = self.weights.kernel([kernel[0], kernel[1], channels_in, multiplier],
                                kernel[0] * kernel[1])
        y = tf.nn.depthwise_conv2d(x, w, strides=[1, stride[0], stride[1], 1], padding=padding,
                                   dilations=dilation)
        return tf.nn.bias_add(y, self.weights.bias(channels_in * multiplier)) if bias else y

    def dense(self, x, units, bias):
        batch = x.shape[0]
        flat = tf.reshape(x, [batch, -1]) if len(x.shape) != 2 else x
        features = flat.shape[1]
        y = tf.matmul(flat, self.weights.kernel([features, units], features))
        return tf.nn.bias_add(y, self.weights.bias(units)) if bias else y

    def pool(self, x, kind, pool, stride, padding):
        op = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
        return op(x, ksize=[1, pool[0], pool[1], 1], strides=[1, stride[0], stride[1], 1],
                  padding=padding)


def build_function(spec):
    """The case as (body, input shapes, calibration range per input), from its family."""
    kinds = specs.kinds()
    if spec["kind"] not in kinds:
        raise ValueError(f"unknown case kind {spec['kind']!r}")
    return kinds[spec["kind"]][1].model(spec, ModelKit(spec))


def model_shape(spec, shape):
    """The input shape the model is built with: `shape` with None on the case's
    "dynamic_axes" (a converter then keeps the operators it folds for static shapes: SHAPE
    subgraphs, SQUEEZE, EXPAND_DIMS, ZEROS_LIKE). The converted tensor holds 1 there (the
    shape signature -1), so `shape` must be 1 on those axes: goldens and calibration use it."""
    dynamic = spec.get("dynamic_axes", [])
    if any(shape[axis] != 1 for axis in dynamic):
        raise ValueError(f"{spec['id']}: dynamic axes {dynamic} of {shape} must have size 1")
    return [None if axis in dynamic else size for axis, size in enumerate(shape)]


def _input_name(number, index):
    return f"c{number:03d}_in{index}"


class Bundle:
    """Several cases as independent branches of one function: case n reads its own inputs
    (named c<n>_in<i>) and contributes its own outputs; nothing is shared between branches.
    `parts`: per case (body, input shapes, ranges) when the caller builds the model functions
    itself (the shape sweep); default: the families' model functions."""

    def __init__(self, cases, parts=None):
        self.cases = cases
        self.parts = parts if parts is not None else [build_function(spec) for spec in cases]
        self.signature = []
        for number, (spec, (_, shapes, _)) in enumerate(zip(cases, self.parts)):
            self.signature += [tf.TensorSpec(model_shape(spec, shape), tf.float32,
                                             name=_input_name(number, i))
                               for i, shape in enumerate(shapes)]
        self.output_counts = []

    def body(self, *args):
        outputs, position = [], 0
        self.output_counts = []
        for number, (body, shapes, _) in enumerate(self.parts):
            with tf.name_scope(f"c{number:03d}"):
                produced = tf.nest.flatten(body(*args[position:position + len(shapes)]))
            position += len(shapes)
            self.output_counts.append(len(produced))
            outputs += produced
        return outputs

    def calibration_samples(self):
        """Per calibration sample, every input; case n draws from its own seeded stream, so its
        quantization does not depend on the cases bundled with it. A range r is [-r, r); a pair
        (low, high) is [low, high) (one-sided ranges give zero points at the int8 extremes)."""
        streams = [np.random.default_rng(spec["seed"] + 1) for spec in self.cases]
        for _ in range(CALIBRATION_SAMPLES):
            sample = []
            for stream, (_, shapes, ranges) in zip(streams, self.parts):
                for shape, r in zip(shapes, ranges):
                    low, high = (r[0], r[1]) if isinstance(r, (list, tuple)) else (-r, r)
                    sample.append(stream.uniform(low, high, shape).astype(np.float32))
            yield sample


def convert(bundle):
    """TFLite flatbuffer bytes for the bundle (int8 / int16: full-integer quantized with int8 or
    int16 activations; I/O of that type unless the cases ask for float I/O)."""
    function = tf.function(bundle.body, input_signature=bundle.signature)
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], function)
    first = bundle.cases[0]
    if first["dtype"] in ("int8", "int16"):
        # int16: the converter's "16x8" mode (int16 activations, int8 weights).
        int16 = first["dtype"] == "int16"
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = bundle.calibration_samples
        converter.target_spec.supported_ops = [
            tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8 if int16
            else tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        native = tf.int16 if int16 else tf.int8
        io_type = tf.float32 if specs.conversion_of(first) == "float32io" else native
        converter.inference_input_type = io_type
        converter.inference_output_type = io_type
        if specs.conversion_of(first) == "int32bias":
            # 16x8 with int32 biases (TFLite Micro's int32-accumulator form).
            converter._experimental_full_integer_quantization_bias_type = tf.int32
    elif first["dtype"] == "hybrid":
        # Dynamic-range quantization: int8 weights, float activations (no calibration data).
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        if specs.conversion_of(first) == "per-tensor":
            converter._experimental_disable_per_channel = True
    model = converter.convert()
    if first["dtype"] == "hybrid" and specs.conversion_of(first) == "symmetric":
        model = _symmetric_fully_connected(model)
    islands = {op for case in bundle.cases for op in case.get("int8_islands", [])}
    return _quantize_islands(model, islands) if islands and first["dtype"] == "int8" else model


_DEQUANTIZE, _QUANTIZE, _RESHAPE, _SQUEEZE = 6, 114, 22, 43
_BUILTIN_CODES = {"ELU": 111, "ZEROS_LIKE": 93}


def _quantize_islands(model, op_names):
    """The model with every DEQUANTIZE -> OP -> QUANTIZE chain (OP one of `op_names`, each
    tensor read once) replaced by OP on the int8 tensors: an int8 operator TFLite Micro has but
    the converter keeps in float (ELU). The float tensors stay, unused."""
    import flatbuffers  # noqa: E402 (a TensorFlow dependency; only needed here)
    wanted = {_BUILTIN_CODES[name] for name in op_names}
    obj = tflm_runtime.convert_bytearray_to_object(bytearray(model))
    graph = obj.subgraphs[0]
    codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in obj.operatorCodes]
    code_of = [codes[op.opcodeIndex] for op in graph.operators]
    producer, readers = {}, {}
    for index, op in enumerate(graph.operators):
        for tensor in op.outputs:
            producer[int(tensor)] = index
        for tensor in op.inputs:
            readers.setdefault(int(tensor), []).append(index)
    dropped = set()
    for index, op in enumerate(graph.operators):
        if code_of[index] not in wanted or len(op.inputs) != 1 or len(op.outputs) != 1:
            continue
        before = producer.get(int(op.inputs[0]))
        after = readers.get(int(op.outputs[0]), [])
        if before is None or code_of[before] != _DEQUANTIZE or len(after) != 1 or \
                code_of[after[0]] != _QUANTIZE or len(readers[int(op.inputs[0])]) != 1:
            continue
        op.inputs = [graph.operators[before].inputs[0]]
        op.outputs = [graph.operators[after[0]].outputs[0]]
        dropped |= {before, after[0]}
    if not dropped:
        raise RuntimeError(f"no DEQUANTIZE -> {sorted(op_names)} -> QUANTIZE chain to quantize")
    graph.operators = [op for index, op in enumerate(graph.operators) if index not in dropped]
    builder = flatbuffers.Builder(len(model))
    builder.Finish(obj.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


_CONV_2D, _DEPTHWISE_CONV_2D, _FULLY_CONNECTED = 3, 4, 9
_HYBRID_OPS = {_CONV_2D: "CONV_2D", _DEPTHWISE_CONV_2D: "DEPTHWISE_CONV_2D",
               _FULLY_CONNECTED: "FULLY_CONNECTED"}
_TFLITE_INT8 = 9


def _symmetric_fully_connected(model):
    """The model with asymmetric_quantize_inputs cleared on every FULLY_CONNECTED (the converter
    always sets it; TFLite then quantizes each input row symmetrically)."""
    import flatbuffers  # noqa: E402 (a TensorFlow dependency; only needed here)
    obj = tflm_runtime.convert_bytearray_to_object(bytearray(model))
    codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in obj.operatorCodes]
    changed = 0
    for op in obj.subgraphs[0].operators:
        if codes[op.opcodeIndex] == _FULLY_CONNECTED and op.builtinOptions is not None:
            op.builtinOptions.asymmetricQuantizeInputs = False
            changed += 1
    if not changed:
        raise RuntimeError("no FULLY_CONNECTED to make symmetric")
    builder = flatbuffers.Builder(len(model))
    builder.Finish(obj.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def _squeezed(shape, dims):
    """`shape` squeezed as TFLite's SQUEEZE does: the listed axes, or every size-1 axis."""
    rank = len(shape)
    drop = {d % rank for d in dims} if dims else {a for a in range(rank) if shape[a] == 1}
    return [size for axis, size in enumerate(shape) if axis not in drop]


def squeezes_from_reshapes(model, cases, layout):
    """The model with the RESHAPE operators of every case asking for "squeeze_from_reshape" made
    SQUEEZE operators with the case's "squeeze_dims" (the converter writes a static SQUEEZE as a
    RESHAPE); each must give the RESHAPE's output shape. The model unchanged when no case asks."""
    wanted = {index: case for case, part in zip(cases, layout) if case.get("squeeze_from_reshape")
              for index in part["operator_indices"]}
    if not wanted:
        return model
    import flatbuffers  # noqa: E402 (a TensorFlow dependency; only needed here)
    schema = tflm_runtime.schema_fb
    obj = tflm_runtime.convert_bytearray_to_object(bytearray(model))
    graph = obj.subgraphs[0]
    codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in obj.operatorCodes]
    if _SQUEEZE not in codes:
        code = schema.OperatorCodeT()
        code.builtinCode, code.deprecatedBuiltinCode, code.version = _SQUEEZE, _SQUEEZE, 1
        obj.operatorCodes.append(code)
        codes.append(_SQUEEZE)
    rewritten = set()
    for index, case in sorted(wanted.items()):
        op = graph.operators[index]
        if codes[op.opcodeIndex] != _RESHAPE:
            continue
        shape_in = [int(d) for d in graph.tensors[int(op.inputs[0])].shape]
        shape_out = [int(d) for d in graph.tensors[int(op.outputs[0])].shape]
        if _squeezed(shape_in, case["squeeze_dims"]) != shape_out:
            raise RuntimeError(f"{case['id']}: RESHAPE {shape_in} -> {shape_out} is not a SQUEEZE "
                               f"of {case['squeeze_dims']}")
        options = schema.SqueezeOptionsT()
        options.squeezeDims = list(case["squeeze_dims"])
        op.opcodeIndex = codes.index(_SQUEEZE)
        op.inputs = [op.inputs[0]]
        op.builtinOptionsType = schema.BuiltinOptions.SqueezeOptions
        op.builtinOptions = options
        rewritten.add(case["id"])
    missing = {case["id"] for case in wanted.values()} - rewritten
    if missing:
        raise RuntimeError(f"no RESHAPE to make a SQUEEZE in {sorted(missing)}")
    builder = flatbuffers.Builder(len(model))
    builder.Finish(obj.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def check_hybrid_weights(model, bundle, layout):
    """Every CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED of a hybrid case reads int8 weights
    (the converter leaves small weights float: such a case would test nothing hybrid)."""
    graph = tflm_runtime.convert_bytearray_to_object(bytearray(model)).subgraphs[0]
    obj_codes = tflm_runtime.convert_bytearray_to_object(bytearray(model)).operatorCodes
    codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in obj_codes]
    hybrid = {}
    for op in graph.operators:
        if codes[op.opcodeIndex] in _HYBRID_OPS:
            weights = graph.tensors[int(op.inputs[1])]
            hybrid[int(op.outputs[0])] = weights.type == _TFLITE_INT8
    for spec, part in zip(bundle.cases, layout):
        names = [o["op"] for o in part["operators"]]
        if not any(name in _HYBRID_OPS.values() for name in names):
            raise RuntimeError(f"{spec['id']}: no hybrid operator in the converted model")
    if not all(hybrid.values()):
        raise RuntimeError("a hybrid bundle has float weights (fewer than 1024 elements?)")


# ---------------------------------------------------------------- references

def _tflite_interpreter(model, reference_kernels=False):
    resolvers = tf.lite.experimental.OpResolverType
    interpreter = tf.lite.Interpreter(
        model_content=model,
        experimental_op_resolver_type=(resolvers.BUILTIN_REF if reference_kernels
                                       else resolvers.BUILTIN_WITHOUT_DEFAULT_DELEGATES))
    interpreter.allocate_tensors()
    return interpreter


def _describe_operator(name, operator):
    """An operator's name and the options that select a kernel variant."""
    entry = {"op": name}
    options = operator.builtinOptions
    if options is not None:
        if hasattr(options, "fusedActivationFunction"):
            entry["fused_activation"] = ACTIVATION_NAMES.get(options.fusedActivationFunction,
                                                             str(options.fusedActivationFunction))
        if hasattr(options, "padding"):
            entry["padding"] = PADDING_NAMES.get(options.padding, str(options.padding))
        if hasattr(options, "strideH"):
            entry["stride"] = [options.strideH, options.strideW]
        if hasattr(options, "dilationHFactor"):
            entry["dilation"] = [options.dilationHFactor, options.dilationWFactor]
        if hasattr(options, "depthMultiplier"):
            entry["depth_multiplier"] = options.depthMultiplier
        if hasattr(options, "filterHeight"):
            entry["pool"] = [options.filterHeight, options.filterWidth]
        if hasattr(options, "keepDims"):
            entry["keep_dims"] = bool(options.keepDims)
    return entry


def _case_of_input(name, case_count):
    """Case number of a bundle input from its name (c<n>_in<i>, as the signature named it)."""
    match = re.fullmatch(r"(?:serving_default_)?c(\d{3})_in\d+(?::0)?", name)
    if not match or int(match.group(1)) >= case_count:
        raise RuntimeError(f"bundle input '{name}' does not name its case")
    return int(match.group(1))


def split_by_case(model, bundle):
    """Per case: its input positions, output positions and operators (with options), found by
    walking back from each model output to the inputs it reads. Every output must depend on the
    inputs of exactly one case, and each case must keep as many outputs as its body returned."""
    interpreter = _tflite_interpreter(model)
    names = [op["op_name"] for op in interpreter._get_ops_details()]
    graph = tflm_runtime.convert_bytearray_to_object(bytearray(model)).subgraphs[0]
    count = len(bundle.cases)
    producer = {}
    for index, operator in enumerate(graph.operators):
        for tensor in operator.outputs:
            producer[int(tensor)] = index
    input_case = {}
    layout = [{"inputs": [], "outputs": [], "operators": set()} for _ in range(count)]
    for position, tensor in enumerate(graph.inputs):
        number = _case_of_input(graph.tensors[int(tensor)].name.decode(), count)
        input_case[int(tensor)] = number
        layout[number]["inputs"].append(position)
    for position, tensor in enumerate(graph.outputs):
        owners, operators, pending, seen = set(), set(), [int(tensor)], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in input_case:
                owners.add(input_case[current])
            if current in producer:
                operators.add(producer[current])
                pending += [int(t) for t in graph.operators[producer[current]].inputs if t >= 0]
        if len(owners) != 1:
            raise RuntimeError(f"bundle output {position} depends on cases {sorted(owners)}")
        number = owners.pop()
        layout[number]["outputs"].append(position)
        layout[number]["operators"] |= operators
    for number, (spec, part) in enumerate(zip(bundle.cases, layout)):
        if len(part["outputs"]) != bundle.output_counts[number]:
            raise RuntimeError(f"{spec['id']}: {bundle.output_counts[number]} outputs built, "
                               f"{len(part['outputs'])} in the converted model")
        part["operator_indices"] = sorted(part["operators"])
        part["operators"] = [_describe_operator(names[i], graph.operators[i])
                             for i in part["operator_indices"]]
    return layout


_QUANTIZED_DTYPES = ("int8", "uint8", "int16", "int32")


def _tensor_entry(detail, position, name, files):
    scale, zero_point = detail["quantization"]
    dtype = np.dtype(detail["dtype"]).name
    shape = [int(d) for d in detail["shape"]]
    return {
        "index": position,
        "name": name,
        "tensor_name": detail["name"],
        "tensor_index": int(detail["index"]),
        "dtype": dtype,
        "shape": shape,
        "bytes": int(np.prod(shape)) * np.dtype(detail["dtype"]).itemsize,
        "quantization": ({"scale": float(scale), "zero_point": int(zero_point)}
                         if dtype in _QUANTIZED_DTYPES and scale > 0 else None),
        "files": files,
    }


def _tflite_outputs(model, inputs, reference_kernels=False):
    lite = _tflite_interpreter(model, reference_kernels)
    for detail, tensor in zip(lite.get_input_details(), inputs):
        lite.set_tensor(detail["index"], tensor)
    lite.invoke()
    return [lite.get_tensor(d["index"]) for d in lite.get_output_details()]


def run_references(model, samples, output_count, use_tflm=True, cross_check=True):
    """Outputs per sample from TFLM (the golden) and from TFLite (a cross-check). Without TFLM
    (an operator it has no kernel for), the golden comes from TFLite's reference kernels and the
    cross-check from its default ones. Without the cross-check (a form TFLite has no kernel
    for: int8 ZEROS_LIKE) the TFLite outputs are None."""
    tflm_outputs, tflite_outputs = [], []
    for inputs in samples:
        tflite_outputs.append(_tflite_outputs(model, inputs) if cross_check else None)
        if not use_tflm:
            tflm_outputs.append(_tflite_outputs(model, inputs, reference_kernels=True))
            continue
        # A fresh TFLM interpreter per sample, as for the shared goldens.
        micro = tflm_runtime.Interpreter.from_bytes(model, arena_size=TFLM_ARENA_BYTES)
        for i, tensor in enumerate(inputs):
            micro.set_input(tensor, i)
        micro.invoke()
        tflm_outputs.append([np.array(micro.get_output(j)) for j in range(output_count)])
    return tflm_outputs, tflite_outputs


def _max_difference(first, second, positions):
    """Largest |a - b| over the outputs at `positions`, every sample."""
    worst = 0.0
    for sample_a, sample_b in zip(first, second):
        for j in positions:
            a, b = sample_a[j].astype(np.float64), sample_b[j].astype(np.float64)
            worst = max(worst, float(np.max(np.abs(a - b), initial=0.0)))
    return worst


def output_name(case_id, j):
    """Manifest name of a case's j-th output: `verify` prints it, the runner parses it."""
    return f"{case_id}:out{j}"


def _write_tensor(path, tensor):
    with open(path, "wb") as f:
        f.write(np.ascontiguousarray(tensor).astype(tensor.dtype.newbyteorder("<")).tobytes())


def _converted_bundle(cases, parts):
    """(model, layout, input details, output details) of a bundle TFLiteConverter builds."""
    bundle = Bundle(cases, parts)
    model = convert(bundle)
    layout = split_by_case(model, bundle)
    if cases[0]["dtype"] == "hybrid":
        check_hybrid_weights(model, bundle, layout)
    squeezed = squeezes_from_reshapes(model, cases, layout)
    if squeezed is not model:
        model, layout = squeezed, split_by_case(squeezed, bundle)
    interpreter = _tflite_interpreter(model)
    return model, layout, interpreter.get_input_details(), interpreter.get_output_details()


def write_bundle(bundle_id, cases, cache_key, bundle_dir, versions, parts=None):
    """Generates the bundle's model and golden directory into bundle_dir (replaced atomically);
    returns its record (bundle.json). `parts`: as for Bundle."""
    raw = specs.conversion_of(cases[0]) == "raw"
    if raw:
        model, layout, input_details, output_details = raw_model.build(
            [build_function(spec) for spec in cases], _input_name,
            lambda number, j: f"c{number:03d}_out{j}")
    else:
        model, layout, input_details, output_details = _converted_bundle(cases, parts)

    samples = [[sample_input(np.dtype(d["dtype"]).name, [int(x) for x in d["shape"]],
                             input_seed(k, i))
                for i, d in enumerate(input_details)]
               for k in range(SAMPLE_COUNT)]
    reference = specs.reference_of(cases[0])
    # TFLite's interpreter has no kernel for most raw forms (int8 -> int16 QUANTIZE, ...).
    use_tflm, cross_check = reference != "tflite", reference != "tflm-only" and not raw
    tflm_outputs, tflite_outputs = run_references(model, samples, len(output_details), use_tflm,
                                                  cross_check)

    staging = bundle_dir + ".tmp"
    shutil.rmtree(staging, ignore_errors=True)
    golden_dir = os.path.join(staging, "golden")
    os.makedirs(golden_dir)
    with open(os.path.join(staging, "model.tflite"), "wb") as f:
        f.write(model)

    for k, (inputs, outputs) in enumerate(zip(samples, tflm_outputs)):
        for i, tensor in enumerate(inputs):
            _write_tensor(os.path.join(golden_dir, f"input_{k}_{i}.bin"), tensor)
        for j, tensor in enumerate(outputs):
            expected = output_details[j]
            if list(tensor.shape) != [int(x) for x in expected["shape"]] or \
                    tensor.dtype != np.dtype(expected["dtype"]):
                raise RuntimeError(f"TFLM output {j} is {tensor.dtype}{list(tensor.shape)}, "
                                   f"model says {np.dtype(expected['dtype'])}{list(expected['shape'])}")
            _write_tensor(os.path.join(golden_dir, f"output_{k}_{j}.bin"), tensor)

    input_names, output_names = {}, {}
    for spec, part in zip(cases, layout):
        for i, position in enumerate(part["inputs"]):
            input_names[position] = f"{spec['id']}:in{i}"
        for j, position in enumerate(part["outputs"]):
            output_names[position] = output_name(spec["id"], j)
    integer = cases[0]["dtype"] in ("int8", "int16")
    manifest = {
        "model": "model.tflite",
        "model_file": "../model.tflite",
        "model_sha256": hashlib.sha256(model).hexdigest(),
        "reference": {
            "runtime": ("TensorFlow Lite Micro Python interpreter (tflite_micro.runtime.Interpreter), "
                        "reference kernels" if use_tflm else
                        "TensorFlow Lite interpreter, reference kernels (BUILTIN_REF): TensorFlow "
                        "Lite Micro has no kernel for an operator of these cases"),
            "tflite_micro_version": versions["tflite-micro"],
            "converter": ("none: written with TFLite's flatbuffer object API "
                          "(tests/conformance/raw_model.py)" if raw else
                          f"TensorFlow {versions['tensorflow']} TFLiteConverter"
                          + ((" (full-integer post-training quantization"
                              + (", 16x8: int16 activations, int8 weights)"
                                 if cases[0]["dtype"] == "int16" else ")")) if integer else
                             " (dynamic-range quantization: int8 weights)"
                             if cases[0]["dtype"] == "hybrid" else "")),
            "invocation": "fresh interpreter per sample, one Invoke()",
        },
        "input_generator": INPUT_GENERATOR_TEXT,
        "status": "ok",
        "cases": [spec["id"] for spec in cases],
        "inputs": [_tensor_entry(d, i, input_names[i],
                                 [f"input_{k}_{i}.bin" for k in range(SAMPLE_COUNT)])
                   for i, d in enumerate(input_details)],
        "outputs": [_tensor_entry(d, j, output_names[j],
                                  [f"output_{k}_{j}.bin" for k in range(SAMPLE_COUNT)])
                    for j, d in enumerate(output_details)],
        "samples": [{
            "k": k,
            "source": "uniform_random",
            "seeds": [input_seed(k, i) for i in range(len(input_details))],
            "inputs": [f"input_{k}_{i}.bin" for i in range(len(input_details))],
            "outputs": [f"output_{k}_{j}.bin" for j in range(len(output_details))],
        } for k in range(SAMPLE_COUNT)],
    }
    with open(os.path.join(golden_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")

    record = {
        "id": bundle_id,
        "cache_key": cache_key,
        "versions": versions,
        "cases": [{
            "id": spec["id"],
            "spec": spec,
            "dtype": spec["dtype"],
            "inputs": part["inputs"],
            "outputs": part["outputs"],
            "output_names": [output_name(spec["id"], j) for j in range(len(part["outputs"]))],
            "operators": part["operators"],
            # TFLite's own kernels disagreeing with TFLM by more than rounding
            # would point at a broken reference, not at the compiler.
            "tflite_vs_tflm_max_abs_diff": (_max_difference(tflm_outputs, tflite_outputs,
                                                            part["outputs"])
                                            if cross_check else None),
        } for spec, part in zip(cases, layout)],
    }
    # bundle.json is written last: its presence marks a complete bundle.
    with open(os.path.join(staging, "bundle.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")

    shutil.rmtree(bundle_dir, ignore_errors=True)
    os.rename(staging, bundle_dir)
    return record
