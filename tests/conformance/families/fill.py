"""FILL with a value computed at run time (a constant one folds away): ranks 0 to 4 of dims,
size-1 axes. FILL is a BROADCAST_TO of the scalar value in the IR.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _fill_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 2)[i % 5]
        dims = [rng.choice((1, 2, 3, 5)) for _ in range(rank)]
        cases.append({"dims": dims, "input_range": rng.choice(ZERO_POINT_RANGES)
                      if dtype == "int8" else 1.0})
    return cases


def _fill_model(spec, kit):
    def body(x):
        # The value: the input's one element after an ADD, as a scalar (STRIDED_SLICE with
        # its axis shrunk; a RESHAPE to [] has an empty shape constant microaot does not read).
        return kit.tf.fill(spec["dims"], kit.tf.add(x, x)[0])
    return body, [[1]], [spec["input_range"]]


KINDS = {
    "fill": Kind({"int8": 16, "float32": 16}, _fill_cases, _fill_model),
}
