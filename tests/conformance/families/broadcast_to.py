"""BROADCAST_TO: ranks 1 to 4 into outputs of up to 5 axes (TFLite Micro's limit), size-1 and
missing leading axes, a broadcast of every axis.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _broadcast_to_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        out_rank = (2, 3, 4, 4, 5)[i % 5]
        target = [rng.choice((1, 2, 3, 4)) for _ in range(out_rank)]
        rank = rng.randint(1, out_rank)
        shape = [1 if rng.random() < 0.5 else d for d in target[out_rank - rank:]]
        if shape == target:  # no broadcast: the converter drops the operator
            target[0] += 1
            if rank == out_rank:
                shape[0] = 1
        cases.append({"input_shape": shape, "target": target,
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _broadcast_to_model(spec, kit):
    def body(x):
        return kit.tf.broadcast_to(x, spec["target"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "broadcast_to": Kind({"int8": 16, "float32": 16, "int16": 15}, _broadcast_to_cases, _broadcast_to_model),
}
