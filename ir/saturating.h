// Sums and products of counts taken from a model (MACs, bytes, cycles): a hostile model can make
// them exceed int64, so they saturate at INT64_MAX (and INT64_MIN) instead of overflowing.
#pragma once

#include <cstdint>

namespace microaot::ir {

inline constexpr int64_t kSaturated = INT64_MAX;

constexpr int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? INT64_MAX : INT64_MIN;
    return sum;
}

constexpr int64_t saturating_mul(int64_t a, int64_t b) {
    int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
    return product;
}

} // namespace microaot::ir
