#include "backends/cpu/binary_params.h"

#include "ir/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace microaot::cpu {
namespace {

[[noreturn]] void fail(const std::string &message) {
    throw CompileError(message);
}

void require_scale(float scale, const char *what) {
    if (!std::isfinite(scale) || !(scale > 0.0f))
        fail(std::string(what) + " must be a finite positive number, got " + std::to_string(scale));
}

// TFLite QuantizeMultiplierSmallerThanOneExp: 0 < real < 1.
QuantizedMultiplier multiplier_below_one(double real, const char *what) {
    if (!(real > 0.0 && real < 1.0))
        fail(std::string(what) + " must be in (0, 1), got " + std::to_string(real));
    return quantize_multiplier(real);
}

void require_scales(QuantParams a, QuantParams b, QuantParams out, const char *op) {
    require_scale(a.scale, (std::string(op) + " input1 scale").c_str());
    require_scale(b.scale, (std::string(op) + " input2 scale").c_str());
    require_scale(out.scale, (std::string(op) + " output scale").c_str());
}

} // namespace

BinaryBroadcast binary_broadcast(std::span<const int64_t> in1_shape,
                                 std::span<const int64_t> in2_shape) {
    std::size_t rank = std::max(in1_shape.size(), in2_shape.size());
    auto dim_of = [rank](std::span<const int64_t> shape, std::size_t d) {
        std::size_t lead = rank - shape.size();
        return d < lead ? int64_t(1) : shape[d - lead];
    };
    // Per output axis (outermost first): its size and each input's row-major stride there.
    std::vector<int64_t> dims(rank), s1(rank), s2(rank);
    int64_t stride1 = 1, stride2 = 1, elements = 1;
    for (std::size_t d = rank; d-- > 0;) {
        int64_t a = dim_of(in1_shape, d), b = dim_of(in2_shape, d);
        if (a <= 0 || b <= 0)
            fail("broadcast dimensions must be positive, got " + std::to_string(a) + " and " +
                 std::to_string(b));
        if (a != b && a != 1 && b != 1)
            fail("shapes are not broadcastable: dimension " + std::to_string(a) + " vs " +
                 std::to_string(b));
        dims[d] = std::max(a, b);
        s1[d] = a == 1 ? 0 : stride1;
        s2[d] = b == 1 ? 0 : stride2;
        stride1 *= a;
        stride2 *= b;
        elements *= dims[d];
        if (elements > std::numeric_limits<int32_t>::max())
            fail("broadcast output has more than 2^31-1 elements");
    }
    BinaryBroadcast out;
    for (std::size_t d = 0; d < rank; ++d) {
        if (dims[d] == 1) continue; // moves no offset
        // Merge into the previous (outer) kept axis when each input's outer stride is its
        // inner stride times the inner size: one run of stride s, or 0 and 0.
        if (!out.out_dims.empty()) {
            int64_t inner1 = s1[d], inner2 = s2[d];
            if (int64_t(out.in1_strides.back()) == inner1 * dims[d] &&
                int64_t(out.in2_strides.back()) == inner2 * dims[d]) {
                out.out_dims.back() = int32_t(out.out_dims.back() * dims[d]);
                out.in1_strides.back() = int32_t(inner1);
                out.in2_strides.back() = int32_t(inner2);
                continue;
            }
        }
        out.out_dims.push_back(int32_t(dims[d]));
        out.in1_strides.push_back(int32_t(s1[d]));
        out.in2_strides.push_back(int32_t(s2[d]));
    }
    if (out.out_dims.empty()) out = {{1}, {0}, {0}};
    return out;
}

BinaryInt8Params mul_int8_params(QuantParams in1, QuantParams in2, QuantParams out, Activation act,
                                 QuantizedStorage storage) {
    require_scales(in1, in2, out, "mul");
    BinaryInt8Params p;
    p.input1_offset = -in1.zero_point;
    p.input2_offset = -in2.zero_point;
    p.output_offset = out.zero_point;
    p.output =
        checked_kernel_multiplier(static_cast<double>(in1.scale) * static_cast<double>(in2.scale) /
                                      static_cast<double>(out.scale),
                                  "mul multiplier");
    IntRange range = activation_range_quantized(act, out.scale, out.zero_point, storage);
    p.act_min = range.min;
    p.act_max = range.max;
    return p;
}

BinaryInt8Params sub_int8_params(QuantParams in1, QuantParams in2, QuantParams out, Activation act,
                                 QuantizedStorage storage) {
    require_scales(in1, in2, out, "sub");
    BinaryInt8Params p;
    p.input1_offset = -in1.zero_point;
    p.input2_offset = -in2.zero_point;
    p.output_offset = out.zero_point;
    p.left_shift = storage == QuantizedStorage::Int16 ? 15 : 20;
    // Twice the larger scale in float (exact), the ratios in double: what the TFLite Micro we
    // test against computes (int16 cases tell it apart from the all-float form; int8 agree).
    const double twice_max_input_scale = 2 * static_cast<double>(std::max(in1.scale, in2.scale));
    const double output_denominator =
        static_cast<double>(1 << p.left_shift) * static_cast<double>(out.scale);
    p.input1 = multiplier_below_one(static_cast<double>(in1.scale) / twice_max_input_scale,
                                    "sub input1 multiplier");
    p.input2 = multiplier_below_one(static_cast<double>(in2.scale) / twice_max_input_scale,
                                    "sub input2 multiplier");
    p.output =
        multiplier_below_one(twice_max_input_scale / output_denominator, "sub output multiplier");
    IntRange range = activation_range_quantized(act, out.scale, out.zero_point, storage);
    p.act_min = range.min;
    p.act_max = range.max;
    return p;
}

BinaryInt8Params squared_difference_int8_params(QuantParams in1, QuantParams in2, QuantParams out) {
    require_scales(in1, in2, out, "squared difference");
    BinaryInt8Params p;
    p.input1_offset = -in1.zero_point;
    p.input2_offset = -in2.zero_point;
    p.output_offset = out.zero_point;
    p.left_shift = 7;
    const double twice_max_input_scale = 2.0 * static_cast<double>(std::max(in1.scale, in2.scale));
    p.input1 = multiplier_below_one(static_cast<double>(in1.scale) / twice_max_input_scale,
                                    "squared difference input1 multiplier");
    p.input2 = multiplier_below_one(static_cast<double>(in2.scale) / twice_max_input_scale,
                                    "squared difference input2 multiplier");
    const float output_denominator = static_cast<float>(1 << (p.left_shift * 2)) * out.scale;
    p.output = checked_kernel_multiplier(twice_max_input_scale * twice_max_input_scale /
                                             static_cast<double>(output_denominator),
                                         "squared difference output multiplier");
    return p;
}

BinaryInt8Params prelu_int8_params(QuantParams input, QuantParams alpha, QuantParams out) {
    require_scales(input, alpha, out, "prelu");
    BinaryInt8Params p;
    p.input1_offset = -input.zero_point;
    p.input2_offset = -alpha.zero_point;
    p.output_offset = out.zero_point;
    p.input1 = checked_kernel_multiplier(
        static_cast<double>(input.scale) / static_cast<double>(out.scale), "prelu multiplier");
    p.output = checked_kernel_multiplier(static_cast<double>(input.scale) *
                                             static_cast<double>(alpha.scale) /
                                             static_cast<double>(out.scale),
                                         "prelu alpha multiplier");
    return p;
}

BinaryInt8Params div_int8_params(QuantParams in1, QuantParams in2, QuantParams out,
                                 Activation act) {
    require_scales(in1, in2, out, "div");
    BinaryInt8Params p;
    p.input1_offset = -in1.zero_point;
    p.input2_offset = -in2.zero_point;
    p.output_offset = out.zero_point;
    const float ratio = in1.scale / (in2.scale * out.scale);
    p.output = quantize_multiplier(static_cast<double>(ratio));
    // The kernel shifts by at most 31 (the rounding division emulates the reference beyond).
    if (p.output.shift > 31) fail("div multiplier is too large: " + std::to_string(ratio));
    IntRange range = activation_range_int8(act, out.scale, out.zero_point);
    p.act_min = range.min;
    p.act_max = range.max;
    return p;
}

} // namespace microaot::cpu
