#!/usr/bin/env python3
"""Checks the generated code of the hybrid model (int8 weights, float activations; TFLM refuses
it) against TensorFlow's own TFLite interpreter with its reference kernels (BUILTIN_REF), whose
hybrid kernels quantize each input row on the fly as microaot's do. The arithmetic is the same
operation for operation, so only float rounding (a fused multiply-add in TensorFlow's build, say)
may differ: outputs (softmax probabilities) must agree within TOLERANCE and the top class must
be the same. Prints the largest difference over all samples.

Usage: tf_hybrid_check.py MICROAOT SHARED_DIR [MODEL_STEM] [TOLERANCE]
"""
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def main():
    microaot, shared = sys.argv[1], pathlib.Path(sys.argv[2])
    stem = sys.argv[3] if len(sys.argv) > 3 else "kws_ref_model_float32"
    tolerance = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-5
    model, golden = shared / "models" / f"{stem}.tflite", shared / "golden" / stem
    with tempfile.TemporaryDirectory(prefix="microaot-tf-") as keep:
        proc = subprocess.run([microaot, "verify", str(model), "--golden", str(golden),
                               "--keep", keep], capture_output=True, text=True)
        if proc.returncode not in (0, 3):
            print(proc.stdout, proc.stderr)
            return 1
        interp = tf.lite.Interpreter(
            model_path=str(model),
            experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)
        interp.allocate_tensors()
        inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
        failures, worst = 0, 0.0
        for k in range(len(list(golden.glob("input_*_0.bin")))):
            x = np.fromfile(golden / f"input_{k}_0.bin", dtype=np.float32).reshape(inp["shape"])
            interp.set_tensor(inp["index"], x)
            interp.invoke()
            ref = interp.get_tensor(out["index"]).reshape(-1)
            got = np.fromfile(pathlib.Path(keep) / f"got_{k}_0.bin", dtype=np.float32)
            diff = float(np.abs(ref - got).max())
            ok = diff <= tolerance and int(ref.argmax()) == int(got.argmax())
            failures += not ok
            worst = max(worst, diff)
            print(f"sample {k}: max |diff| {diff:.3g} (tolerance {tolerance}), top class "
                  f"tf {int(ref.argmax())} microaot {int(got.argmax())} {'OK' if ok else 'MISMATCH'}")
    print(f"max |diff| over all samples: {worst:.3g}")
    print("PASS" if failures == 0 else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
