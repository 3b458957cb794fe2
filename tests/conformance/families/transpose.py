"""TRANSPOSE: ranks 2 to 5 (TFLite Micro's limit), random permutations that reorder axes of size
above 1 (others are reshapes to the converter), size-1 axes, the 4-D NHWC -> NCHW order.

See families/core.py for the module interface.
"""

from casegen import Kind


def _transpose_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (2, 3, 4, 4, 5)[i % 5]
        shape = [rng.choice((1, 2, 3, 4, 5)) for _ in range(rank)]
        if sum(d > 1 for d in shape) < 2:
            shape[0], shape[-1] = 2, 3
        perm = [0, 3, 1, 2] if i % 7 == 3 and rank == 4 else list(range(rank))
        # Moving only size-1 axes is a RESHAPE to the converter: the axes of size above 1 must
        # change their order.
        while [p for p in perm if shape[p] > 1] == [d for d in range(rank) if shape[d] > 1]:
            rng.shuffle(perm)
        cases.append({"input_shape": shape, "perm": perm, "input_range": 1.0 + (i % 3)})
    return cases


def _transpose_model(spec, kit):
    def body(x):
        return kit.tf.transpose(x, spec["perm"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "transpose": Kind({"int8": 18, "float32": 16, "int16": 15}, _transpose_cases, _transpose_model),
}
