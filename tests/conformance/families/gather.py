"""GATHER with constant int32 indices: every axis incl. negative ones, scalar, 1-D and 2-D index
tensors, repeated indices, batch_dims 1. (The bundles' inputs are float, so indices computed at
run time are not generated here; the kernel reads them from memory either way.)

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind


def _gather_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        rank = (1, 2, 3, 4, 3)[i % 5]
        shape = [rng.choice((1, 2, 3, 4, 5)) for _ in range(rank)]
        batch_dims = 1 if i % 6 == 5 and rank >= 2 else 0
        axis = rng.randrange(batch_dims, rank)
        shape[axis] = max(shape[axis], 2)
        index_shape = [(), (rng.randint(1, 5),), (2, rng.randint(1, 3))][i % 3]
        if batch_dims:
            index_shape = (shape[0], rng.randint(1, 4))
        count_indices = 1
        for d in index_shape:
            count_indices *= d
        indices = [rng.randrange(shape[axis]) for _ in range(count_indices)]
        cases.append({"input_shape": shape, "axis": axis - rank if i % 2 else axis,
                      "batch_dims": batch_dims, "index_shape": list(index_shape),
                      "indices": indices,
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _gather_model(spec, kit):
    indices = kit.np.array(spec["indices"], dtype=kit.np.int32).reshape(spec["index_shape"])

    def body(x):
        return kit.tf.gather(x, kit.tf.constant(indices), axis=spec["axis"],
                             batch_dims=spec["batch_dims"])
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "gather": Kind({"int8": 18, "float32": 18}, _gather_cases, _gather_model),
}
