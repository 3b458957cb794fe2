"""SLICE (tf.slice, sizes of -1) and STRIDED_SLICE (begin/end/shrink masks, negative indices and
strides, indices beyond the ends that clamp): ranks 1 to 4, size-1 results.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _shape(rng, rank):
    return [rng.choice((1, 2, 3, 4, 5, 6)) for _ in range(rank)]


def _slice_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        shape = _shape(rng, rank)
        begin, size = [], []
        for dim in shape:
            b = rng.randrange(dim)
            begin.append(b)
            size.append(-1 if rng.random() < 0.25 else rng.randint(1, dim - b))
        if all(b == 0 and s in (-1, d) for b, s, d in zip(begin, size, shape)):
            size[0] = shape[0]  # an identity slice would be folded away by the converter
            shape[0] += 1
        cases.append({"input_shape": shape, "begin": begin, "size": size,
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _bound(index, dim, stride, masked, is_end):
    """Where an axis starts or stops (TensorFlow's rules), to keep every result non-empty."""
    if index < 0:
        index += dim
    index = min(max(index, 0), dim) if stride > 0 else min(max(index, -1), dim - 1)
    if masked:
        index = (dim if is_end else 0) if stride > 0 else (-1 if is_end else dim - 1)
    return index


def _selected(spec):
    """Elements selected per axis (1 for a shrunk one)."""
    sizes = []
    for d, dim in enumerate(spec["input_shape"]):
        stride = spec["strides"][d]
        if spec["shrink_axis_mask"] >> d & 1:
            sizes.append(1)
            continue
        start = _bound(spec["begin"][d], dim, stride, spec["begin_mask"] >> d & 1, False)
        stop = _bound(spec["end"][d], dim, stride, spec["end_mask"] >> d & 1, True)
        span = stop - start if stride > 0 else start - stop
        sizes.append(max(0, -(-span // abs(stride))))
    return sizes


def _strided_slice_cases(rng, count, dtype):
    cases = []
    while len(cases) < count:
        i = len(cases)
        rank = (1, 2, 3, 4, 4)[i % 5]
        shape = _shape(rng, rank)
        begin, end, strides = [], [], []
        begin_mask = end_mask = shrink_mask = 0
        for d, dim in enumerate(shape):
            stride = rng.choice((1, 1, 2, 3, -1, -2))
            # Negative indices count from the end; out-of-range ones clamp.
            begin.append(rng.randint(-dim - 1, dim + 1))
            end.append(rng.randint(-dim - 1, dim + 1))
            strides.append(stride)
            if rng.random() < 0.2:
                begin_mask |= 1 << d
            if rng.random() < 0.2:
                end_mask |= 1 << d
            if rng.random() < 0.15 and d != rank - 1:
                # A shrunk axis takes one existing index, with stride 1 and no begin mask.
                shrink_mask |= 1 << d
                begin[-1] = rng.randint(-dim, dim - 1)
                strides[-1] = 1
                begin_mask &= ~(1 << d)
        case = {"input_shape": shape, "begin": begin, "end": end, "strides": strides,
                "begin_mask": begin_mask, "end_mask": end_mask, "shrink_axis_mask": shrink_mask,
                "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0}
        sizes = _selected(case)
        # Empty results and identities (which the converter removes) are drawn again.
        if 0 in sizes or (sizes == shape and all(s == 1 for s in strides) and not shrink_mask):
            continue
        cases.append(case)
    return cases


def _slice_model(spec, kit):
    def body(x):
        if "size" in spec:
            y = kit.tf.slice(x, spec["begin"], spec["size"])
        else:
            y = kit.tf.strided_slice(x, spec["begin"], spec["end"], spec["strides"],
                                     begin_mask=spec["begin_mask"], end_mask=spec["end_mask"],
                                     shrink_axis_mask=spec["shrink_axis_mask"])
        return y
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "slice": Kind({"int8": 16, "float32": 16, "int16": 15}, _slice_cases, _slice_model),
    "strided_slice": Kind({"int8": 24, "float32": 22, "int16": 15}, _strided_slice_cases, _slice_model),
}
