"""Builds one sweep case: a single-layer TFLite model made with TensorFlow and its golden
directory with TensorFlow Lite Micro's outputs, through the conformance suite's generator
(tests/conformance/generate.py: the same converter settings, inputs and golden format; the
conformance families' model functions for the kinds they define).

Imported only by the generation worker processes (importing TensorFlow takes seconds)."""

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "conformance"))

import generate  # noqa: E402
import tensorflow as tf  # noqa: E402


def _tf_function(path):
    """`tf.math.add` for "math.add"."""
    value = tf
    for part in path.split("."):
        value = getattr(value, part)
    return value


def convert(spec):
    """TFLite bytes for the case."""
    if spec["kind"] != "elementwise":
        return generate.convert(spec)
    function = _tf_function(spec["function"])
    shapes = [spec["input_shape"]]
    if spec["arity"] == 2:
        shapes.append(spec["other_shape"])

        def body(x, y):
            return function(x, y)
    else:
        def body(x):
            return function(x)
    return generate.convert_function(body, shapes, spec["input_ranges"], spec["dtype"],
                                     spec["seed"])


def write_case(spec, cache_key, case_dir, versions):
    """model.tflite, golden/ and case.json in case_dir; returns the case record."""
    return generate.write_case(spec, cache_key, case_dir, versions, model=convert(spec))
