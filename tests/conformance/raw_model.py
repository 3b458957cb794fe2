"""Bundles of single-operator models written directly with TFLite's flatbuffer object API, for
operator forms the converter does not emit on its own (requantizing QUANTIZE between integer
types, int16/int32/uint8 edges). A raw case's model function returns a RawOperator; each case is
one operator on its own input and output tensors, so the bundle's layout is known by
construction, with no converted graph to walk.
"""

import collections

import numpy as np
from tflite_micro import runtime as tflm_runtime

# A tensor of a raw case: dtype name ("int16", ...), shape, and (scale, zero point) or None.
RawTensor = collections.namedtuple("RawTensor", "dtype shape quantization")
# One operator: its name as TFLite prints it, builtin code, input and output tensors.
RawOperator = collections.namedtuple("RawOperator", "name code inputs outputs")

_TENSOR_TYPES = {"float32": 0, "int32": 2, "uint8": 3, "int16": 7, "int8": 9}


def _tensor(schema, name, spec):
    tensor = schema.TensorT()
    tensor.name = name.encode()
    tensor.type = _TENSOR_TYPES[spec.dtype]
    tensor.shape = list(spec.shape)
    tensor.buffer = 0
    if spec.quantization is not None:
        quantization = schema.QuantizationParametersT()
        quantization.scale = [float(spec.quantization[0])]
        quantization.zeroPoint = [int(spec.quantization[1])]
        tensor.quantization = quantization
    return tensor


def _detail(name, index, spec):
    """A tensor as tf.lite.Interpreter.get_input_details() describes it (what the manifest
    writer reads)."""
    scale, zero_point = spec.quantization if spec.quantization is not None else (0.0, 0)
    return {"name": name, "index": index, "dtype": np.dtype(spec.dtype),
            "shape": np.array(spec.shape, dtype=np.int32), "quantization": (scale, zero_point)}


def build(operators, input_name, output_name):
    """(model bytes, layout, input details, output details) for one operator per case.
    `input_name(n, i)` / `output_name(n, j)` name case n's tensors; the layout is what
    generate.split_by_case returns for a converted bundle."""
    import flatbuffers  # noqa: E402 (a TensorFlow dependency)
    schema = tflm_runtime.schema_fb
    model = schema.ModelT()
    model.version = 3
    model.buffers = [schema.BufferT()]
    codes = sorted({op.code for op in operators})
    model.operatorCodes = []
    for code in codes:
        entry = schema.OperatorCodeT()
        entry.builtinCode, entry.deprecatedBuiltinCode, entry.version = code, min(code, 127), 1
        model.operatorCodes.append(entry)
    graph = schema.SubGraphT()
    graph.tensors, graph.inputs, graph.outputs, graph.operators = [], [], [], []
    layout, input_details, output_details = [], [], []
    for number, op in enumerate(operators):
        part = {"inputs": [], "outputs": [], "operator_indices": [number],
                "operators": [{"op": op.name}]}
        indices = {"inputs": [], "outputs": []}
        for role, specs, namer, details, graph_list in (
                ("inputs", op.inputs, input_name, input_details, graph.inputs),
                ("outputs", op.outputs, output_name, output_details, graph.outputs)):
            for i, spec in enumerate(specs):
                name, index = namer(number, i), len(graph.tensors)
                graph.tensors.append(_tensor(schema, name, spec))
                part[role].append(len(graph_list))
                details.append(_detail(name, index, spec))
                graph_list.append(index)
                indices[role].append(index)
        operator = schema.OperatorT()
        operator.opcodeIndex = codes.index(op.code)
        operator.inputs, operator.outputs = indices["inputs"], indices["outputs"]
        graph.operators.append(operator)
        layout.append(part)
    model.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output()), layout, input_details, output_details
