/* int8 DEPTHWISE_CONV_2D, Cortex-M4 DSP version of runtime/portable/mao_depthwise_conv2d_s8.c
 * (same API, bit-exact with it and with TFLM's reference DepthwiseConvPerChannel). */
#include <stddef.h>
#include <string.h>

#include "mao_cm4_simd.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#if defined(__GNUC__)
/* Kept out of line: inlined into the batch loop, its register allocation gets worse. */
#define CM4_NOINLINE __attribute__((noinline))
#else
#define CM4_NOINLINE
#endif

/*
 * Strategy: depth_multiplier 1 goes to cm4_dw_dm1 (channel
 * groups of 4 outermost, per tap one input word (SXTAB16 adds the input offset) and four
 * 16x16 MACs against unpacked weights, asm 3x3 interior runs with the fast requantization, see
 * below). Depth multipliers above 1 and the channel % 4 tail of multiplier 1 go to
 * cm4_dw_channels (the multiplier's output channels of one input channel in pairs, sharing each
 * input load). micro_speech's in_c 1 / multiplier 8 layer is
 * rewritten to CONV_2D by the depthwise-to-conv pass. The per-group weights live in the node's
 * scratch (80 + 8 * k_h * k_w bytes, backends/cpu/lower_conv.cpp sizes it).
 */

/* int32 v in all 4 bytes of a word. */
static uint32_t cm4_byte4(int32_t v) {
    return ((uint32_t)v & 0xFFu) * 0x01010101u;
}

/*
 * Fast requantization. For a right shift r = -shift in 1..21, a sum with |acc| < 2^28 and
 * the accumulator held doubled (acc2 = 2 * acc, the weights are unpacked doubled):
 *   SRDHM(acc, m)            = (2*acc*m + 2^31) >> 32 = SMMULR(acc2, m)     (no overflow)
 *   RoundingDivideByPOT(s, r) = (s + 2^(r-1) - (s < 0)) >> r                (r >= 1)
 *   + output offset           folded in: bo = 2^(r-1) + oo * 2^r, |bo| < 2^29
 * so out = clamp(((s + (s >> 31)) + bo) >> r, act_min, act_max) with s = SMMULR(acc2, m):
 * 5 instructions per value before the clamp. Bit-exact with the reference under those bounds,
 * which cm4_dw_group_fast() checks per group of 4 channels (otherwise the exact path runs).
 */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__)
CM4_HELPER int32_t cm4_smmulr(int32_t a, int32_t b) {
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
#define CM4_SSAT8(x) __ssat((x), 8)
/* Clamp 4 packed int8 bytewise to [lo4, hi4] (lo <= hi, both int8). */
CM4_HELPER uint32_t cm4_clamp4(uint32_t v, uint32_t lo4, uint32_t hi4) {
    (void)__ssub8(v, lo4);
    v = __sel(v, lo4);
    (void)__ssub8(v, hi4);
    return __sel(hi4, v);
}
#else
CM4_HELPER int32_t cm4_smmulr(int32_t a, int32_t b) {
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 31)) >> 32);
}
CM4_HELPER int32_t cm4_ssat8_c(int32_t x) {
    return x < -128 ? -128 : x > 127 ? 127 : x;
}
#define CM4_SSAT8(x) cm4_ssat8_c(x)
CM4_HELPER uint32_t cm4_clamp4(uint32_t v, uint32_t lo4, uint32_t hi4) {
    uint32_t r = 0;
    int32_t i;
    for (i = 0; i < 4; ++i) {
        int32_t x = cm4_byte(v, i);
        const int32_t l = cm4_byte(lo4, i), h = cm4_byte(hi4, i);
        x = x < l ? l : x;
        x = x > h ? h : x;
        r |= ((uint32_t)x & 0xFFu) << (8 * i);
    }
    return r;
}
#endif
CM4_HELPER int32_t cm4_rq_fast(int32_t acc2, int32_t m, int32_t bo, int32_t r) {
    int32_t s = cm4_smmulr(acc2, m);
    s += s >> 31;
    return CM4_SSAT8((s + bo) >> r);
}
/* Four values (already saturated to int8) as one word, byte i = v_i. */
CM4_HELPER uint32_t cm4_pack4(int32_t v0, int32_t v1, int32_t v2, int32_t v3) {
    return ((uint32_t)v0 & 0xFFu) | (((uint32_t)v1 & 0xFFu) << 8) | (((uint32_t)v2 & 0xFFu) << 16) |
           ((uint32_t)v3 << 24);
}
CM4_HELPER void cm4_write_s8x4(int8_t *p, uint32_t v) {
    memcpy(p, &v, sizeof v);
}

/* Per 4-channel group of the depth_multiplier 1 path: accumulator start values, requantization
 * parameters, then the unpacked weights of every tap (a flexible tail: the group lives in the
 * node's planned scratch, CM4_DW_GROUP_BYTES(taps) bytes, so any kernel size takes this path). */
typedef struct {
    int32_t init[4];   /* 0: bias (doubled when fast) */
    int32_t q[12];     /* 16: per channel m, bo, r (fast requantization) */
    uint32_t lo4, hi4; /* 64: act_min / act_max in all 4 bytes */
    int32_t fast;      /* 72 */
    int32_t pad_;      /* 76: keeps wbuf 8-byte aligned for LDRD */
    uint32_t wbuf[];   /* 80: per tap (w0, w2), (w1, w3), doubled when fast; 2 * taps words */
} cm4_dw_group;
#define CM4_DW_GROUP_BYTES(taps) (80 + 8 * (taps))
/* The asm below hard-wires these offsets. */
typedef char cm4_dw_group_layout_check[(offsetof(cm4_dw_group, q) == 16 &&
                                        offsetof(cm4_dw_group, lo4) == 64 &&
                                        offsetof(cm4_dw_group, wbuf) == 80)
                                           ? 1
                                           : -1];

static void cm4_dw_group_setup(cm4_dw_group *g, const mao_conv_params *p, const int8_t *filter,
                               const int32_t *bias, const int32_t *out_mult,
                               const int32_t *out_shift, int32_t c) {
    const int32_t taps = p->k_h * p->k_w;
    /* |sum of products| <= taps * 128 * 255 */
    const int64_t sum_max = (int64_t)taps * 128 * 255;
    int32_t j, t, k;
    g->fast = 1;
    g->lo4 = cm4_byte4(p->act_min);
    g->hi4 = cm4_byte4(p->act_max);
    for (j = 0; j < 4; ++j) {
        const int32_t b = bias != 0 ? bias[c + j] : 0;
        const int32_t r = -out_shift[c + j];
        const int64_t bound = (b < 0 ? -(int64_t)b : (int64_t)b) + sum_max;
        if (r < 1 || r > 21 || bound >= ((int64_t)1 << 28) || out_mult[c + j] < 0) g->fast = 0;
        g->q[3 * j] = out_mult[c + j];
        g->q[3 * j + 1] =
            r >= 1 && r <= 21
                ? (int32_t)(((int64_t)1 << (r - 1)) + (int64_t)p->output_offset * ((int64_t)1 << r))
                : 0;
        g->q[3 * j + 2] = r;
        g->init[j] = b;
    }
    k = g->fast ? 2 : 1;
    for (j = 0; j < 4; ++j)
        g->init[j] *= k;
    for (t = 0; t < taps; ++t) {
        const int8_t *w = filter + t * p->out_c + c;
        g->wbuf[2 * t] = ((uint32_t)(k * w[0]) & 0xFFFFu) | ((uint32_t)(k * w[2]) << 16);
        g->wbuf[2 * t + 1] = ((uint32_t)(k * w[1]) & 0xFFFFu) | ((uint32_t)(k * w[3]) << 16);
    }
}

/* Requantize the 4 sums of a group and store them. */
CM4_HELPER void cm4_dw_store4v(const cm4_dw_group *g, const int32_t *out_shift, int32_t c,
                               int32_t a0, int32_t a1, int32_t a2, int32_t a3, int32_t oo,
                               int8_t *dst) {
    uint32_t v;
    if (g->fast) {
        v = cm4_pack4(cm4_rq_fast(a0, g->q[0], g->q[1], g->q[2]),
                      cm4_rq_fast(a1, g->q[3], g->q[4], g->q[5]),
                      cm4_rq_fast(a2, g->q[6], g->q[7], g->q[8]),
                      cm4_rq_fast(a3, g->q[9], g->q[10], g->q[11]));
    } else {
        v = cm4_pack4(CM4_SSAT8(cm4_requant_shift(a0, g->q[0], out_shift[c]) + oo),
                      CM4_SSAT8(cm4_requant_shift(a1, g->q[3], out_shift[c + 1]) + oo),
                      CM4_SSAT8(cm4_requant_shift(a2, g->q[6], out_shift[c + 2]) + oo),
                      CM4_SSAT8(cm4_requant_shift(a3, g->q[9], out_shift[c + 3]) + oo));
    }
    cm4_write_s8x4(dst, cm4_clamp4(v, g->lo4, g->hi4));
}
CM4_HELPER void cm4_dw_store4(const cm4_dw_group *g, const int32_t *out_shift, int32_t c,
                              const int32_t *a, int32_t oo, int8_t *dst) {
    cm4_dw_store4v(g, out_shift, c, a[0], a[1], a[2], a[3], oo, dst);
}

/* A run of n >= 1 interior 3x3 windows of one fast channel group, one output pixel per step. */
typedef struct {
    const int8_t *x;       /* 0: input at (iy0, ix0, c) of the first window */
    int32_t n;             /* 4 */
    int8_t *dst;           /* 8 */
    int32_t dst_step;      /* 12: out_c */
    int32_t x_step;        /* 16: stride_w * in_c */
    int32_t cs;            /* 20: dil_w * in_c */
    int32_t rs;            /* 24: dil_h * in_w * in_c */
    uint32_t off2;         /* 28: input offset in both 16-bit lanes */
    const cm4_dw_group *g; /* 32 */
} cm4_dw_run_job;

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && defined(__thumb2__)
/* Per pixel: 9 taps x (LDR, 2 SXTAB16, LDRD of the unpacked weights, 4 MACs), then the fast
 * requantization of the 4 sums (LDM of m, bo, r + 5 each), pack, bytewise clamp, store:
 * ~120 instructions per 36 MACs. r0-r3 sums, r4 tap pointer, r5 cs, r6 rs, r7 group,
 * r8 off2, r9-r12 scratch, lr window pointer; the job pointer stays at [sp, #32]. */
#define CM4_DW_T(addr, woff)                                                                       \
    "ldr r9, " addr "\n\t"                                                                         \
    "sxtab16 r10, r8, r9, ror #8\n\t"                                                              \
    "sxtab16 r9, r8, r9\n\t"                                                                       \
    "ldrd r11, r12, [r7, #" woff "]\n\t"                                                           \
    "smlabb r0, r9, r11, r0\n\t"                                                                   \
    "smlatt r2, r9, r11, r2\n\t"                                                                   \
    "smlabb r1, r10, r12, r1\n\t"                                                                  \
    "smlatt r3, r10, r12, r3\n\t"
#define CM4_DW_RQ(a)                                                                               \
    "ldmia r4!, {r9-r11}\n\t"                                                                      \
    "smmulr " a ", " a ", r9\n\t"                                                                  \
    "add " a ", " a ", " a ", asr #31\n\t"                                                         \
    "add " a ", " a ", r10\n\t"                                                                    \
    "asr " a ", " a ", r11\n\t"                                                                    \
    "ssat " a ", #8, " a "\n\t"
static void cm4_dw3x3_run(cm4_dw_run_job *job) {
    __asm__ volatile(
        "mov r12, %0\n\t"
        "push {r4-r12, lr}\n\t"
        "ldr lr, [r12]\n\t"
        "ldrd r5, r6, [r12, #20]\n\t"
        "ldrd r8, r7, [r12, #28]\n"
        "1:\n\t"
        "ldm r7, {r0-r3}\n\t"
        "mov r4, lr\n\t" CM4_DW_T("[r4]", "80") CM4_DW_T("[r4, r5]", "88")
            CM4_DW_T("[r4, r5, lsl #1]",
                     "96") "add r4, r4, r6\n\t" CM4_DW_T("[r4]", "104") CM4_DW_T("[r4, r5]", "112")
                CM4_DW_T("[r4, r5, lsl #1]", "120") "add r4, r4, r6\n\t" CM4_DW_T("[r4]", "128")
                    CM4_DW_T("[r4, r5]", "136")
                        CM4_DW_T("[r4, r5, lsl #1]", "144") "add r4, r7, #16\n\t" CM4_DW_RQ("r0")
                            CM4_DW_RQ("r1") CM4_DW_RQ("r2")
                                CM4_DW_RQ("r3") "pkhbt r0, r0, r2, lsl #16\n\t"
                                                "pkhbt r1, r1, r3, lsl #16\n\t"
                                                "and r0, r0, #0x00ff00ff\n\t"
                                                "and r1, r1, #0x00ff00ff\n\t"
                                                "orr r0, r0, r1, lsl #8\n\t"
                                                "ldrd r9, r10, [r4]\n\t"
                                                "ssub8 r11, r0, r9\n\t"
                                                "sel r0, r0, r9\n\t"
                                                "ssub8 r11, r0, r10\n\t"
                                                "sel r0, r10, r0\n\t"
                                                "ldr r11, [sp, #32]\n\t"
                                                "ldrd r9, r10, [r11, #8]\n\t"
                                                "str r0, [r9]\n\t"
                                                "add r9, r9, r10\n\t"
                                                "str r9, [r11, #8]\n\t"
                                                "ldr r10, [r11, #16]\n\t"
                                                "add lr, lr, r10\n\t"
                                                "ldr r10, [r11, #4]\n\t"
                                                "subs r10, r10, #1\n\t"
                                                "str r10, [r11, #4]\n\t"
                                                "bne 1b\n\t"
                                                "pop {r4-r12, lr}\n\t"
        :
        : "r"(job)
        : "r0", "r1", "r2", "r3", "r12", "cc", "memory");
}
#undef CM4_DW_T
#undef CM4_DW_RQ
#else
static void cm4_dw3x3_run(cm4_dw_run_job *job) {
    const cm4_dw_group *g = job->g;
    int32_t n;
    for (n = 0; n < job->n; ++n) {
        const int8_t *x = job->x + n * job->x_step;
        int32_t a[4], ky, kx;
        memcpy(a, g->init, sizeof a);
        for (ky = 0; ky < 3; ++ky) {
            for (kx = 0; kx < 3; ++kx) {
                const uint32_t xw = cm4_read_s8x4(x + ky * job->rs + kx * job->cs);
                const uint32_t x02 = CM4_SXTAB16(job->off2, xw);
                const uint32_t x13 = CM4_SXTAB16_ROR8(job->off2, xw);
                const uint32_t *w = g->wbuf + 2 * (3 * ky + kx);
                a[0] = CM4_SMLABB(x02, w[0], a[0]);
                a[2] = CM4_SMLATT(x02, w[0], a[2]);
                a[1] = CM4_SMLABB(x13, w[1], a[1]);
                a[3] = CM4_SMLATT(x13, w[1], a[3]);
            }
        }
        cm4_dw_store4(g, 0, 0, a, 0, job->dst + n * job->dst_step);
    }
}
#endif

/*
 * depth_multiplier 1, in_c >= 4: channel groups of 4 outermost
 * (weights unpacked once per group, requantization parameters once per group), then rows and
 * pixels. Runs of interior 3x3 windows of fast groups go to cm4_dw3x3_run; other windows loop
 * over the in-image taps.
 */
static CM4_NOINLINE void cm4_dw_dm1(const mao_conv_params *p, const int8_t *in_b,
                                    const int8_t *filter, const int32_t *bias,
                                    const int32_t *out_mult, const int32_t *out_shift,
                                    int8_t *out_b, int32_t c4, cm4_dw_group *restrict group) {
    const int32_t in_c = p->in_c, out_c = p->out_c;
    const uint32_t off2 = cm4_dup16(p->input_offset);
    const int32_t oo = p->output_offset;
    const int k3 = p->k_h == 3 && p->k_w == 3;
    const int32_t cs = p->dil_w * in_c, rs = p->dil_h * p->in_w * in_c;
    /* ox < ox_full: the window's last column is inside the row */
    const int32_t ox_full = p->in_w - 1 - 2 * p->dil_w + p->pad_w >= 0
                                ? (p->in_w - 1 - 2 * p->dil_w + p->pad_w) / p->stride_w + 1
                                : 0;
    /* restrict: the scratch overlaps neither input nor output, so output stores do not force
     * reloads of the group */
    cm4_dw_group *restrict const g = group;
    cm4_dw_run_job job;
    int32_t c;
    job.dst_step = out_c;
    job.x_step = p->stride_w * in_c;
    job.cs = cs;
    job.rs = rs;
    job.off2 = off2;
    job.g = g;
    for (c = 0; c < c4; c += 4) {
        int32_t oy;
        cm4_dw_group head; /* the header only (no weights): read from the stack by the C path */
        cm4_dw_group_setup(g, p, filter, bias, out_mult, out_shift, c);
        head = *g;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            const int32_t ky0 = cm4_first_valid(iy0, p->dil_h);
            const int32_t ky1 = cm4_end_valid(iy0, p->dil_h, p->in_h, p->k_h);
            const int rows_full = k3 && ky0 == 0 && ky1 == 3 && head.fast;
            int8_t *dst = out_b + oy * p->out_w * out_c + c;
            const int32_t xrow = iy0 * p->in_w * in_c + c; /* offset of (iy0, 0, c) */
            int32_t ox = 0;
            while (ox < p->out_w) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                const int32_t kx0 = cm4_first_valid(ix0, p->dil_w);
                const int32_t kx1 = cm4_end_valid(ix0, p->dil_w, p->in_w, p->k_w);
                int32_t ky;
                if (rows_full && kx0 == 0 && ox < ox_full) {
                    /* run of interior 3x3 windows */
                    job.x = in_b + xrow + ix0 * in_c;
                    job.n = ox_full - ox;
                    job.dst = dst;
                    cm4_dw3x3_run(&job);
                    dst += (ox_full - ox) * out_c; /* the asm consumes job.n and job.dst */
                    ox = ox_full;
                    continue;
                }
                {
                    /* scalar accumulators: with an array GCC stores every sum on each tap */
                    int32_t a0 = head.init[0], a1 = head.init[1], a2 = head.init[2],
                            a3 = head.init[3];
                    for (ky = ky0; ky < ky1; ++ky) {
                        const int8_t *x =
                            in_b + xrow + (ky * p->dil_h * p->in_w + ix0 + kx0 * p->dil_w) * in_c;
                        const uint32_t *w = g->wbuf + 2 * (ky * p->k_w + kx0);
                        int32_t kx;
                        for (kx = kx0; kx < kx1; ++kx) {
                            const uint32_t xw = cm4_read_s8x4(x);
                            const uint32_t x02 = CM4_SXTAB16(off2, xw);
                            const uint32_t x13 = CM4_SXTAB16_ROR8(off2, xw);
                            a0 = CM4_SMLABB(x02, w[0], a0);
                            a2 = CM4_SMLATT(x02, w[0], a2);
                            a1 = CM4_SMLABB(x13, w[1], a1);
                            a3 = CM4_SMLATT(x13, w[1], a3);
                            x += cs;
                            w += 2;
                        }
                    }
                    cm4_dw_store4v(&head, out_shift, c, a0, a1, a2, a3, oo, dst);
                }
                dst += out_c;
                ++ox;
            }
        }
    }
}

/* Accumulators of output channels with weights w0_oc and w1_oc (adjacent channels, or the same
 * one twice) over the window's in-image taps in the reference order, one input load for both.
 * Integer sums, so exact in any order. */
CM4_HELPER void cm4_dw_pair_taps(const mao_conv_params *p, const int8_t *x_c, const int8_t *w0_oc,
                                 const int8_t *w1_oc, int32_t iy0, int32_t ix0, int32_t ky0,
                                 int32_t ky1, int32_t kx0, int32_t kx1, int32_t *a0, int32_t *a1) {
    const int32_t x_step = p->dil_w * p->in_c;
    int32_t s0 = *a0, s1 = *a1;
    int32_t ky;
    for (ky = ky0; ky < ky1; ++ky) {
        const int8_t *x = x_c + ((iy0 + ky * p->dil_h) * p->in_w + ix0 + kx0 * p->dil_w) * p->in_c;
        const int32_t w_at = (ky * p->k_w + kx0) * p->out_c;
        const int8_t *w0 = w0_oc + w_at, *w1 = w1_oc + w_at;
        int32_t kx;
        for (kx = kx0; kx < kx1; ++kx) {
            const int32_t xv = (int32_t)*x + p->input_offset;
            s0 += (int32_t)*w0 * xv;
            s1 += (int32_t)*w1 * xv;
            x += x_step;
            w0 += p->out_c;
            w1 += p->out_c;
        }
    }
    *a0 = s0;
    *a1 = s1;
}

CM4_HELPER int8_t cm4_dw_output(const mao_conv_params *p, int32_t acc, const int32_t *out_mult,
                                const int32_t *out_shift, int32_t oc) {
    return cm4_finish(cm4_requant_shift(acc, out_mult[oc], out_shift[oc]), p->output_offset,
                      p->act_min, p->act_max);
}

/* Input channels [c0, in_c), any depth multiplier: per output pixel and input channel, the
 * multiplier's output channels (adjacent in the output and in the weights) two at a time, each
 * input value loaded once for both; an odd multiplier's last one pairs with itself (its
 * duplicate discarded). Runs multipliers above 1 and the channel % 4 tail of multiplier 1. */
static CM4_NOINLINE void cm4_dw_channels(const mao_conv_params *p, const int8_t *in_b,
                                         const int8_t *filter, const int32_t *bias,
                                         const int32_t *out_mult, const int32_t *out_shift,
                                         int8_t *out_b, int32_t c0) {
    const int32_t in_c = p->in_c, out_c = p->out_c, dm = p->depth_multiplier;
    int32_t oy;
    for (oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h;
        const int32_t ky0 = cm4_first_valid(iy0, p->dil_h);
        const int32_t ky1 = cm4_end_valid(iy0, p->dil_h, p->in_h, p->k_h);
        int32_t ox;
        for (ox = 0; ox < p->out_w; ++ox) {
            const int32_t ix0 = ox * p->stride_w - p->pad_w;
            const int32_t kx0 = cm4_first_valid(ix0, p->dil_w);
            const int32_t kx1 = cm4_end_valid(ix0, p->dil_w, p->in_w, p->k_w);
            int8_t *out_px = out_b + (oy * p->out_w + ox) * out_c;
            int32_t c;
            for (c = c0; c < in_c; ++c) {
                const int32_t oc_end = (c + 1) * dm;
                int32_t oc;
                for (oc = c * dm; oc < oc_end; oc += 2) {
                    const int32_t two = oc + 1 < oc_end; /* 0: the last of an odd multiplier */
                    int32_t a0 = bias != 0 ? bias[oc] : 0, a1 = bias != 0 ? bias[oc + two] : 0;
                    cm4_dw_pair_taps(p, in_b + c, filter + oc, filter + oc + two, iy0, ix0, ky0,
                                     ky1, kx0, kx1, &a0, &a1);
                    out_px[oc] = cm4_dw_output(p, a0, out_mult, out_shift, oc);
                    if (two) out_px[oc + 1] = cm4_dw_output(p, a1, out_mult, out_shift, oc + 1);
                }
            }
        }
    }
}

void mao_depthwise_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out, void *scratch) {
    /* depth_multiplier 1: channel groups of 4 (cm4_dw_dm1, its group in the scratch); the
     * channel % 4 tail and other multipliers: output channel pairs (cm4_dw_channels) */
    const int32_t c4 = p->depth_multiplier == 1 ? (p->in_c & ~3) : 0;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_b = in + b * p->in_h * p->in_w * p->in_c;
        int8_t *out_b = out + b * p->out_h * p->out_w * p->out_c;
        if (c4 > 0)
            cm4_dw_dm1(p, in_b, filter, bias, out_mult, out_shift, out_b, c4,
                       (cm4_dw_group *)scratch);
        if (c4 < p->in_c) cm4_dw_channels(p, in_b, filter, bias, out_mult, out_shift, out_b, c4);
    }
}
