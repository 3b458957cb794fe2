"""Views and shape queries: SQUEEZE, EXPAND_DIMS, ZEROS_LIKE (int8, float32; ZEROS_LIKE also
int32 in float32 models) and SHAPE subgraphs.

With static shapes the converter turns SQUEEZE and EXPAND_DIMS into RESHAPE and folds SHAPE and
ZEROS_LIKE itself, so these cases build their models with unknown sizes on some input axes
("dynamic_axes", see generate.model_shape): a Keras-style None batch, and for SQUEEZE two
unknown axes it does not squeeze (with one the converter still writes a RESHAPE). Those axes
have size 1 in the converted model, the goldens and microaot's IR. Most SQUEEZE cases are
static instead, their RESHAPE rewritten into the SQUEEZE ("squeeze_from_reshape"): the
converter writes no usable output shape for a SQUEEZE of every size-1 axis with unknown axes.

SHAPE cases are what converters emit for a dynamic batch: tf.reshape(x, [tf.shape(x)[0], -1])
and relatives (STRIDED_SLICE, PACK, CONCATENATION, GATHER, int32 MUL on the shape, CAST to
float; GATHER and int64 SHAPE with TFLite's goldens, TFLite Micro has no such kernels), a squeeze-excite block reshaping its pooled vector by the batch, and the shape itself
as a graph output (int32 or int64: the run-time SHAPE kernel). microaot folds the subgraphs.

int8 ZEROS_LIKE: the converter keeps ZEROS_LIKE in float between DEQUANTIZE and QUANTIZE;
those chains are rewritten into an int8 ZEROS_LIKE ("int8_islands", generate.py), which TFLite
Micro runs (it writes 0, not the zero point) and TFLite does not (no cross-check: "tflm-only").
An int64 EXPAND_DIMS axis and an int64 SHAPE output have no TFLite Micro kernel: their goldens
come from TFLite's reference kernels ("reference": "tflite").

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind

_SIZES = (1, 2, 3, 4, 5)


def _range(rng, dtype):
    return rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else rng.choice((0.5, 1.0, 2.0))


# ---------------------------------------------------------------- SQUEEZE

def _squeeze_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (3, 4, 5, 4, 2, 5)[i % 6]
        shape = [rng.choice(_SIZES) for _ in range(rank)]
        axes = list(range(rank))
        rng.shuffle(axes)
        # One case in four as the converter writes it (two unknown axes it keeps); the others
        # static, their RESHAPE made the SQUEEZE ("squeeze_from_reshape", generate.py), one in
        # four of them with no squeeze_dims (every size-1 axis).
        native = i % 4 == 0 and rank >= 3
        dynamic = sorted(axes[:2]) if native else []
        for axis in dynamic:
            shape[axis] = 1
        static = [a for a in axes if a not in dynamic]
        if not native and all(size == 1 for size in shape):
            shape[static[0]] = 2
        if not any(shape[a] == 1 for a in static):
            shape[static[-1]] = 1
        ones = [a for a in static if shape[a] == 1]
        dims = []
        if native or i % 4 != 1:
            picked = ones[:rng.randint(1, len(ones))]
            # Negative axes count from the end, as TFLite takes them.
            dims = sorted(a - rank if rng.random() < 0.5 else a for a in picked)
        case = {"input_shape": shape, "squeeze_dims": dims, "pre_add": i % 2 == 0,
                "input_range": _range(rng, dtype)}
        case.update({"dynamic_axes": dynamic} if native else {"squeeze_from_reshape": True})
        cases.append(case)
    return cases


def _squeeze_model(spec, kit):
    def body(x):
        y = kit.tf.add(x, x) if spec["pre_add"] else x
        return kit.tf.squeeze(y, spec["squeeze_dims"] or None)
    return body, [spec["input_shape"]], [spec["input_range"]]


# ---------------------------------------------------------------- EXPAND_DIMS

def _expand_dims_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 2, 3)[i % 6]
        shape = [1] + [rng.choice(_SIZES) for _ in range(rank - 1)]
        # Every position of the new axis, from the front and (negative) from the back.
        axis = (i // 2) % (rank + 1)
        if i % 2:
            axis -= rank + 1
        case = {"input_shape": shape, "dynamic_axes": [0], "axis": axis,
                "axis_dtype": "int64" if i % 4 == 3 else "int32",
                "pre_add": i % 3 != 2, "input_range": _range(rng, dtype)}
        if case["axis_dtype"] == "int64":  # TFLite Micro takes an int32 axis only
            case["reference"] = "tflite"
        cases.append(case)
    return cases


def _expand_dims_model(spec, kit):
    tf = kit.tf

    def body(x):
        y = tf.add(x, x) if spec["pre_add"] else x
        axis = tf.constant(spec["axis"], tf.int64 if spec["axis_dtype"] == "int64" else tf.int32)
        return tf.expand_dims(y, axis)
    return body, [spec["input_shape"]], [spec["input_range"]]


# ---------------------------------------------------------------- ZEROS_LIKE

def _zeros_like_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 4)[i % 5]
        shape = [1] + [rng.choice(_SIZES) for _ in range(rank - 1)]
        case = {"input_shape": shape, "dynamic_axes": [0],
                # the zeros as the graph output (the run-time kernel) or added to the input
                # (folded into a constant operand of ADD)
                "then_add": i % 2 == 1, "input_range": _range(rng, dtype)}
        if dtype == "int8":  # TFLite has no int8 ZEROS_LIKE kernel to cross-check with
            case.update({"int8_islands": ["ZEROS_LIKE"], "reference": "tflm-only"})
        cases.append(case)
    return cases


def _zeros_like_model(spec, kit):
    tf = kit.tf

    def body(x):
        y = tf.add(x, x)
        zeros = tf.zeros_like(y)
        return tf.add(zeros, x) if spec["then_add"] else zeros
    return body, [spec["input_shape"]], [spec["input_range"]]


def _zeros_like_int32_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 3)[i % 5]
        shape = [1] + [rng.choice(_SIZES) for _ in range(rank - 1)]
        cases.append({"input_shape": shape, "dynamic_axes": [0], "input_range": 4.0})
    return cases


def _zeros_like_int32_model(spec, kit):
    tf = kit.tf

    def body(x):
        return tf.zeros_like(tf.cast(x * 10.0, tf.int32))
    return body, [spec["input_shape"]], [spec["input_range"]]


# ---------------------------------------------------------------- SHAPE subgraphs

_SHAPE_FORMS = ("batch_flatten", "concat_flatten", "gather_mul", "batch_mul", "pack_product",
                "squeeze_excite", "cast_scale", "shape_output", "shape_output_int64")


def _shape_cases(rng, count, dtype):
    cases = []
    forms = [f for f in _SHAPE_FORMS if not (dtype == "int8" and f == "cast_scale")]
    for i in range(count):
        form = forms[i % len(forms)]
        # Rank 3 at least: flattening a rank-2 [1, n] is no reshape, the converter drops it.
        rank = 4 if form in ("squeeze_excite", "pack_product") else (3, 4)[i % 2]
        shape = [1] + [rng.choice((2, 3, 4)) for _ in range(rank - 1)]
        case = {"form": form, "input_shape": shape, "dynamic_axes": [0],
                "input_range": _range(rng, dtype)}
        # TFLite Micro's SHAPE writes int32 only, its GATHER takes no int32 data.
        if form in ("shape_output_int64", "gather_mul"):
            case["reference"] = "tflite"
        cases.append(case)
    return cases


def _shape_model(spec, kit):
    tf = kit.tf
    form, shape = spec["form"], spec["input_shape"]
    rest = 1
    for size in shape[1:]:
        rest *= size

    def body(x):
        y = tf.add(x, x)
        # The sizes after the batch are given (Keras' Reshape does so): with -1 the converter
        # writes no usable output shape.
        if form == "batch_flatten":  # SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE
            return tf.reshape(y, [tf.shape(y)[0], rest])
        if form == "concat_flatten":  # ... -> CONCATENATION -> RESHAPE
            return tf.reshape(y, tf.concat([tf.shape(y)[:1], [rest]], 0))
        if form == "gather_mul":  # GATHER of the batch, CONCATENATION
            batch = tf.gather(tf.shape(y), [0])
            return tf.reshape(y, tf.concat([batch, [rest]], 0))
        if form == "batch_mul":  # int32 MUL of scalars (the batch squared: still 1)
            batch = tf.shape(y)[0]
            return tf.reshape(y, [batch * batch, rest])
        if form == "pack_product":  # the product of two dimensions (MUL of scalars)
            s = tf.shape(y)
            return tf.reshape(y, [s[0], s[1] * s[2], shape[3]])
        if form == "squeeze_excite":  # pooled vector reshaped by the batch, scaled input
            pooled = tf.reduce_mean(y, [1, 2])
            gate = tf.reshape(tf.nn.relu(pooled), [tf.shape(y)[0], 1, 1, shape[3]])
            return tf.multiply(y, gate)
        if form == "cast_scale":  # SHAPE -> STRIDED_SLICE -> int32 ADD -> CAST -> MUL
            return y * tf.cast(tf.shape(y)[0] + 1, tf.float32)
        out_type = tf.int64 if form == "shape_output_int64" else tf.int32
        return [tf.reshape(y, [tf.shape(y)[0], rest]), tf.shape(y, out_type=out_type)]
    return body, [shape], [spec["input_range"]]


KINDS = {
    "squeeze": Kind({"int8": 18, "float32": 18}, _squeeze_cases, _squeeze_model),
    "expand_dims": Kind({"int8": 18, "float32": 18}, _expand_dims_cases, _expand_dims_model),
    "zeros_like": Kind({"int8": 16, "float32": 16}, _zeros_like_cases, _zeros_like_model),
    "zeros_like_int32": Kind({"float32": 15}, _zeros_like_int32_cases, _zeros_like_int32_model),
    "shape": Kind({"int8": 21, "float32": 24}, _shape_cases, _shape_model),
}
