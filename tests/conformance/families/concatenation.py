"""CONCATENATION: 2 to 4 operands along every axis (positive and negative), ranks 1 to 4, size-1
edges, constant operands, and operands computed by another operator.

See families/core.py for the module interface.
"""

from casegen import Kind


def _concat_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        axis = rng.randrange(rank)
        base = [rng.choice((1, 2, 3, 4)) for _ in range(rank)]
        shapes = []
        for _ in range(rng.choice((2, 2, 3, 4))):
            shape = list(base)
            shape[axis] = rng.choice((1, 1, 2, 3, 5))
            shapes.append(shape)
        cases.append({
            "shapes": shapes,
            # Negative axes count from the end; the converter keeps what the model says.
            "axis": axis - rank if i % 2 else axis,
            # Operand 0 may be a constant; the last may come out of an ADD (another scale
            # before the converter unifies them).
            "constant_first": i % 4 == 3,
            "computed_last": i % 3 == 1,
        })
    return cases


def _concat_model(spec, kit):
    shapes = spec["shapes"]
    constant = kit.weights.uniform(shapes[0], 1.0) if spec["constant_first"] else None
    inputs = shapes[1:] if constant is not None else shapes

    def body(*xs):
        operands = ([constant] if constant is not None else []) + list(xs)
        if spec["computed_last"]:
            operands[-1] = kit.tf.add(operands[-1], operands[-1])
        return kit.tf.concat(operands, axis=spec["axis"])
    return body, inputs, [1.0] * len(inputs)


KINDS = {
    "concatenation": Kind({"int8": 20, "float32": 18, "int16": 15}, _concat_cases, _concat_model),
}
