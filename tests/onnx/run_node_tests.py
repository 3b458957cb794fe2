"""ONNX's own backend node tests (Debian libonnx-testdata) for the operators microaot imports:
each test's model is compiled by microaot, run on the host (`microaot verify`) and compared with
the suite's expected outputs.

microaot compiles weights into flash, so inputs in weight positions (Conv's W and B, Gemm's B and
C, MatMul's B, Reshape's shape, Clip's bounds), which the node tests feed as graph inputs, are
bound as initializers from the test data before compiling. Tests microaot refuses cleanly (one
line, exit 2) are reported as skipped with microaot's reason; everything else
that does not match, crashes or refuses with anything but one line and exit 2 is a failure. Prints `onnx-node-tests: N passed, N failed, N skipped`.
"""

import argparse
import collections
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

import golden

SUPPORTED = {"Add", "AveragePool", "Clip", "Constant", "Conv", "Dropout", "Flatten", "Gemm",
             "GlobalAveragePool", "Identity", "MatMul", "MaxPool", "Relu", "Reshape", "Softmax"}
CONSTANT_SLOTS = {"Conv": (1, 2), "Gemm": (1, 2), "MatMul": (1,), "Reshape": (1,), "Clip": (1, 2)}
DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def prepare(test_dir, case_dir):
    """Writes case_dir/model.onnx and golden/; returns a skip reason or None."""
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    ops = {n.op_type for n in model.graph.node}
    if not ops <= SUPPORTED:
        return "operators " + ", ".join(sorted(ops - SUPPORTED))
    if any(not v.type.HasField("tensor_type") for v in list(model.graph.input) +
           list(model.graph.output)):
        return "sequence or optional inputs/outputs"
    data_dir = os.path.join(test_dir, "test_data_set_0")
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [i for i in model.graph.input if i.name not in initializers]
    inputs = [load_tensor(os.path.join(data_dir, f"input_{i}.pb")) for i in range(len(graph_inputs))]
    outputs = [load_tensor(os.path.join(data_dir, f"output_{j}.pb"))
               for j in range(len(model.graph.output))]
    bind = set()
    for node in model.graph.node:
        for slot in CONSTANT_SLOTS.get(node.op_type, ()):
            if slot < len(node.input) and node.input[slot]:
                bind.add(node.input[slot])
    kept_inputs, kept_values = [], []
    for info, value in zip(graph_inputs, inputs):
        if info.name in bind:
            model.graph.initializer.append(numpy_helper.from_array(value, info.name))
        else:
            kept_inputs.append(info)
            kept_values.append(value)
    for info in list(model.graph.input):
        if info.name in bind:
            model.graph.input.remove(info)
    if any(v.dtype != np.float32 for v in kept_values + outputs):
        return "non-float32 inputs or outputs"
    os.makedirs(case_dir, exist_ok=True)
    onnx.save_model(model, os.path.join(case_dir, "model.onnx"))
    golden.write_golden(os.path.join(case_dir, "golden"), [i.name for i in kept_inputs],
                        [o.name for o in model.graph.output], [(kept_values, outputs)],
                        {"runtime": "expected outputs of the ONNX backend node test "
                                    "(test_data_set_0)"})
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--microaot", required=True)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cases-dir", default="build/onnx-node-tests")
    ap.add_argument("--min-passed", type=int, default=0)
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print(f"error: {args.data} not found (Debian package libonnx-testdata)")
        return 1

    passed, failed, skipped = [], [], collections.defaultdict(list)
    for name in sorted(os.listdir(args.data)):
        test_dir = os.path.join(args.data, name)
        if not os.path.exists(os.path.join(test_dir, "model.onnx")):
            continue
        case_dir = os.path.join(args.cases_dir, name)
        reason = prepare(test_dir, case_dir)
        if reason and reason.startswith("operators"):
            continue  # not one of the operators this runner samples
        if reason:
            skipped[reason].append(name)
            continue
        p = subprocess.run([args.microaot, "verify", os.path.join(case_dir, "model.onnx"),
                            "--golden", os.path.join(case_dir, "golden")],
                           capture_output=True, text=True, timeout=300)
        out = (p.stdout + p.stderr).strip()
        if p.returncode == 0:
            passed.append(name)
        elif p.returncode == 2 and len(out.splitlines()) == 1:
            # A clean refusal (one line, exit 2): what microaot does not support yet.
            reason = out.split(".onnx: ", 1)[-1] if ".onnx: " in out else out
            skipped[reason.removeprefix("microaot: error: ")[:200]].append(name)
        else:
            failed.append((name, out))

    for name in passed:
        print(f"PASS {name}")
    for reason, names in sorted(skipped.items()):
        print(f"SKIP {', '.join(names)}: {reason}")
    for name, out in failed:
        print(f"FAIL {name}:\n{out}")
    total_skipped = sum(len(v) for v in skipped.values())
    print(f"onnx-node-tests: {len(passed)} passed, {len(failed)} failed, {total_skipped} skipped")
    if len(passed) < args.min_passed:
        print(f"error: fewer than {args.min_passed} node tests passed")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
