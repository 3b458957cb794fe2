"""RESIZE_NEAREST_NEIGHBOR: up- and down-scaling by integer and fractional factors, the three
coordinate modes (plain, align_corners, half_pixel_centers), 1-pixel sides, batch 2.

See families/core.py for the module interface.
"""

from casegen import ZERO_POINT_RANGES, Kind

MODES = ("plain", "align_corners", "half_pixel_centers")


def _resize_nearest_cases(rng, count, dtype):
    cases = []
    for i in range(count):
        shape = [rng.choice((1, 1, 2)), rng.randint(1, 6), rng.randint(1, 6), rng.choice((1, 2, 3))]
        size = [rng.randint(1, 11), rng.randint(1, 11)]
        if size == shape[1:3]:
            size[0] += 1  # a same-size resize is an identity
        cases.append({"input_shape": shape, "size": size, "mode": MODES[i % 3],
                      "input_range": rng.choice(ZERO_POINT_RANGES) if dtype == "int8" else 1.0})
    return cases


def _resize_nearest_model(spec, kit):
    def body(x):
        return kit.tf.compat.v1.image.resize_nearest_neighbor(
            x, spec["size"], align_corners=spec["mode"] == "align_corners",
            half_pixel_centers=spec["mode"] == "half_pixel_centers")
    return body, [spec["input_shape"]], [spec["input_range"]]


KINDS = {
    "resize_nearest": Kind({"int8": 18, "float32": 18, "int16": 15}, _resize_nearest_cases,
                           _resize_nearest_model),
}
