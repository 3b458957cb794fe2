"""SPACE_TO_DEPTH and DEPTH_TO_SPACE: block sizes 2 to 4, batches 1 and 2, one channel and
several, one block per side and several.

See families/core.py for the module interface.
"""

from casegen import Kind


def _space_to_depth_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        block = (2, 3, 2, 4)[i % 4]
        shape = [rng.choice((1, 1, 2)), block * rng.randint(1, 3), block * rng.randint(1, 3),
                 rng.choice((1, 2, 3, 5))]
        cases.append({"input_shape": shape, "block": block})
    return cases


def _depth_to_space_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        block = (2, 3, 2, 4)[i % 4]
        shape = [rng.choice((1, 1, 2)), rng.randint(1, 3), rng.randint(1, 3),
                 block * block * rng.choice((1, 2, 3))]
        cases.append({"input_shape": shape, "block": block})
    return cases


def _space_depth_model(spec, kit):
    def body(x):
        if spec["kind"] == "space_to_depth":
            return kit.tf.nn.space_to_depth(x, spec["block"])
        return kit.tf.nn.depth_to_space(x, spec["block"])
    return body, [spec["input_shape"]], [1.0]


KINDS = {
    "space_to_depth": Kind({"int8": 16, "float32": 16}, _space_to_depth_cases, _space_depth_model),
    "depth_to_space": Kind({"int8": 16, "float32": 16}, _depth_to_space_cases, _space_depth_model),
}
