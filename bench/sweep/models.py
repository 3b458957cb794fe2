"""Builds one sweep case: a single-layer TFLite model made with TensorFlow and its golden
directory with TensorFlow Lite Micro's outputs, through the conformance suite's generator
(tests/conformance/generate.py: the same converter settings, inputs and golden format; the
conformance families' model functions for the kinds they define).

Imported only by the generation worker processes (importing TensorFlow takes seconds)."""

import json
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


def model_function(spec):
    """(body, input shapes, calibration ranges) of the case."""
    if spec["kind"] != "elementwise":
        return generate.build_function(spec)
    function = _tf_function(spec["function"])
    shapes = [spec["input_shape"]]
    if spec["arity"] == 2:
        shapes.append(spec["other_shape"])

        def body(x, y):
            return function(x, y)
    else:
        def body(x):
            return function(x)
    return body, shapes, spec["input_ranges"]


def write_case(spec, cache_key, case_dir, versions):
    """model.tflite, golden/ and case.json in case_dir (a conformance bundle of this one case);
    returns the case record."""
    bundle = generate.write_bundle(spec["id"], [spec], cache_key, case_dir, versions,
                                   parts=[model_function(spec)])
    case = bundle["cases"][0]
    record = {
        "id": spec["id"],
        "cache_key": cache_key,
        "spec": spec,
        "dtype": spec["dtype"],
        "operators": case["operators"],
        "tflite_vs_tflm_max_abs_diff": case["tflite_vs_tflm_max_abs_diff"],
        "versions": versions,
    }
    # case.json is written last: its presence marks a complete case.
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    return record
