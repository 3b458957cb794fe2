"""Builds one conformance case: a TFLite model made with TensorFlow from a
spec (see specs.py) and its golden directory with reference outputs from
TensorFlow Lite Micro's Python interpreter.

Imported only by the generation worker processes: importing TensorFlow
takes seconds, and a fully cached run must not pay for it.

Case directory layout:
  model.tflite
  golden/manifest.json, golden/input_<k>_<i>.bin, golden/output_<k>_<j>.bin
  case.json   spec, cache key, the converted model's operators
"""

import hashlib
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro import runtime as tflm_runtime  # noqa: E402

import specs  # noqa: E402

SAMPLE_COUNT = 2
CALIBRATION_SAMPLES = 32
# Generous: the largest case needs well under 100 KiB, the largest of the shape sweep
# (bench/sweep, which builds on this generator) about 1.3 MiB.
TFLM_ARENA_BYTES = 16 << 20

ACTIVATION_NAMES = {0: "NONE", 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6", 4: "TANH",
                    5: "SIGN_BIT", 6: "SIGMOID"}
PADDING_NAMES = {0: "SAME", 1: "VALID"}

INPUT_GENERATOR_TEXT = (
    "splitmix64 stream, state initialised to seed = 1000 + 10*k + i (k = sample, i = input "
    "index); for each element take the next 64-bit output z: int8 -> (z >> 56) reinterpreted "
    "as two's-complement int8 (uniform over [-128, 127]); float32 -> ((z >> 40) / 2^23) - 1 "
    "(uniform over [-1, 1), exact in float32); elements in row-major order. splitmix64: "
    "s += 0x9E3779B97F4A7C15; z = s; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; "
    "z = (z ^ z>>27) * 0x94D049BB133111EB; z ^= z>>31 (mod 2^64).")

_MASK64 = (1 << 64) - 1


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
    if dtype == "int8":
        values = (raw >> np.uint64(56)).astype(np.uint8).view(np.int8)
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


def convert(spec):
    """TFLite flatbuffer bytes for the case (int8: full-integer quantized)."""
    body, shapes, ranges = build_function(spec)
    return convert_function(body, shapes, ranges, spec["dtype"], spec["seed"])


def convert_function(body, shapes, ranges, dtype, seed):
    """TFLite flatbuffer bytes for `body` over float inputs of `shapes` (int8: full-integer
    quantized, calibrated on inputs uniform over [-range, range))."""
    signature = [tf.TensorSpec(s, tf.float32, name=f"input_{i}") for i, s in enumerate(shapes)]
    function = tf.function(body, input_signature=signature)
    converter = tf.lite.TFLiteConverter.from_concrete_functions(
        [function.get_concrete_function()], function)
    if dtype == "int8":
        calibration_rng = np.random.default_rng(seed + 1)

        def representative_dataset():
            for _ in range(CALIBRATION_SAMPLES):
                yield [calibration_rng.uniform(-r, r, s).astype(np.float32)
                       for s, r in zip(shapes, ranges)]

        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative_dataset
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    return converter.convert()


# ---------------------------------------------------------------- references

def _tflite_interpreter(model):
    interpreter = tf.lite.Interpreter(
        model_content=model,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    interpreter.allocate_tensors()
    return interpreter


def describe_operators(model):
    """Per operator: name, and the options that select a kernel variant."""
    interpreter = _tflite_interpreter(model)
    names = [op["op_name"] for op in interpreter._get_ops_details()]
    model_object = tflm_runtime.convert_bytearray_to_object(bytearray(model))
    described = []
    for name, operator in zip(names, model_object.subgraphs[0].operators):
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
        described.append(entry)
    return described


def _tensor_entry(detail, position, files):
    scale, zero_point = detail["quantization"]
    dtype = np.dtype(detail["dtype"]).name
    shape = [int(d) for d in detail["shape"]]
    return {
        "index": position,
        "name": detail["name"],
        "tensor_index": int(detail["index"]),
        "dtype": dtype,
        "shape": shape,
        "bytes": int(np.prod(shape)) * np.dtype(detail["dtype"]).itemsize,
        "quantization": ({"scale": float(scale), "zero_point": int(zero_point)}
                         if dtype == "int8" else None),
        "files": files,
    }


def run_references(model, samples, output_count):
    """Outputs per sample from TFLM (the golden) and from TFLite (a cross-check)."""
    tflm_outputs, tflite_outputs = [], []
    for inputs in samples:
        # A fresh TFLM interpreter per sample, as for the shared goldens.
        micro = tflm_runtime.Interpreter.from_bytes(model, arena_size=TFLM_ARENA_BYTES)
        for i, tensor in enumerate(inputs):
            micro.set_input(tensor, i)
        micro.invoke()
        tflm_outputs.append([np.array(micro.get_output(j)) for j in range(output_count)])

        lite = _tflite_interpreter(model)
        for detail, tensor in zip(lite.get_input_details(), inputs):
            lite.set_tensor(detail["index"], tensor)
        lite.invoke()
        tflite_outputs.append([lite.get_tensor(d["index"]) for d in lite.get_output_details()])
    return tflm_outputs, tflite_outputs


def _max_difference(first, second):
    worst = 0.0
    for sample_a, sample_b in zip(first, second):
        for a, b in zip(sample_a, sample_b):
            worst = max(worst, float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)),
                                            initial=0.0)))
    return worst


def write_case(spec, cache_key, case_dir, versions, model=None):
    """Generates the case into case_dir (replaced atomically); `model`: the TFLite bytes when
    the caller converted them itself (default: convert(spec))."""
    if model is None:
        model = convert(spec)
    interpreter = _tflite_interpreter(model)
    input_details = interpreter.get_input_details()
    output_details = interpreter.get_output_details()

    samples = []
    for k in range(SAMPLE_COUNT):
        samples.append([sample_input(np.dtype(d["dtype"]).name, [int(x) for x in d["shape"]],
                                     1000 + 10 * k + i)
                        for i, d in enumerate(input_details)])
    tflm_outputs, tflite_outputs = run_references(model, samples, len(output_details))

    staging = case_dir + ".tmp"
    shutil.rmtree(staging, ignore_errors=True)
    golden_dir = os.path.join(staging, "golden")
    os.makedirs(golden_dir)
    with open(os.path.join(staging, "model.tflite"), "wb") as f:
        f.write(model)

    for k, (inputs, outputs) in enumerate(zip(samples, tflm_outputs)):
        for i, tensor in enumerate(inputs):
            with open(os.path.join(golden_dir, f"input_{k}_{i}.bin"), "wb") as f:
                f.write(np.ascontiguousarray(tensor).astype(tensor.dtype.newbyteorder("<")).tobytes())
        for j, tensor in enumerate(outputs):
            expected = output_details[j]
            if list(tensor.shape) != [int(x) for x in expected["shape"]] or \
                    tensor.dtype != np.dtype(expected["dtype"]):
                raise RuntimeError(f"TFLM output {j} is {tensor.dtype}{list(tensor.shape)}, "
                                   f"model says {np.dtype(expected['dtype'])}{list(expected['shape'])}")
            with open(os.path.join(golden_dir, f"output_{k}_{j}.bin"), "wb") as f:
                f.write(np.ascontiguousarray(tensor).astype(tensor.dtype.newbyteorder("<")).tobytes())

    manifest = {
        "model": "model.tflite",
        "model_file": "../model.tflite",
        "model_sha256": hashlib.sha256(model).hexdigest(),
        "reference": {
            "runtime": "TensorFlow Lite Micro Python interpreter (tflite_micro.runtime.Interpreter), "
                       "reference kernels",
            "tflite_micro_version": versions["tflite-micro"],
            "converter": f"TensorFlow {versions['tensorflow']} TFLiteConverter"
                         + (" (full-integer post-training quantization)" if spec["dtype"] == "int8" else ""),
            "invocation": "fresh interpreter per sample, one Invoke()",
        },
        "input_generator": INPUT_GENERATOR_TEXT,
        "status": "ok",
        "inputs": [_tensor_entry(d, i, [f"input_{k}_{i}.bin" for k in range(SAMPLE_COUNT)])
                   for i, d in enumerate(input_details)],
        "outputs": [_tensor_entry(d, j, [f"output_{k}_{j}.bin" for k in range(SAMPLE_COUNT)])
                    for j, d in enumerate(output_details)],
        "samples": [{
            "k": k,
            "source": "uniform_random",
            "seeds": [1000 + 10 * k + i for i in range(len(input_details))],
            "inputs": [f"input_{k}_{i}.bin" for i in range(len(input_details))],
            "outputs": [f"output_{k}_{j}.bin" for j in range(len(output_details))],
        } for k in range(SAMPLE_COUNT)],
    }
    with open(os.path.join(golden_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")

    record = {
        "id": spec["id"],
        "cache_key": cache_key,
        "spec": spec,
        "dtype": spec["dtype"],
        "operators": describe_operators(model),
        # TFLite's own kernels disagreeing with TFLM by more than rounding
        # would point at a broken reference, not at the compiler.
        "tflite_vs_tflm_max_abs_diff": _max_difference(tflm_outputs, tflite_outputs),
        "versions": versions,
    }
    # case.json is written last: its presence marks a complete case.
    with open(os.path.join(staging, "case.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")

    shutil.rmtree(case_dir, ignore_errors=True)
    os.rename(staging, case_dir)
    return record
