/* int8 CONV_2D, Cortex-M4 DSP version of runtime/portable/mao_conv2d_s8.c (same API, bit-exact
 * with it and with TFLM's reference ConvPerChannel). */
#include <string.h>

#include "mao_cm4_simd.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#if defined(__GNUC__)
#define CM4_NOINLINE __attribute__((noinline))
#else
#define CM4_NOINLINE
#endif

/*
 * Strategy: the input patch of each output pixel ("column", K = k_h * k_w * in_c values in
 * (ky, kx, ic) order, i.e. the order of an OHWI filter row) is expanded to int16 with the input
 * offset already added; taps in the padding become 0, so they contribute nothing, as in the
 * reference. Values are stored in the order SXTB16 produces from a filter word: for every group
 * of 4 k, the word (k0, k2) then the word (k1, k3). Two output pixels share a buffer, their
 * words interleaved ([A02 A13 B02 B13] per group), so the inner loop loads one filter word per
 * output channel and feeds 8 SMLADs from 2 filter words (2 pixels x 2 output channels).
 * The K % 4 tail values are kept as plain int32 after the groups.
 *
 * The column buffer (4 * (K / 4) + 6 words) and, when in_c is not a multiple of 4, a K-byte
 * patch after it live in the scratch the compiler planned for this node in the workspace, so any
 * K runs on this path (backends/cpu/lower_conv.cpp sizes it).
 *
 * Requantization: the fast SMMULR form (cm4_fq_out) when every channel qualifies.
 */

/* Exact requantization + output offset + clamp, one value (cold paths share it). */
static CM4_NOINLINE int8_t cm4_rq_exact(int32_t acc, int32_t mult, int32_t shift, int32_t oo,
                                        int32_t lo, int32_t hi) {
    return cm4_finish(cm4_requant_shift(acc, mult, shift), oo, lo, hi);
}

/*
 * Fast requantization (see runtime/cortex_m4/mao_depthwise_conv2d_s8.c for the derivation):
 * for a right shift r = -shift in 1..21 and |acc| < 2^28,
 *   out = clamp((s + (s >> 31) + bo) >> r, act_min, act_max), s = SMMULR(2 * acc, m),
 *   bo = 2^(r-1) + output_offset * 2^r,
 * is bit-exact with MultiplyByQuantizedMultiplier + output offset + clamp. cm4_fq_setup checks
 * the bounds per output channel (|bias| + K * 128 * 255 < 2^28); otherwise the exact path.
 */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__)
CM4_HELPER int32_t cm4_smmulr(int32_t a, int32_t b) {
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
#else
CM4_HELPER int32_t cm4_smmulr(int32_t a, int32_t b) {
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 31)) >> 32);
}
#endif
typedef struct {
    int32_t m, bo, r, fast;
    int32_t shift; /* exact path */
} cm4_fq;
/* 1 if every output channel qualifies for the fast requantization (checked once per call). */
static int cm4_fq_all_fast(const mao_conv_params *p, const int32_t *bias, const int32_t *out_mult,
                           const int32_t *out_shift) {
    const int64_t sum_max = (int64_t)p->k_h * p->k_w * p->in_c * 128 * 255;
    int32_t oc;
    for (oc = 0; oc < p->out_c; ++oc) {
        const int32_t b = bias != 0 ? bias[oc] : 0;
        const int64_t bound = (b < 0 ? -(int64_t)b : (int64_t)b) + sum_max;
        const int32_t r = -out_shift[oc];
        if (r < 1 || r > 21 || bound >= ((int64_t)1 << 28) || out_mult[oc] < 0) return 0;
    }
    return 1;
}
static inline cm4_fq cm4_fq_setup(int fast, int32_t mult, int32_t shift, int32_t oo) {
    cm4_fq q;
    q.m = mult;
    q.fast = fast;
    q.r = -shift;
    /* r in 1..21 when fast: no overflow */
    q.bo = fast ? (int32_t)((1u << (q.r - 1)) + (uint32_t)oo * (1u << q.r)) : 0;
    q.shift = shift;
    return q;
}
static inline int8_t cm4_fq_out(const cm4_fq *q, int32_t acc, int32_t oo, int32_t lo, int32_t hi) {
    int32_t v, s;
    if (!q->fast) return cm4_rq_exact(acc, q->m, q->shift, oo, lo, hi);
    s = cm4_smmulr(acc + acc, q->m);
    s += s >> 31;
    v = (s + q->bo) >> q->r;
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    return (int8_t)v;
}

/* Copies n bytes (word at a time; unaligned access is fine on Armv7-M). */
static inline void cm4_copy8(int8_t *d, const int8_t *s, int32_t n) {
    for (; n >= 4; n -= 4) {
        const uint32_t w = cm4_read_s8x4(s);
        memcpy(d, &w, sizeof w);
        d += 4;
        s += 4;
    }
    for (; n > 0; --n)
        *d++ = *s++;
}
static inline void cm4_set8(int8_t *d, int8_t v, int32_t n) {
    for (; n > 0; --n)
        *d++ = v;
}

/* Column of any channel count: the patch is first gathered as bytes into `patch` (K bytes;
 * in-image rows copied as contiguous runs when dil_w is 1, padding taps set to the input zero
 * point -input_offset, so they become 0 once the offset is added), then widened four at a time.
 * The zero point is an int8 (the IR verifier guarantees it). */
static void cm4_fill_bytes(const mao_conv_params *p, const int8_t *in_b, int32_t in_y0,
                           int32_t in_x0, uint32_t *col, int32_t stride, int32_t *tail,
                           int8_t *patch) {
    const int8_t zp = (int8_t)(-p->input_offset);
    const uint32_t off2 = cm4_dup16(p->input_offset);
    const int32_t in_c = p->in_c, row = p->k_w * in_c;
    const int32_t K = p->k_h * row;
    int32_t kx0 = 0, kx1 = 0;
    int8_t *d = patch;
    int32_t ky, g;
    if (p->dil_w == 1) {
        /* in-image taps kx0 <= kx < kx1 */
        kx0 = in_x0 < 0 ? -in_x0 : 0;
        kx1 = p->in_w - in_x0;
        kx1 = kx1 < p->k_w ? kx1 : p->k_w;
        kx0 = kx0 < kx1 ? kx0 : kx1;
        kx1 = kx1 > kx0 ? kx1 : kx0;
    }
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t iy = in_y0 + ky * p->dil_h;
        const int8_t *src = in_b;
        if (iy < 0 || iy >= p->in_h) {
            cm4_set8(d, zp, row);
            d += row;
            continue;
        }
        src += iy * p->in_w * in_c;
        if (p->dil_w == 1) {
            cm4_set8(d, zp, kx0 * in_c);
            cm4_copy8(d + kx0 * in_c, src + (in_x0 + kx0) * in_c, (kx1 - kx0) * in_c);
            cm4_set8(d + kx1 * in_c, zp, (p->k_w - kx1) * in_c);
        } else {
            int32_t kx;
            for (kx = 0; kx < p->k_w; ++kx) {
                const int32_t ix = in_x0 + kx * p->dil_w;
                if (ix >= 0 && ix < p->in_w)
                    cm4_copy8(d + kx * in_c, src + ix * in_c, in_c);
                else
                    cm4_set8(d + kx * in_c, zp, in_c);
            }
        }
        d += row;
    }
    d = patch;
    for (g = K >> 2; g > 0; --g) {
        const uint32_t w = cm4_read_s8x4(d);
        d += 4;
        col[0] = CM4_SXTAB16(off2, w);
        col[1] = CM4_SXTAB16_ROR8(off2, w);
        col += stride;
    }
    for (g = 0; g < (K & 3); ++g)
        tail[g] = (int32_t)d[g] + p->input_offset;
}

/* Writes the column of output pixel (b, oy, ox). stride: words between groups (4 when two
 * pixels share the buffer, 2 otherwise); tail: where the K % 4 tail values go; patch: K bytes of
 * scratch for channel counts that are not a multiple of 4. */
static void cm4_fill_column(const mao_conv_params *p, const int8_t *in, int32_t b, int32_t oy,
                            int32_t ox, uint32_t *col, int32_t stride, int32_t *tail,
                            int8_t *patch) {
    const int32_t in_y0 = oy * p->stride_h - p->pad_h;
    const int32_t in_x0 = ox * p->stride_w - p->pad_w;
    const int8_t *in_b = in + b * p->in_h * p->in_w * p->in_c;
    int32_t ky;
    if ((p->in_c & 3) == 0) {
        const uint32_t off2 = cm4_dup16(p->input_offset);
        const int32_t groups = p->in_c >> 2;
        for (ky = 0; ky < p->k_h; ++ky) {
            const int32_t iy = in_y0 + ky * p->dil_h;
            const int row_ok = iy >= 0 && iy < p->in_h;
            int32_t kx;
            for (kx = 0; kx < p->k_w; ++kx) {
                const int32_t ix = in_x0 + kx * p->dil_w;
                int32_t g;
                if (row_ok && ix >= 0 && ix < p->in_w) {
                    const int8_t *src = in_b + (iy * p->in_w + ix) * p->in_c;
                    for (g = 0; g < groups; ++g) {
                        const uint32_t w = cm4_read_s8x4(src);
                        src += 4;
                        col[0] = CM4_SXTAB16(off2, w);
                        col[1] = CM4_SXTAB16_ROR8(off2, w);
                        col += stride;
                    }
                } else {
                    for (g = 0; g < groups; ++g) {
                        col[0] = 0;
                        col[1] = 0;
                        col += stride;
                    }
                }
            }
        }
        (void)tail;
        (void)patch;
    } else {
        cm4_fill_bytes(p, in_b, in_y0, in_x0, col, stride, tail, patch);
    }
}

/* Two pixels (interleaved column buffer), output channels [0, out_c). */
static void cm4_gemm_2px(const mao_conv_params *p, const uint32_t *col, const int8_t *filter,
                         const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                         int8_t *out_a, int8_t *out_b, int fast) {
    const int32_t K = p->k_h * p->k_w * p->in_c;
    const int32_t groups = K >> 2;
    const int32_t rem = K & 3;
    const int32_t *tail_a = (const int32_t *)(col + 4 * groups);
    const int32_t *tail_b = tail_a + 3;
    const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
    int32_t oc = 0;
    for (; oc + 2 <= p->out_c; oc += 2) {
        const int8_t *w0 = filter + oc * K;
        const int8_t *w1 = w0 + K;
        const uint32_t *c = col;
        int32_t a0 = bias != 0 ? bias[oc] : 0;
        int32_t a1 = bias != 0 ? bias[oc + 1] : 0;
        int32_t b0 = a0;
        int32_t b1 = a1;
        int32_t g;
        cm4_fq q0, q1;
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) &&                        \
    defined(__OPTIMIZE__) && defined(__thumb2__)
        if (groups > 0) {
            /* 18 instructions per 16 MACs; needs all 14 allocatable registers, so only when
             * optimizing (at -O0 r7 is the frame pointer and the C loop below is used). */
            uint32_t x0, x1, x2, x3, t0, t1;
            g = groups;
            __asm__ volatile(
                "1:\n\t"
                "ldrd %[x2], %[x3], [%[c], #8]\n\t"
                "ldrd %[x0], %[x1], [%[c]], #16\n\t"
                "ldr %[t0], [%[w0]], #4\n\t"
                "sxtb16 %[t1], %[t0], ror #8\n\t"
                "sxtb16 %[t0], %[t0]\n\t"
                "smlad %[a0], %[x0], %[t0], %[a0]\n\t"
                "smlad %[a0], %[x1], %[t1], %[a0]\n\t"
                "smlad %[b0], %[x2], %[t0], %[b0]\n\t"
                "smlad %[b0], %[x3], %[t1], %[b0]\n\t"
                "ldr %[t0], [%[w1]], #4\n\t"
                "sxtb16 %[t1], %[t0], ror #8\n\t"
                "sxtb16 %[t0], %[t0]\n\t"
                "smlad %[a1], %[x0], %[t0], %[a1]\n\t"
                "smlad %[a1], %[x1], %[t1], %[a1]\n\t"
                "smlad %[b1], %[x2], %[t0], %[b1]\n\t"
                "smlad %[b1], %[x3], %[t1], %[b1]\n\t"
                "subs %[g], %[g], #1\n\t"
                "bne 1b\n\t"
                : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [c] "+r"(c),
                  [w0] "+r"(w0), [w1] "+r"(w1), [g] "+r"(g), [x0] "=&r"(x0), [x1] "=&r"(x1),
                  [x2] "=&r"(x2), [x3] "=&r"(x3), [t0] "=&r"(t0), [t1] "=&r"(t1)
                :
                : "cc", "memory");
        }
#else
        for (g = groups; g > 0; --g) {
            const uint32_t xa02 = c[0], xa13 = c[1], xb02 = c[2], xb13 = c[3];
            uint32_t wr = cm4_read_s8x4(w0);
            uint32_t w02 = CM4_SXTB16(wr);
            uint32_t w13 = CM4_SXTB16_ROR8(wr);
            c += 4;
            w0 += 4;
            a0 = CM4_SMLAD(xa02, w02, a0);
            a0 = CM4_SMLAD(xa13, w13, a0);
            b0 = CM4_SMLAD(xb02, w02, b0);
            b0 = CM4_SMLAD(xb13, w13, b0);
            wr = cm4_read_s8x4(w1);
            w02 = CM4_SXTB16(wr);
            w13 = CM4_SXTB16_ROR8(wr);
            w1 += 4;
            a1 = CM4_SMLAD(xa02, w02, a1);
            a1 = CM4_SMLAD(xa13, w13, a1);
            b1 = CM4_SMLAD(xb02, w02, b1);
            b1 = CM4_SMLAD(xb13, w13, b1);
        }
#endif
        for (g = 0; g < rem; ++g) {
            a0 += w0[g] * tail_a[g];
            b0 += w0[g] * tail_b[g];
            a1 += w1[g] * tail_a[g];
            b1 += w1[g] * tail_b[g];
        }
        q0 = cm4_fq_setup(fast, out_mult[oc], out_shift[oc], oo);
        q1 = cm4_fq_setup(fast, out_mult[oc + 1], out_shift[oc + 1], oo);
        out_a[oc] = cm4_fq_out(&q0, a0, oo, lo, hi);
        out_b[oc] = cm4_fq_out(&q0, b0, oo, lo, hi);
        out_a[oc + 1] = cm4_fq_out(&q1, a1, oo, lo, hi);
        out_b[oc + 1] = cm4_fq_out(&q1, b1, oo, lo, hi);
    }
    if (oc < p->out_c) {
        const int8_t *w0 = filter + oc * K;
        const uint32_t *c = col;
        int32_t a0 = bias != 0 ? bias[oc] : 0;
        int32_t b0 = a0;
        int32_t g;
        for (g = groups; g > 0; --g) {
            const uint32_t wr = cm4_read_s8x4(w0);
            const uint32_t w02 = CM4_SXTB16(wr);
            const uint32_t w13 = CM4_SXTB16_ROR8(wr);
            w0 += 4;
            a0 = CM4_SMLAD(c[0], w02, a0);
            a0 = CM4_SMLAD(c[1], w13, a0);
            b0 = CM4_SMLAD(c[2], w02, b0);
            b0 = CM4_SMLAD(c[3], w13, b0);
            c += 4;
        }
        for (g = 0; g < rem; ++g) {
            a0 += w0[g] * tail_a[g];
            b0 += w0[g] * tail_b[g];
        }
        out_a[oc] = cm4_rq_exact(a0, out_mult[oc], out_shift[oc], oo, lo, hi);
        out_b[oc] = cm4_rq_exact(b0, out_mult[oc], out_shift[oc], oo, lo, hi);
    }
}

void mao_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                   int8_t *out, void *scratch) {
    const int32_t K = p->k_h * p->k_w * p->in_c;
    const int32_t groups = K >> 2;
    const int32_t pixels = p->out_h * p->out_w;
    uint32_t *const col = (uint32_t *)scratch;
    int8_t *const patch = (int8_t *)(col + 4 * groups + 6);
    const int fast = cm4_fq_all_fast(p, bias, out_mult, out_shift);
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        int8_t *out_b = out + b * pixels * p->out_c;
        int32_t n = 0;
        int32_t oy = 0, ox = 0;
        for (; n < pixels; n += 2) {
            /* an odd last pixel runs as a pair with itself (both outputs go to one place) */
            int32_t oy2 = oy, ox2 = ox + 1, n2 = n + 1;
            if (ox2 == p->out_w) {
                ox2 = 0;
                ++oy2;
            }
            if (n2 == pixels) {
                oy2 = oy;
                ox2 = ox;
                n2 = n;
            }
            cm4_fill_column(p, in, b, oy, ox, col, 4, (int32_t *)(col + 4 * groups), patch);
            cm4_fill_column(p, in, b, oy2, ox2, col + 2, 4, (int32_t *)(col + 4 * groups) + 3,
                            patch);
            cm4_gemm_2px(p, col, filter, bias, out_mult, out_shift, out_b + n * p->out_c,
                         out_b + n2 * p->out_c, fast);
            ox = ox2 + 1;
            oy = oy2;
            if (ox == p->out_w) {
                ox = 0;
                ++oy;
            }
        }
    }
}
