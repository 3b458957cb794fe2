"""QUANTIZE and DEQUANTIZE between every pair of types TFLite Micro has a kernel for, beyond the
converter's int8 edges (families/quantize.py): float32 -> int16, requantization int8 <-> int8 /
uint8 / int16 / int32, int16 -> int8 / int16 / int32, int32 -> int8 / int16, and DEQUANTIZE of
int16 and uint8. The converter emits these only inside mixed-precision graphs, so the models are
written directly (raw_model.py), one operator per case. A case's dtype is the type other than
int8 it exercises ("int8": int8 -> int8). Scale ratios cover below one, one (TFLM's same-scale
path), and above one; zero points cover each type's extremes.

See families/core.py for the module interface.
"""

from casegen import Kind, cycled_product
from raw_model import RawOperator, RawTensor

_QUANTIZE, _DEQUANTIZE = 114, 6
_SHAPES = ([7], [1, 16], [3, 5], [2, 3, 4], [1, 4, 4, 3], [1, 1, 1, 2], [1], [2, 1, 3, 2])
_REQUANTIZE_FORMS = {
    "int8": (("int8", "int8"),),
    "int16": (("int8", "int16"), ("int16", "int8"), ("int16", "int16")),
    "int32": (("int8", "int32"), ("int16", "int32"), ("int32", "int8"), ("int32", "int16")),
    "uint8": (("uint8", "int8"), ("int8", "uint8")),
}
# input scale / output scale: 1 takes TFLM's same-scale path (and the int8 <-> uint8 XOR).
_RATIOS = (1.0, 0.5, 2.0, 1.0 / 3.0, 7.25, 0.01, 100.0, 1.0 / 256.0, 4096.0, 3e-6)
# An int32 input (an accumulator) spans +-2^31 in the golden inputs: ratios near 2^-31 * 127
# (int8) and 2^-31 * 32767 (int16) keep most outputs inside the output range.
_INT32_INPUT_RATIOS = (1.0, 1e-9, 2e-8, 1e-7, 3e-6, 1.5e-5)
_ZERO_POINTS = {
    "int8": (-128, 127, 0, 5),
    "uint8": (0, 255, 128, 17),
    "int16": (-32768, 32767, 0, -1234),
    "int32": (0, 0, 1 << 30, -(1 << 31)),
}


def _zero_point(rng, dtype):
    return rng.choice(_ZERO_POINTS[dtype])


def _scale(rng):
    return round(10 ** rng.uniform(-3.0, 0.0), 6)


def _requantize_cases(rng, count, dtype):
    cases = []
    for shape, form, ratio in cycled_product(rng, count, _SHAPES, _REQUANTIZE_FORMS[dtype],
                                             _RATIOS):
        if form[0] == "int32":
            ratio = rng.choice(_INT32_INPUT_RATIOS)
        in_scale = _scale(rng)
        cases.append({
            "raw": True, "reference": "tflm-only", "shape": list(shape),
            "input": [form[0], in_scale, _zero_point(rng, form[0])],
            "output": [form[1], in_scale / ratio, _zero_point(rng, form[1])],
        })
    return cases


def _quantize_float_cases(rng, count, dtype):
    # Golden float inputs are uniform over [-1, 1): scales below 1/32768 saturate.
    scales = (1.0 / 32768.0, 1.0 / 40000.0, 3e-5, 1e-3, 0.01, 0.37)
    cases = []
    for shape, scale in cycled_product(rng, count, _SHAPES, scales):
        cases.append({
            "raw": True, "reference": "tflm-only", "shape": list(shape),
            "input": ["float32", None, None],
            "output": [dtype, scale, _zero_point(rng, dtype)],
        })
    return cases


def _dequantize_cases(rng, count, dtype):
    cases = []
    for shape, zero_point in cycled_product(rng, count, _SHAPES, _ZERO_POINTS[dtype]):
        cases.append({
            "raw": True, "reference": "tflm-only", "shape": list(shape),
            "input": [dtype, _scale(rng), zero_point],
            "output": ["float32", None, None],
        })
    return cases


def _tensor(spec, shape):
    dtype, scale, zero_point = spec
    return RawTensor(dtype, shape, None if scale is None else (scale, zero_point))


def _operator(spec, kit):
    dequantize = spec["output"][0] == "float32"
    return RawOperator("DEQUANTIZE" if dequantize else "QUANTIZE",
                       _DEQUANTIZE if dequantize else _QUANTIZE,
                       [_tensor(spec["input"], spec["shape"])],
                       [_tensor(spec["output"], spec["shape"])])


KINDS = {
    "requantize": Kind({"int8": 15, "int16": 18, "int32": 20, "uint8": 16}, _requantize_cases,
                       _operator),
    "quantize_float": Kind({"int16": 15}, _quantize_float_cases, _operator),
    "dequantize": Kind({"int16": 15, "uint8": 15}, _dequantize_cases, _operator),
}
