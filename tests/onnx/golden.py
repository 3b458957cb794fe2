"""Golden directories (the format of ../shared/golden, read by `microaot verify/run --golden`)
for ONNX models, with ONNX Runtime as the reference.

microaot holds 4-D NCHW tensors as NHWC (docs/ARCHITECTURE.md, "The ONNX frontend"): the
generated library's 4-D inputs and outputs are NHWC, so 4-D golden tensors are written
transposed (the reference itself runs on the NCHW data).
"""

import json
import os

import numpy as np

_MASK64 = (1 << 64) - 1

INPUT_GENERATOR_TEXT = (
    "splitmix64 stream, state initialised to seed = 1000 + 10*k + i (k = sample, i = input "
    "index); float32 element = ((z >> 40) / 2^23) - 1 (uniform over [-1, 1)), row-major NCHW "
    "order as ONNX sees it; 4-D files hold the same values transposed to NHWC")


def splitmix64_floats(seed, count):
    state, out = seed & _MASK64, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        z ^= z >> 31
        out.append((z >> 40) / float(1 << 23) - 1.0)
    return np.array(out, dtype=np.float32)


def to_device_layout(array):
    """The bytes microaot's generated library reads/writes for an ONNX tensor."""
    if array.ndim == 4:
        array = np.transpose(array, (0, 2, 3, 1))
    return np.ascontiguousarray(array)


def _entry(index, name, array, files):
    return {"index": index, "name": name, "dtype": array.dtype.name, "shape": list(array.shape),
            "bytes": int(array.nbytes), "quantization": None, "files": files}


def write_golden(golden_dir, input_names, output_names, samples, reference):
    """samples: per sample, the ONNX-layout input arrays; outputs: per sample, output arrays."""
    os.makedirs(golden_dir, exist_ok=True)
    inputs_meta, outputs_meta, sample_meta = None, None, []
    for k, (inputs, outputs) in enumerate(samples):
        in_files = [f"input_{k}_{i}.bin" for i in range(len(inputs))]
        out_files = [f"output_{k}_{j}.bin" for j in range(len(outputs))]
        for name, array in zip(in_files + out_files, list(inputs) + list(outputs)):
            with open(os.path.join(golden_dir, name), "wb") as f:
                f.write(to_device_layout(array).astype("<" + array.dtype.str[1:]).tobytes())
        sample_meta.append({"k": k, "inputs": in_files, "outputs": out_files})
        if inputs_meta is None:
            inputs_meta = [_entry(i, n, to_device_layout(a),
                                  [f"input_{s}_{i}.bin" for s in range(len(samples))])
                           for i, (n, a) in enumerate(zip(input_names, inputs))]
            outputs_meta = [_entry(j, n, to_device_layout(a),
                                   [f"output_{s}_{j}.bin" for s in range(len(samples))])
                            for j, (n, a) in enumerate(zip(output_names, outputs))]
    manifest = {"model": "model.onnx", "reference": reference, "layout": "4-D tensors NHWC",
                "input_generator": INPUT_GENERATOR_TEXT, "status": "ok",
                "inputs": inputs_meta, "outputs": outputs_meta, "samples": sample_meta}
    with open(os.path.join(golden_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
