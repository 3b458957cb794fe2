"""SPLIT (equal parts) and SPLIT_V (given sizes, one of them -1): every axis, negative axes,
ranks 1 to 4, size-1 parts, one output feeding another operator.

See families/core.py for the module interface.
"""

from casegen import Kind


def _split_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        axis = rng.randrange(rank)
        parts = rng.choice((2, 2, 3, 4))  # one part would be no SPLIT at all
        shape = [rng.choice((1, 2, 3)) for _ in range(rank)]
        shape[axis] = parts * rng.choice((1, 1, 2))
        cases.append({"input_shape": shape, "parts": parts,
                      "axis": axis - rank if i % 2 else axis})
    return cases


def _split_v_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        axis = rng.randrange(rank)
        sizes = [rng.choice((1, 1, 2, 3)) for _ in range(rng.choice((2, 3, 4)))]
        shape = [rng.choice((1, 2, 3)) for _ in range(rank)]
        shape[axis] = sum(sizes)
        if i % 3 == 0:  # one size left for TensorFlow to infer
            sizes[rng.randrange(len(sizes))] = -1
        cases.append({"input_shape": shape, "sizes": sizes,
                      "axis": axis - rank if i % 2 else axis})
    return cases


def _split_model(spec, kit):
    def body(x):
        parts = kit.tf.split(x, spec.get("sizes", spec.get("parts")), axis=spec["axis"])
        # The first part goes through another operator, as in a real model.
        return [kit.tf.nn.relu(parts[0])] + list(parts[1:])
    return body, [spec["input_shape"]], [1.0]


KINDS = {
    "split": Kind({"int8": 16, "float32": 15, "int16": 15}, _split_cases, _split_model),
    "split_v": Kind({"int8": 16, "float32": 15, "int16": 15}, _split_v_cases, _split_model),
}
