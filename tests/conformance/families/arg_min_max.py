"""ARG_MAX and ARG_MIN with int32 output: every axis incl. negative ones, ranks 1 to 4, size-1
axes, ties (int8 inputs quantize many values alike), inputs after another operator.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _arg_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        shape = [rng.choice((1, 2, 3, 5, 8)) for _ in range(rank)]
        axis = rng.randrange(rank)
        shape[axis] = rng.choice((2, 3, 4, 7, 16))  # size 1 would fold to zeros
        cases.append({"input_shape": shape, "axis": axis - rank if i % 2 else axis,
                      "after_add": i % 3 == 2,
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _arg_model(spec, kit):
    op = kit.tf.math.argmax if spec["kind"] == "arg_max" else kit.tf.math.argmin

    def body(x):
        if spec["after_add"]:
            x = kit.tf.add(x, x)
        return op(x, axis=spec["axis"], output_type=kit.tf.int32)
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "arg_max": Kind({"int8": 16, "float32": 16}, _arg_cases, _arg_model),
    "arg_min": Kind({"int8": 16, "float32": 16}, _arg_cases, _arg_model),
}
