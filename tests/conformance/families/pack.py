"""PACK (tf.stack) and UNPACK (tf.unstack): 2 to 4 operands, ranks 1 to 3 (outputs up to 4),
every axis incl. negative ones, size-1 edges, an operand computed by another operator.

See families/core.py for the module interface.
"""

from casegen import Kind


def _shape(rng, rank):
    return [rng.choice((1, 1, 2, 3, 4)) for _ in range(rank)]


def _pack_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 3)[i % 4]
        axis = rng.randrange(rank + 1)  # the output has one axis more
        cases.append({"input_shape": _shape(rng, rank), "count": rng.choice((2, 2, 3, 4)),
                      "axis": axis - rank - 1 if i % 2 else axis, "computed_last": i % 3 == 1})
    return cases


def _unpack_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        shape = _shape(rng, rank)
        axis = rng.randrange(rank)
        shape[axis] = rng.choice((1, 2, 3, 4))
        cases.append({"input_shape": shape, "axis": axis - rank if i % 2 else axis})
    return cases


def _pack_model(spec, kit):
    shapes = [spec["input_shape"]] * spec["count"]

    def body(*xs):
        operands = list(xs)
        if spec["computed_last"]:
            operands[-1] = kit.tf.add(operands[-1], operands[-1])
        return kit.tf.stack(operands, axis=spec["axis"])
    return body, shapes, [1.0] * len(shapes)


def _unpack_model(spec, kit):
    def body(x):
        # After an ADD, as in a real model (a graph input straight to UNPACK works too).
        return kit.tf.unstack(kit.tf.add(x, x), axis=spec["axis"])
    return body, [spec["input_shape"]], [1.0]


KINDS = {
    "pack": Kind({"int8": 18, "float32": 16, "int16": 15}, _pack_cases, _pack_model),
    "unpack": Kind({"int8": 18, "float32": 16, "int16": 15}, _unpack_cases, _unpack_model),
}
