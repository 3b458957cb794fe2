"""bool tensors where TFLite Micro has a kernel for them: CAST to bool (from float32, int8, int16,
int32: x != 0), and CONCATENATION and STRIDED_SLICE of bool tensors. Float32 models (dtype
"bool" names the tensors these cases are about); the bool tensors are graph outputs, since no
TFLite Micro kernel reads a bool for arithmetic. The casts read RELU(x) or a truncating cast of
k * x, so that about half the values are 0 (false).

See families/core.py for the module interface.
"""

from casegen import Kind, cycled_product

_SHAPES = ([7], [1, 16], [3, 5], [2, 3, 4], [1, 4, 4, 3], [1, 1, 1, 2], [2, 1, 3, 2], [1])
# Through which type the float input reaches the bool: "relu" (float32, RELU first) or an
# integer type (truncation of 2.5 * x leaves |x| < 0.4 at 0).
_SOURCES = ("relu", "int8", "int16", "int32")


def _bool_of(kit, x, source):
    tf = kit.tf
    if source == "relu":
        return tf.cast(tf.nn.relu(x), tf.bool)
    return tf.cast(tf.cast(x * 2.5, getattr(tf, source)), tf.bool)


def _cast_cases(rng, count, dtype):
    return [{"input_shape": list(shape), "source": source}
            for shape, source in cycled_product(rng, count, _SHAPES, _SOURCES)]


def _concat_cases(rng, count, dtype):
    cases = []
    for shape, source, parts in cycled_product(rng, count, _SHAPES, _SOURCES, (2, 3)):
        rank = len(shape)
        axis = rng.randrange(rank)
        cases.append({"input_shape": list(shape), "source": source, "parts": parts,
                      "axis": axis - rank if rng.random() < 0.5 else axis})
    return cases


def _slice_cases(rng, count, dtype):
    cases = []
    for shape, source in cycled_product(rng, count, _SHAPES, _SOURCES):
        begin, end, strides = [], [], []
        for size in shape:
            start = rng.randrange(size)
            begin.append(start)
            end.append(rng.randint(start + 1, size))
            strides.append(rng.choice((1, 1, 2)))
        # A stride of 2 somewhere: with unit strides the converter writes a SLICE instead.
        strides[rng.randrange(len(shape))] = 2
        cases.append({"input_shape": list(shape), "source": source, "begin": begin, "end": end,
                      "strides": strides})
    return cases


def _cast_model(spec, kit):
    def body(x):
        return _bool_of(kit, x, spec["source"])
    return body, [spec["input_shape"]], [1.0]


def _concat_model(spec, kit):
    shapes = [spec["input_shape"]] * spec["parts"]

    def body(*xs):
        # Each part from its own input, the first through the case's source, the others
        # through RELU of the negated input (so the parts differ).
        parts = [_bool_of(kit, xs[0], spec["source"])]
        parts += [_bool_of(kit, -x, "relu") for x in xs[1:]]
        return kit.tf.concat(parts, axis=spec["axis"])
    return body, shapes, [1.0] * len(shapes)


def _slice_model(spec, kit):
    def body(x):
        return kit.tf.strided_slice(_bool_of(kit, x, spec["source"]), spec["begin"], spec["end"],
                                    spec["strides"])
    return body, [spec["input_shape"]], [1.0]


KINDS = {
    "cast_bool": Kind({"bool": 16}, _cast_cases, _cast_model),
    "concatenation_bool": Kind({"bool": 16}, _concat_cases, _concat_model),
    "strided_slice_bool": Kind({"bool": 16}, _slice_cases, _slice_model),
}
