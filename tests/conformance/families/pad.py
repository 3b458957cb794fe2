"""PAD and PADV2 (a non-zero constant value): ranks 1 to 4, padded and unpadded axes (the batch
axis too), size-1 edges and zero paddings; int8 inputs with zero points at the extremes.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind

# ---------------------------------------------------------------- case parameters

def _shape(rng, rank):
    # Size-1 axes on purpose: they are where axis merging and edge handling go wrong.
    return [rng.choice((1, 1, 2, 3, 4, 5)) for _ in range(rank)]


def _paddings(rng, shape, limit):
    """Per axis [before, after], each in [0, limit(size)]; about a third of the axes unpadded."""
    pads = []
    for size in shape:
        if rng.random() < 0.35:
            pads.append([0, 0])
        else:
            top = limit(size)
            pads.append([rng.randint(0, top), rng.randint(0, top)])
    if all(p == [0, 0] for p in pads):  # the converter drops a PAD that pads nothing
        axis = rng.randrange(len(shape))
        pads[axis][rng.randrange(2)] = max(1, limit(shape[axis]))
    return pads


def _pad_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4, 4)[i % 6]
        shape = _shape(rng, rank)
        cases.append({"input_shape": shape, "paddings": _paddings(rng, shape, lambda size: 3),
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _padv2_cases(rng, count, dtype):
    cases = _pad_cases(rng, count, dtype)
    for case in cases:
        # Inside and at the edge of the input's range (the converter quantizes the value with
        # the output's parameters).
        case["value"] = round(rng.uniform(-1.0, 1.0), 3) or 0.5
    return cases


# ---------------------------------------------------------------- models

def _pad_model(spec, kit):
    def body(x):
        return kit.tf.pad(x, spec["paddings"], constant_values=spec.get("value", 0.0))
    return body, [spec["input_shape"]], [spec.get("input_range", 1.0)]


KINDS = {
    "pad": Kind({"int8": 20, "float32": 18, "int16": 15}, _pad_cases, _pad_model),
    "padv2": Kind({"int8": 16, "float32": 16}, _padv2_cases, _pad_model),
}
