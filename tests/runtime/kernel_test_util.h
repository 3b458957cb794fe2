/* Shared helpers of the C kernel tests: a deterministic PRNG, an exact reference for the
 * requantization rounding, a test-side QuantizeMultiplier and failure reporting. */
#ifndef KERNEL_TEST_UTIL_H
#define KERNEL_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

/* Each test file's entry point returns its number of failed checks. */
int test_fixedpoint(void);
int test_conv(void);
int test_fully_connected(void);
int test_pool(void);
int test_softmax(void);
int test_add(void);
int test_copy(void);
int test_int16(void);

typedef struct {
    uint64_t state;
} test_rng;

/* splitmix64: deterministic, good enough for test data. */
static inline uint64_t rng_next(test_rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static inline int32_t rng_int(test_rng *r, int32_t lo, int32_t hi) {
    return lo + (int32_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Uniform float in [lo, hi). */
static inline float rng_float(test_rng *r, float lo, float hi) {
    const double u = (double)(rng_next(r) >> 11) / 9007199254740992.0;
    return (float)(lo + (hi - lo) * u);
}

/* Exact value of round_half_away(num / 2^den_log2) and whether num / 2^den_log2 lies within
 * 1/64 of a .5 tie (where the reference's two-step rounding may land on the other neighbour). */
typedef struct {
    int64_t value;
    int near_tie;
} exact_rounding;

static inline exact_rounding round_div_pow2(int64_t num, int32_t den_log2) {
    exact_rounding r;
    const int64_t den = (int64_t)1 << den_log2;
    const int64_t mag = num < 0 ? -num : num;
    const int64_t whole = mag / den;
    const int64_t rem = mag % den;
    const int64_t rounded = (2 * rem >= den) ? whole + 1 : whole;
    const int64_t dist = 2 * rem - den; /* 0 at an exact tie */
    r.value = num < 0 ? -rounded : rounded;
    r.near_tie = (dist < 0 ? -dist : dist) * 64 < den;
    return r;
}

/* acc * multiplier * 2^shift / 2^31, rounded half away from zero, computed exactly. */
static inline exact_rounding exact_requantize(int64_t acc, int32_t multiplier, int32_t shift) {
    return round_div_pow2(acc * (int64_t)multiplier, 31 - shift);
}

/* A real scale as (multiplier, shift) with multiplier in [2^30, 2^31), via frexp. */
static inline void test_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift) {
    int exponent = 0;
    const double fraction = frexp(real, &exponent);
    int64_t q = (int64_t)round(fraction * 2147483648.0);
    if (q == ((int64_t)1 << 31)) {
        q /= 2;
        ++exponent;
    }
    *multiplier = (int32_t)q;
    *shift = exponent;
}

static inline int32_t clamp_i64(int64_t v, int32_t lo, int32_t hi) {
    return (int32_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* Compares a kernel int8 output with an exactly rounded expectation; a near-tie expectation
 * also accepts the neighbour on the other side of the tie. Returns 1 on failure. */
static inline int check_requantized(const char *what, int index, int32_t got, exact_rounding e,
                                    int32_t zero_point, int32_t lo, int32_t hi) {
    const int32_t expected = clamp_i64(e.value + zero_point, lo, hi);
    if (got == expected) return 0;
    if (e.near_tie) {
        const int32_t up = clamp_i64(e.value + zero_point + 1, lo, hi);
        const int32_t down = clamp_i64(e.value + zero_point - 1, lo, hi);
        if (got == up || got == down) return 0;
    }
    fprintf(stderr, "FAIL %s[%d]: got %d expected %d\n", what, index, (int)got, (int)expected);
    return 1;
}

static inline int check_int(const char *what, int index, int64_t got, int64_t expected) {
    if (got == expected) return 0;
    fprintf(stderr, "FAIL %s[%d]: got %lld expected %lld\n", what, index, (long long)got,
            (long long)expected);
    return 1;
}

/* |got - expected| <= tol * max(1, |expected|). */
static inline int check_close(const char *what, int index, double got, double expected,
                              double tol) {
    const double scale = fabs(expected) > 1.0 ? fabs(expected) : 1.0;
    if (fabs(got - expected) <= tol * scale) return 0;
    fprintf(stderr, "FAIL %s[%d]: got %.9g expected %.9g\n", what, index, got, expected);
    return 1;
}

#endif /* KERNEL_TEST_UTIL_H */
