// The int8 unary lookup tables: TFLM's prepare arithmetic (QuantizeMultiplier, frexp, float
// quotients where TFLM forms them in float) and gemmlowp's fixed-point run-time arithmetic,
// evaluated once per possible input. Additions that TFLM performs on plain int32 wrap here (the
// values involved never overflow for the inputs reached; wrapping keeps this free of UB).
#include "backends/cpu/unary_tables.h"

#include "backends/cpu/kernel_params.h"
#include "ir/error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace microaot::cpu {
namespace {

constexpr int32_t kMaxI32 = std::numeric_limits<int32_t>::max();
constexpr int32_t kMinI32 = std::numeric_limits<int32_t>::min();

// ---- gemmlowp scalar int32 arithmetic -------------------------------------------------------

int32_t wrap_add(int32_t a, int32_t b) {
    return int32_t(uint32_t(a) + uint32_t(b));
}
int32_t wrap_sub(int32_t a, int32_t b) {
    return int32_t(uint32_t(a) - uint32_t(b));
}
int32_t wrap_neg(int32_t a) {
    return int32_t(0u - uint32_t(a));
}
int32_t wrap_shl(int32_t x, int shift) {
    return int32_t(uint32_t(x) << shift);
}

// SaturatingRoundingDoublingHighMul.
int32_t srdhm(int32_t a, int32_t b) {
    if (a == b && a == kMinI32) return kMaxI32;
    int64_t ab = int64_t(a) * int64_t(b);
    int64_t nudge = ab >= 0 ? (int64_t(1) << 30) : (1 - (int64_t(1) << 30));
    return int32_t((ab + nudge) / (int64_t(1) << 31));
}

// RoundingDivideByPOT, exponent in [0, 31].
int32_t rounding_divide_by_pot(int32_t x, int exponent) {
    int32_t mask = int32_t((int64_t(1) << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// SaturatingRoundingMultiplyByPOT<exponent> for a positive exponent.
int32_t saturating_shl(int32_t x, int exponent) {
    int32_t threshold = int32_t((int64_t(1) << (31 - exponent)) - 1);
    if (x > threshold) return kMaxI32;
    if (x < -threshold) return kMinI32;
    return wrap_shl(x, exponent);
}

// Rescale from `from` to `to` integer bits.
int32_t rescale(int32_t x, int from, int to) {
    int exponent = from - to;
    if (exponent > 0) return saturating_shl(x, exponent);
    if (exponent < 0) return rounding_divide_by_pot(x, -exponent);
    return x;
}

// RoundingHalfSum.
int32_t rounding_half_sum(int32_t a, int32_t b) {
    int64_t sum = int64_t(a) + int64_t(b);
    int64_t sign = sum >= 0 ? 1 : -1;
    return int32_t((sum + sign) / 2);
}

// TFLite MultiplyByQuantizedMultiplier (double rounding: TFLITE_SINGLE_ROUNDING off).
int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
    int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    return rounding_divide_by_pot(srdhm(wrap_shl(x, left), multiplier), right);
}

// exp(a) for a in [-1/4, 0), Q0.31.
int32_t exp_on_interval_neg_quarter_to_0(int32_t a) {
    const int32_t constant_term = 1895147668;    // exp(-1/8)
    const int32_t constant_1_over_3 = 715827883; // 1/3
    int32_t x = wrap_add(a, int32_t(1) << 28);   // a + 1/8
    int32_t x2 = srdhm(x, x), x3 = srdhm(x2, x), x4 = srdhm(x2, x2);
    int32_t x4_over_4 = rounding_divide_by_pot(x4, 2);
    int32_t poly =
        rounding_divide_by_pot(wrap_add(srdhm(wrap_add(x4_over_4, x3), constant_1_over_3), x2), 1);
    return wrap_add(constant_term, srdhm(constant_term, wrap_add(x, poly)));
}

// exp(a) for a <= 0 with `integer_bits` integer bits (at most 5 here: no -32 clamp); Q0.31.
int32_t exp_on_negative_values(int32_t a, int integer_bits) {
    const int fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = int32_t(1) << (fractional_bits - 2);
    const int32_t mask = one_quarter - 1;
    const int32_t a_mod_quarter_minus_one_quarter = wrap_sub(a & mask, one_quarter);
    int32_t result =
        exp_on_interval_neg_quarter_to_0(rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
    const int32_t remainder = wrap_sub(a_mod_quarter_minus_one_quarter, a);
    // exp(-2^k) in Q0.31 for k = -2..4.
    static constexpr int32_t kBarrel[7] = {1672461947, 1302514674, 790015084, 290630308,
                                           39332535,   720401,     242};
    for (int k = -2; k <= 4; ++k) {
        if (integer_bits <= k) continue;
        int shift = fractional_bits + k;
        if (remainder & (int32_t(1) << shift)) result = srdhm(result, kBarrel[k + 2]);
    }
    return a == 0 ? kMaxI32 : result;
}

// Newton-Raphson reciprocal of 1 + a (a in [0, 1), Q0.31), the iterate in Q2.29.
int32_t newton_one_over_one_plus_x_q2(int32_t a) {
    const int32_t half_denominator = rounding_half_sum(a, kMaxI32);
    const int32_t constant_48_over_17 = 1515870810, constant_neg_32_over_17 = -1010580540;
    const int32_t one_q2 = int32_t(1) << 29;
    int32_t x = wrap_add(constant_48_over_17, srdhm(half_denominator, constant_neg_32_over_17));
    for (int i = 0; i < 3; ++i) {
        int32_t one_minus = wrap_sub(one_q2, srdhm(half_denominator, x));
        x = wrap_add(x, rescale(srdhm(x, one_minus), 4, 2));
    }
    return x;
}

// (1 - a) / (1 + a) and 1 / (1 + a) for a in (0, 1), Q0.31.
int32_t one_minus_x_over_one_plus_x(int32_t a) {
    return rescale(wrap_sub(newton_one_over_one_plus_x_q2(a), int32_t(1) << 29), 2, 0);
}
int32_t one_over_one_plus_x(int32_t a) {
    return rescale(newton_one_over_one_plus_x_q2(a), 1, 0);
}

// gemmlowp::tanh and gemmlowp::logistic of a value with `integer_bits` integer bits; Q0.31.
int32_t fixed_tanh(int32_t a, int integer_bits) {
    if (a == 0) return 0;
    int32_t n = a < 0 ? a : wrap_neg(a);
    int32_t t = one_minus_x_over_one_plus_x(exp_on_negative_values(n, integer_bits + 1));
    return a < 0 ? wrap_neg(t) : t;
}
int32_t fixed_logistic(int32_t a, int integer_bits) {
    if (a == 0) return int32_t(1) << 30;
    int32_t abs_a = a > 0 ? a : wrap_neg(a);
    int32_t positive = one_over_one_plus_x(exp_on_negative_values(wrap_neg(abs_a), integer_bits));
    return a > 0 ? positive : wrap_sub(kMaxI32, positive);
}

// ---- gemmlowp / TFLite int16 arithmetic (HARD_SWISH) ----------------------------------------

int16_t srdhm16(int16_t a, int16_t b) {
    if (a == b && a == std::numeric_limits<int16_t>::min())
        return std::numeric_limits<int16_t>::max();
    int32_t ab = int32_t(a) * int32_t(b);
    int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return int16_t((ab + nudge) / (1 << 15));
}

// TFLite's SaturatingDoublingHighMul: truncating, not rounding.
int16_t sdhm16(int16_t a, int16_t b) {
    if (a == b && a == std::numeric_limits<int16_t>::min())
        return std::numeric_limits<int16_t>::max();
    return int16_t((int32_t(a) * int32_t(b)) / (1 << 15));
}

// gemmlowp RoundingDivideByPOT<int16_t>, with its int16 mask.
int16_t rounding_divide_by_pot16(int16_t x, int exponent) {
    const int16_t mask = int16_t((int64_t(1) << exponent) - 1);
    const int16_t remainder = int16_t(x & mask);
    const int16_t threshold = int16_t((mask >> 1) + (x < 0 ? 1 : 0));
    return int16_t((x >> exponent) + (remainder > threshold ? 1 : 0));
}

int16_t saturating_left_shift16(int16_t value, int amount) {
    int64_t result = int64_t(value) * (int64_t(1) << amount);
    return int16_t(std::clamp<int64_t>(result, std::numeric_limits<int16_t>::min(),
                                       std::numeric_limits<int16_t>::max()));
}

// TFLite DownScaleInt32ToInt16Multiplier.
int16_t downscale_multiplier(int32_t m) {
    constexpr int32_t kRoundingOffset = 1 << 15;
    if (m >= kMaxI32 - kRoundingOffset) return std::numeric_limits<int16_t>::max();
    return int16_t((m + kRoundingOffset) >> 16);
}

// ---- Helpers --------------------------------------------------------------------------------

int8_t clamp8(int64_t v) {
    return int8_t(std::clamp<int64_t>(v, -128, 127));
}

void require_scales(const Int8Quant &q) {
    for (float s : {q.input_scale, q.output_scale})
        if (!std::isfinite(s) || !(s > 0.0f))
            throw CompileError(fmt::format("scale {} must be finite and positive", s));
}

// A multiplier the kernels' arithmetic can apply: shifts within [-31, 31].
QuantizedMultiplier usable_multiplier(double real, const char *what) {
    QuantizedMultiplier m = quantize_multiplier(real);
    if (m.shift > 31 || m.shift < -31)
        throw CompileError(fmt::format("{} {} is out of range", what, real));
    return m;
}

template <class F> Int8Table tabulate(F f) {
    Int8Table t{};
    for (int v = -128; v <= 127; ++v)
        t[std::size_t(uint8_t(int8_t(v)))] = f(int32_t(v));
    return t;
}

// TFLM's LOGISTIC / TANH preparation: the input scale times 2^27 as a frexp multiplier (the
// input in Q4.27), and the radius beyond which the output saturates.
struct Q4Input {
    int32_t multiplier = 0;
    int left_shift = 0;
    int32_t radius = 0;
};

Q4Input q4_input(float input_scale) {
    const double real = double(input_scale) * double(1 << 27);
    Q4Input p;
    const double q = std::frexp(real, &p.left_shift);
    const double fixed = std::round(q * double(int64_t(1) << 31));
    // frexp of a float scale times 2^27 has at most 24 significant bits: never rounds to 2^31.
    if (fixed >= double(int64_t(1) << 31) || p.left_shift < 0 || p.left_shift > 31)
        throw CompileError(fmt::format("input scale {} is out of range", input_scale));
    p.multiplier = int32_t(fixed);
    // CalculateInputRadius(4, left_shift, 31), in double as TFLite computes it.
    p.radius =
        int32_t(std::floor(15.0 * double(int64_t(1) << 27) / double(int64_t(1) << p.left_shift)));
    return p;
}

} // namespace

Int8Table logistic_table(const Int8Quant &q) {
    require_scales(q);
    const Q4Input p = q4_input(q.input_scale);
    return tabulate([&](int32_t v) -> int8_t {
        const int32_t x = v - q.input_zero_point;
        if (x <= -p.radius) return -128;
        if (x >= p.radius) return 127;
        int32_t in_q4 = multiply_by_quantized_multiplier(x, p.multiplier, p.left_shift);
        int32_t out = rounding_divide_by_pot(fixed_logistic(in_q4, 4), 31 - 8);
        return clamp8(int64_t(out) - 128);
    });
}

Int8Table tanh_table(const Int8Quant &q) {
    require_scales(q);
    const Q4Input p = q4_input(q.input_scale);
    return tabulate([&](int32_t v) -> int8_t {
        const int32_t x = v - q.input_zero_point;
        if (x <= -p.radius) return -128;
        if (x >= p.radius) return 127;
        int32_t in_q4 = multiply_by_quantized_multiplier(x, p.multiplier, p.left_shift);
        return clamp8(rounding_divide_by_pot(fixed_tanh(in_q4, 4), 31 - 7));
    });
}

Int8Table hard_swish_table(const Int8Quant &q) {
    require_scales(q);
    // TFLM HardSwishPrepare: quotients in float, then QuantizeMultiplier on the double.
    const float hires_input_scale = (1.0f / 128.0f) * q.input_scale;
    const float reluish_scale = 3.0f / 32768.0f;
    QuantizedMultiplier out_m = usable_multiplier(double(hires_input_scale / q.output_scale),
                                                  "HARD_SWISH output multiplier");
    if (out_m.shift > 0)
        throw CompileError(fmt::format("HARD_SWISH output multiplier exponent {} is positive "
                                       "(TFLite Micro requires <= 0)",
                                       out_m.shift));
    QuantizedMultiplier relu_m = usable_multiplier(double(hires_input_scale / reluish_scale),
                                                   "HARD_SWISH reluish multiplier");
    const int16_t out_m16 = downscale_multiplier(out_m.multiplier);
    const int16_t relu_m16 = downscale_multiplier(relu_m.multiplier);
    return tabulate([&](int32_t v) -> int8_t {
        const int16_t input_value = int16_t(v - q.input_zero_point);
        const int16_t hires = int16_t(input_value * (1 << 7));
        const int16_t preshift_output = srdhm16(hires, out_m16);
        int16_t reluish = hires;
        if (relu_m.shift > 0) reluish = saturating_left_shift16(reluish, relu_m.shift - 1);
        reluish = srdhm16(reluish, relu_m16);
        if (relu_m.shift > 0) reluish = saturating_left_shift16(reluish, 1);
        if (relu_m.shift < 0) reluish = rounding_divide_by_pot16(reluish, -relu_m.shift);
        reluish = int16_t((reluish + (1 << 15)) >> 1);
        const int16_t value = sdhm16(reluish, preshift_output);
        int16_t output = rounding_divide_by_pot16(value, -out_m.shift);
        output = int16_t(output + q.output_zero_point);
        return clamp8(output);
    });
}

Int8Table leaky_relu_table(const Int8Quant &q, float alpha) {
    require_scales(q);
    if (!std::isfinite(alpha) || alpha < 0.0f)
        throw CompileError(fmt::format("LEAKY_RELU alpha {} must be finite and >= 0", alpha));
    // TFLM CalculateOpDataLeakyRelu: both quotients in double (the reference we test against;
    // int16 cases tell it apart from the float quotients of older TFLM sources).
    QuantizedMultiplier a =
        usable_multiplier(double(q.input_scale) * double(alpha) / double(q.output_scale),
                          "LEAKY_RELU alpha multiplier");
    QuantizedMultiplier id = usable_multiplier(double(q.input_scale) / double(q.output_scale),
                                               "LEAKY_RELU identity multiplier");
    return tabulate([&](int32_t v) -> int8_t {
        const int32_t x = v - q.input_zero_point;
        const QuantizedMultiplier &m = x >= 0 ? id : a;
        return clamp8(int64_t(q.output_zero_point) +
                      multiply_by_quantized_multiplier(x, m.multiplier, m.shift));
    });
}

Int8Table elu_table(const Int8Quant &q) {
    require_scales(q);
    const float inverse_scale = 1.0f / q.output_scale;
    return tabulate([&](int32_t v) -> int8_t {
        const float dequantized = q.input_scale * float(v - q.input_zero_point);
        const float transformed = dequantized < 0.0f ? std::exp(dequantized) - 1.0f : dequantized;
        const float rescaled = std::round(transformed * inverse_scale);
        const float shifted = rescaled + float(q.output_zero_point);
        // static_cast<int32_t> of a float outside int32 (x86: INT32_MIN) ends up clamped.
        if (!(shifted > -2147483648.0f && shifted < 2147483648.0f)) return -128;
        return clamp8(int32_t(shifted));
    });
}

Int8Table relu_n1_to_1_table(const Int8Quant &q) {
    require_scales(q);
    QuantizedMultiplier m =
        usable_multiplier(double(q.input_scale / q.output_scale), "RELU_N1_TO_1 multiplier");
    const int64_t lo = std::max<int64_t>(-128, int64_t(q.output_zero_point) +
                                                   int64_t(std::round(-1.0f / q.output_scale)));
    const int64_t hi = std::min<int64_t>(127, int64_t(q.output_zero_point) +
                                                  int64_t(std::round(1.0f / q.output_scale)));
    return tabulate([&](int32_t v) -> int8_t {
        int64_t y = int64_t(q.output_zero_point) +
                    multiply_by_quantized_multiplier(v - q.input_zero_point, m.multiplier, m.shift);
        return int8_t(std::min(std::max(y, lo), hi));
    });
}

Int8Table abs_table(const Int8Quant &q) {
    require_scales(q);
    const bool rescale_needed = q.input_scale != q.output_scale;
    QuantizedMultiplier m{};
    if (rescale_needed)
        m = usable_multiplier(double(q.input_scale / q.output_scale), "ABS multiplier");
    return tabulate([&](int32_t v) -> int8_t {
        const int32_t value = std::abs(v - q.input_zero_point);
        if (!rescale_needed) return clamp8(int64_t(value) + q.output_zero_point);
        return clamp8(int64_t(multiply_by_quantized_multiplier(value, m.multiplier, m.shift)) +
                      q.output_zero_point);
    });
}

namespace {

int count_leading_zeros(uint32_t x) {
    int n = 0;
    for (uint32_t bit = uint32_t(1) << 31; n < 32 && (x & bit) == 0; bit >>= 1)
        ++n;
    return n;
}

// TFLite GetInvSqrtQuantizedMultiplierExp(input, kReverseShift = -1) for input > 0.
QuantizedMultiplier inv_sqrt_multiplier(int32_t input) {
    if (input <= 1) return {kMaxI32, 0};
    int shift = 11;
    while (input >= (1 << 29)) {
        input /= 4;
        ++shift;
    }
    const unsigned max_left_shift_bits = unsigned(count_leading_zeros(uint32_t(input))) - 1;
    const unsigned left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
    shift -= int(left_shift_bit_pairs);
    input = wrap_shl(input, int(2 * left_shift_bit_pairs));
    // Q3.28 Newton-Raphson for 1 / sqrt(input).
    const int32_t fixed_input = input >> 1;
    const int32_t half_input = rounding_divide_by_pot(fixed_input, 1);
    const int32_t half_three = (1 << 28) + (1 << 27);
    int32_t x = 1 << 28;
    for (int i = 0; i < 5; ++i) {
        const int32_t x3 = rescale(srdhm(srdhm(x, x), x), 9, 3);
        x = rescale(wrap_sub(srdhm(half_three, x), srdhm(half_input, x3)), 6, 3);
    }
    x = srdhm(x, 1518500250); // sqrt(2) / 2
    if (shift < 0) {
        x = wrap_shl(x, -shift);
        shift = 0;
    }
    return {x, -shift};
}

} // namespace

Int8Table rsqrt_table(const Int8Quant &q) {
    require_scales(q);
    // TFLM SetRsqrtOutputMultiplier: sqrt and product in float, the reciprocal in double.
    const double real = 1.0 / double(std::sqrt(q.input_scale) * q.output_scale);
    QuantizedMultiplier m = usable_multiplier(real, "RSQRT multiplier");
    constexpr int kShift = 20;
    if (m.shift - kShift < -31)
        throw CompileError(fmt::format("RSQRT multiplier {} is out of range", real));
    return tabulate([&](int32_t v) -> int8_t {
        const int32_t value = v - q.input_zero_point;
        if (value <= 0) return 127;
        QuantizedMultiplier inv = inv_sqrt_multiplier(value);
        const int32_t data =
            multiply_by_quantized_multiplier(1, inv.multiplier, inv.shift + kShift);
        return clamp8(
            int64_t(multiply_by_quantized_multiplier(data, m.multiplier, m.shift - kShift)) +
            q.output_zero_point);
    });
}

} // namespace microaot::cpu
