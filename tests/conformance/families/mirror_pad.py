"""MIRROR_PAD, REFLECT and SYMMETRIC: ranks 1 to 4, padded and unpadded axes, paddings up to
TensorFlow's limits (size - 1 for REFLECT, size for SYMMETRIC), size-1 axes (SYMMETRIC only).

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _mirror_pad_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        mode = ("REFLECT", "SYMMETRIC")[i % 2]
        rank = (1, 2, 3, 4, 4, 4)[(i // 2) % 6]
        shape = [rng.choice((1, 2, 3, 4, 5)) for _ in range(rank)]
        most = [(d - 1 if mode == "REFLECT" else d) for d in shape]
        pads = [[0, 0] if rng.random() < 0.3 or m == 0 else [rng.randint(0, m), rng.randint(0, m)]
                for m in most]
        if all(p == [0, 0] for p in pads):  # the converter drops a pad that pads nothing
            axis = rng.randrange(rank)
            shape[axis] = max(shape[axis], 3)
            pads[axis] = [1, 2]
        cases.append({"input_shape": shape, "paddings": pads, "mode": mode,
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _mirror_pad_model(spec, kit):
    def body(x):
        return kit.tf.pad(x, spec["paddings"], mode=spec["mode"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "mirror_pad": Kind({"int8": 20, "float32": 20}, _mirror_pad_cases, _mirror_pad_model),
}
