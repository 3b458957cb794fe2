"""ONNX models built by the tests (models.py), compiled by microaot and checked against ONNX
Runtime: `microaot verify` on the host for every model, `microaot run --golden` on the emulated
Cortex-M4F with --qemu. Also checks that bad or unsupported ONNX files are refused with one
line and exit 2.

Models and goldens are cached under --cases-dir (key: generator sources, spec, onnx and
onnxruntime versions). Prints `onnx-models: N passed, N failed`.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

import golden
import models

SAMPLES = 2
HERE = os.path.dirname(os.path.abspath(__file__))


def cache_key(spec):
    h = hashlib.sha256()
    for name in ("models.py", "golden.py", "run_onnx_models.py"):
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(f.read())
    h.update(json.dumps(spec, sort_keys=True).encode())
    h.update(f"{onnx.__version__} {ort.__version__} {np.__version__}".encode())
    return h.hexdigest()


def reference_outputs(model_bytes, inputs):
    options = ort.SessionOptions()
    # The plain reading of the graph (no fused kernels): what the ONNX spec computes.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    feeds = {i.name: a for i, a in zip(session.get_inputs(), inputs)}
    return session.run(None, feeds)


def generate(spec, case_dir):
    key = cache_key(spec)
    stamp = os.path.join(case_dir, "case.json")
    if os.path.exists(stamp):
        with open(stamp) as f:
            if json.load(f).get("cache_key") == key:
                return
    shutil.rmtree(case_dir, ignore_errors=True)
    os.makedirs(case_dir)
    model = models.build(spec)
    path = os.path.join(case_dir, "model.onnx")
    model_bytes = model.SerializeToString()  # saving as external data rewrites `model`
    if spec["external_data"]:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx.data", size_threshold=0)
    else:
        onnx.save_model(model, path)
    graph_inputs = [(i.name, [d.dim_value for d in i.type.tensor_type.shape.dim])
                    for i in model.graph.input]
    samples = []
    for k in range(SAMPLES):
        inputs = [golden.splitmix64_floats(1000 + 10 * k + i, int(np.prod(shape))).reshape(shape)
                  for i, (_, shape) in enumerate(graph_inputs)]
        samples.append((inputs, reference_outputs(model_bytes, inputs)))
    golden.write_golden(os.path.join(case_dir, "golden"), [n for n, _ in graph_inputs],
                        [o.name for o in model.graph.output], samples,
                        {"runtime": f"onnxruntime {ort.__version__} CPUExecutionProvider, "
                                    "graph optimizations disabled"})
    with open(stamp, "w") as f:
        json.dump({"id": spec["id"], "cache_key": key, "spec": spec,
                   "operators": sorted({n.op_type for n in model.graph.node})}, f, indent=2)


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout} s"


# ---- refusals ------------------------------------------------------------------------------

def refusal_models(work):
    """(id, path, expected substring) of files microaot must refuse with exit 2."""
    os.makedirs(work, exist_ok=True)
    cases = []

    def save(name, model):
        path = os.path.join(work, name + ".onnx")
        onnx.save_model(model, path)
        return path

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])
    unsupported = helper.make_model(helper.make_graph(
        [helper.make_node("Sigmoid", ["x"], ["a"], name="s1"),
         helper.make_node("Tanh", ["a"], ["b"], name="t1"),
         helper.make_node("Sigmoid", ["b"], ["y"], name="s2")], "g", [x], [y]),
        opset_imports=[helper.make_opsetid("", 13)])
    unsupported.ir_version = 8
    cases.append(("unsupported-ops", save("unsupported", unsupported),
                  "unsupported ONNX operators: Sigmoid (x2, first node 0 's1'), Tanh (x1"))

    dyn_x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])
    dynamic = helper.make_model(helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "g", [dyn_x],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 8])]),
        opset_imports=[helper.make_opsetid("", 13)])
    dynamic.ir_version = 8
    cases.append(("dynamic-dims", save("dynamic", dynamic),
                  "graph input 'x' has dynamic dimension 0 ('batch')"))

    # External data moved away from the model.
    ext_dir = os.path.join(work, "external")
    os.makedirs(ext_dir, exist_ok=True)
    spec = {"id": "ext", "builder": "mlp", "opset": 13, "external_data": True}
    path = os.path.join(ext_dir, "model.onnx")
    onnx.save_model(models.build(spec), path, save_as_external_data=True,
                    location="missing.onnx.data", size_threshold=0)
    os.remove(os.path.join(ext_dir, "missing.onnx.data"))
    cases.append(("external-data-missing", path,
                  "external data file 'missing.onnx.data' is not beside the model"))

    good = os.path.join(work, "truncated-src.onnx")
    onnx.save_model(models.build({"id": "t", "builder": "conv_net", "opset": 13,
                                  "external_data": False}), good)
    with open(good, "rb") as f:
        data = f.read()
    truncated = os.path.join(work, "truncated.onnx")
    with open(truncated, "wb") as f:
        f.write(data[: len(data) // 2])
    cases.append(("truncated", truncated, "corrupt ONNX model: protobuf parse failed"))
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--microaot", required=True)
    ap.add_argument("--cases-dir", default="build/onnx-models")
    ap.add_argument("--qemu", action="store_true",
                    help="run on the emulated Cortex-M4F instead of the host (no refusal checks)")
    ap.add_argument("--filter", default="")
    args = ap.parse_args()

    passed, failed = 0, []
    for spec in models.specs():
        if args.filter not in spec["id"]:
            continue
        case_dir = os.path.join(args.cases_dir, spec["id"])
        generate(spec, case_dir)
        model, gold = os.path.join(case_dir, "model.onnx"), os.path.join(case_dir, "golden")
        checks = [("host", [args.microaot, "verify", model, "--golden", gold], 300)]
        if args.qemu:
            checks = [("cortex-m4f", [args.microaot, "run", model, "--target", "cortex-m4f-qemu",
                                      "--golden", gold], 600)]
        for where, cmd, timeout in checks:
            rc, out = run(cmd, timeout)
            name = f"{spec['id']} ({where})"
            if rc == 0:
                passed += 1
                print(f"PASS {name}")
            else:
                failed.append(name)
                print(f"FAIL {name}: exit {rc}\n{out}")

    if not args.filter and not args.qemu:
        for case_id, path, expected in refusal_models(os.path.join(args.cases_dir, "refusals")):
            rc, out = run([args.microaot, "inspect", path], 60)
            lines = [l for l in out.splitlines() if l.strip()]
            if rc == 2 and len(lines) == 1 and expected in out:
                passed += 1
                print(f"PASS refusal {case_id}: {lines[0]}")
            else:
                failed.append(f"refusal {case_id}")
                print(f"FAIL refusal {case_id}: exit {rc}, expected exit 2 and one line with "
                      f"'{expected}', got:\n{out}")

    print(f"onnx-models: {passed} passed, {len(failed)} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
