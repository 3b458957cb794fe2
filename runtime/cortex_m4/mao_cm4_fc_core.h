/* Private header of runtime/cortex_m4: the int8 FULLY_CONNECTED core shared by
 * mao_fully_connected_s8.c, mao_fully_connected_s8_per_channel.c and
 * mao_fully_connected_s8_folded.c. Include it once, from one kernel file, after
 * mao_kernels.h. A file that defines CM4_FC_NO_FUSED to 1 first gets the core without the
 * variants that requantize in the asm (the folded kernel does not use them). */
#ifndef MAO_CM4_FC_CORE_H
#define MAO_CM4_FC_CORE_H

#include <stdint.h>

#include "mao_cm4_simd.h"
#include "mao_kernels.h"

#ifndef CM4_FC_NO_FUSED
#define CM4_FC_NO_FUSED 0
#endif

/*
 * Strategy: four weight rows at a time share each input word. The loops are inline asm (gcc
 * spills the 14 live values of the C version). Per 4 inputs and 4 rows: the 4 inputs as two
 * words of int16 pairs with the input offset added (x0,x2 and x1,x3), then per row 1 load,
 * 2 SXTB16 and 2 SMLAD; unrolled twice. The unpacked inputs come either from a stack buffer
 * filled once per batch row for the first CM4_FC_XBUF inputs (1 LDRD per 4 inputs: 21
 * instructions per 16 MACs, ~1.38 per MAC with the loop), or are unpacked in the loop for the
 * rest (1 LDR + 2 SXTAB16: 23 per 16 MACs, ~1.5 per MAC) and when out_depth < 8 (one group of
 * rows does not pay for the buffer). The accumulators start at the bias. With per-tensor
 * requantization and accum_depth % 4 == 0 the asm also requantizes the 4 sums (13
 * instructions each) and clamps them as one word (SSAT, pack, SSUB8/SEL against the activation
 * bounds in all 4 bytes). Otherwise the accum_depth % 4 tail and the requantization run in C.
 * When out_depth is not a multiple of 4 the last group of 4 rows overlaps the previous one
 * (recomputed rows write identical values). out_depth < 4 and a nonzero filter_offset (never
 * produced by TFLite int8 weights) use a one-row C loop.
 * Stack (arm-none-eabi-gcc 12 -O2, -fstack-usage): 728 bytes of frame, which holds the
 * CM4_FC_XBUF * 2 = 512-byte input buffer, + 40 bytes pushed by the asm block: 768 bytes.
 * A smaller CM4_FC_XBUF (multiple of 4, >= 4) shrinks the buffer.
 */
#ifndef CM4_FC_XBUF
#define CM4_FC_XBUF 256 /* inputs unpacked into the stack buffer (multiple of 4) */
#endif
typedef struct {
    const void *x;       /* 0: input bytes, or unpacked words (x0,x2),(x1,x3) per 4 inputs */
    const int8_t *w;     /* 4: row 0; rows 1..3 follow at multiples of stride */
    int32_t stride;      /* 8: accum_depth */
    uint32_t in2;        /* 12: input offset in both 16-bit lanes (inline unpacking only) */
    int32_t n;           /* 16: number of 4-input groups (>= 1) */
    const int32_t *init; /* 20: 4 initial sums (bias) */
    int8_t *out;         /* 24: 4 outputs (requantizing variants) */
    int32_t mult;        /* 28: per-tensor requantization (requantizing variants) */
    int32_t lshift;      /* 32: max(shift, 0) */
    int32_t rshift;      /* 36: max(-shift, 0) */
    int32_t mask;        /* 40: 2^rshift - 1 */
    int32_t half;        /* 44: mask >> 1 */
    int32_t oo;          /* 48: output offset */
    uint32_t lo4;        /* 52: act_min in all 4 bytes */
    uint32_t hi4;        /* 56: act_max in all 4 bytes */
    int32_t acc[4];      /* 60: sums (non-requantizing variants) */
} cm4_fc4_job;

static const int32_t cm4_fc_zero4[4] = {0, 0, 0, 0};

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && defined(__GNUC__) && defined(__thumb2__)
/* r1 x, r2 rows 0/1, r10 rows 2/3, r3 stride, r4 in2, r6..r9 accumulators; r0, r11 (x1,x3),
 * r12 (x0,x2), lr scratch. */
#define CM4_FC_ROW(addr, acc)                                                                      \
    "ldr lr, " addr "\n\t"                                                                         \
    "sxtb16 r0, lr\n\t"                                                                            \
    "smlad " acc ", r12, r0, " acc "\n\t"                                                          \
    "sxtb16 lr, lr, ror #8\n\t"                                                                    \
    "smlad " acc ", r11, lr, " acc "\n\t"
#define CM4_FC_ROWS                                                                                \
    CM4_FC_ROW("[r2, r3]", "r7")                                                                   \
    CM4_FC_ROW("[r2], #4", "r6")                                                                   \
    CM4_FC_ROW("[r10, r3]", "r9")                                                                  \
    CM4_FC_ROW("[r10], #4", "r8")
#define CM4_FC_X_INLINE                                                                            \
    "ldr r11, [r1], #4\n\t"                                                                        \
    "sxtab16 r12, r4, r11\n\t"                                                                     \
    "sxtab16 r11, r4, r11, ror #8\n\t"
#define CM4_FC_X_PRE "ldrd r12, r11, [r1], #8\n\t"
/* Sums out to job->acc. */
#define CM4_FC_STORE_ACC                                                                           \
    "ldr r0, [sp, #32]\n\t"                                                                        \
    "add r0, r0, #60\n\t"                                                                          \
    "stm r0, {r6-r9}\n\t"
/* Requantize one sum in place: r0 mult, r1 lshift, r2 rshift, r3 mask, r4 half, r5 oo. */
#define CM4_FC_REQ(a)                                                                              \
    "lsl " a ", " a ", r1\n\t"                                                                     \
    "mov r10, #0x40000000\n\t"                                                                     \
    "mov r11, #0\n\t"                                                                              \
    "smlal r10, r11, " a ", r0\n\t"                                                                \
    "lsr r10, r10, #31\n\t"                                                                        \
    "orr " a ", r10, r11, lsl #1\n\t"                                                              \
    "and r10, " a ", r3\n\t"                                                                       \
    "add r11, r4, " a ", lsr #31\n\t"                                                              \
    "sub r11, r11, r10\n\t"                                                                        \
    "asr " a ", " a ", r2\n\t"                                                                     \
    "add " a ", " a ", r11, lsr #31\n\t"                                                           \
    "add " a ", " a ", r5\n\t"                                                                     \
    "ssat " a ", #8, " a "\n\t"
/* Requantize the 4 sums, pack them into one word, clamp bytewise (r12 lo4, lr hi4), store. */
#define CM4_FC_STORE_OUT                                                                           \
    "ldr lr, [sp, #32]\n\t"                                                                        \
    "add lr, lr, #28\n\t"                                                                          \
    "ldm lr, {r0-r5, r12, lr}\n\t" CM4_FC_REQ("r6") CM4_FC_REQ("r7") CM4_FC_REQ("r8")              \
        CM4_FC_REQ("r9") "pkhbt r6, r6, r8, lsl #16\n\t"                                           \
                         "pkhbt r7, r7, r9, lsl #16\n\t"                                           \
                         "and r6, r6, #0x00ff00ff\n\t"                                             \
                         "and r7, r7, #0x00ff00ff\n\t"                                             \
                         "orr r6, r6, r7, lsl #8\n\t"                                              \
                         "ssub8 r7, r6, r12\n\t"                                                   \
                         "sel r6, r6, r12\n\t"                                                     \
                         "ssub8 r7, r6, lr\n\t"                                                    \
                         "sel r6, lr, r6\n\t"                                                      \
                         "ldr r11, [sp, #32]\n\t"                                                  \
                         "ldr r11, [r11, #24]\n\t"                                                 \
                         "str r6, [r11]\n\t"
/* The block saves and restores the callee-saved registers it uses (r4-r11, lr) itself, so the
 * compiler only gives up r0-r3 and r12; the job pointer stays at [sp, #32]. The field offsets
 * of cm4_fc4_job are hard-wired. */
#define CM4_FC_ASM(xload, finish)                                                                  \
    __asm__ volatile("mov r12, %0\n\t"                                                             \
                     "push {r4-r12, lr}\n\t"                                                       \
                     "ldm r12, {r1-r6}\n\t"                                                        \
                     "ldm r6, {r6-r9}\n\t"                                                         \
                     "add r10, r2, r3, lsl #1\n\t"                                                 \
                     "lsrs r5, r5, #1\n\t"                                                         \
                     "bcc 2f\n\t" xload CM4_FC_ROWS "2:\n\t"                                       \
                     "beq 3f\n"                                                                    \
                     "1:\n\t" xload CM4_FC_ROWS xload CM4_FC_ROWS "subs r5, r5, #1\n\t"            \
                     "bne 1b\n"                                                                    \
                     "3:\n\t" finish "pop {r4-r12, lr}\n\t"                                        \
                     :                                                                             \
                     : "r"(job)                                                                    \
                     : "r0", "r1", "r2", "r3", "r12", "cc", "memory")
static void cm4_fc_dot4(cm4_fc4_job *job) {
    CM4_FC_ASM(CM4_FC_X_INLINE, CM4_FC_STORE_ACC);
}
static void cm4_fc_dot4_pre(cm4_fc4_job *job) {
    CM4_FC_ASM(CM4_FC_X_PRE, CM4_FC_STORE_ACC);
}
#if !CM4_FC_NO_FUSED
static void cm4_fc_dot4_q(cm4_fc4_job *job) {
    CM4_FC_ASM(CM4_FC_X_INLINE, CM4_FC_STORE_OUT);
}
static void cm4_fc_dot4_pre_q(cm4_fc4_job *job) {
    CM4_FC_ASM(CM4_FC_X_PRE, CM4_FC_STORE_OUT);
}
#endif
#undef CM4_FC_ASM
#undef CM4_FC_STORE_OUT
#undef CM4_FC_REQ
#undef CM4_FC_STORE_ACC
#undef CM4_FC_X_PRE
#undef CM4_FC_X_INLINE
#undef CM4_FC_ROWS
#undef CM4_FC_ROW
#else
static void cm4_fc_dot4_c(cm4_fc4_job *job, int pre, int quant) {
    const int8_t *x = (const int8_t *)job->x;
    const uint32_t *xw = (const uint32_t *)job->x;
    const int8_t *w = job->w;
    const int32_t s = job->stride;
    int32_t acc[4];
    int32_t g, r;
    for (r = 0; r < 4; ++r)
        acc[r] = job->init[r];
    for (g = 0; g < job->n; ++g) {
        const uint32_t xr = pre ? 0u : cm4_read_s8x4(x + 4 * g);
        const uint32_t x02 = pre ? xw[2 * g] : CM4_SXTAB16(job->in2, xr);
        const uint32_t x13 = pre ? xw[2 * g + 1] : CM4_SXTAB16_ROR8(job->in2, xr);
        for (r = 0; r < 4; ++r) {
            const uint32_t wr = cm4_read_s8x4(w + r * s + 4 * g);
            acc[r] = CM4_SMLAD(x02, CM4_SXTB16(wr), acc[r]);
            acc[r] = CM4_SMLAD(x13, CM4_SXTB16_ROR8(wr), acc[r]);
        }
    }
    for (r = 0; r < 4; ++r) {
        if (quant) {
            /* the lower byte of lo4 / hi4 are act_min / act_max */
            job->out[r] = cm4_finish(cm4_requant(acc[r], job->mult, job->lshift, job->rshift),
                                     job->oo, cm4_byte(job->lo4, 0), cm4_byte(job->hi4, 0));
        } else {
            job->acc[r] = acc[r];
        }
    }
}
static void cm4_fc_dot4(cm4_fc4_job *job) {
    cm4_fc_dot4_c(job, 0, 0);
}
static void cm4_fc_dot4_pre(cm4_fc4_job *job) {
    cm4_fc_dot4_c(job, 1, 0);
}
#if !CM4_FC_NO_FUSED
static void cm4_fc_dot4_q(cm4_fc4_job *job) {
    cm4_fc_dot4_c(job, 0, 1);
}
static void cm4_fc_dot4_pre_q(cm4_fc4_job *job) {
    cm4_fc_dot4_c(job, 1, 1);
}
#endif
#endif

/* One row, any filter offset: dot product of w and x over depth inputs, starting at acc. */
static int32_t cm4_fc_dot1(const int8_t *x, const int8_t *w, int32_t depth, uint32_t in2,
                           uint32_t f2, int32_t in_off, int32_t f_off, int32_t acc) {
    int32_t g;
    for (g = depth >> 2; g > 0; --g) {
        const uint32_t xr = cm4_read_s8x4(x);
        const uint32_t wr = cm4_read_s8x4(w);
        x += 4;
        w += 4;
        acc = CM4_SMLAD(CM4_SXTAB16(in2, xr), CM4_SXTAB16(f2, wr), acc);
        acc = CM4_SMLAD(CM4_SXTAB16_ROR8(in2, xr), CM4_SXTAB16_ROR8(f2, wr), acc);
    }
    for (g = 0; g < (depth & 3); ++g)
        acc += ((int32_t)w[g] + f_off) * ((int32_t)x[g] + in_off);
    return acc;
}

/* int32 v in all 4 bytes of a word. */
static uint32_t cm4_byte4(int32_t v) {
    return ((uint32_t)v & 0xFFu) * 0x01010101u;
}

static void cm4_fc_core(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                        const int32_t *bias, int32_t in_off, int32_t f_off, const int32_t *mult,
                        const int32_t *shift, int32_t qstep, int8_t *out) {
    const int32_t depth = p->accum_depth, od = p->out_depth;
    const int32_t done = depth & ~3;
    const uint32_t in2 = cm4_dup16(in_off);
    const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
    /* Inputs unpacked into the buffer: none when there is only one group of rows. */
    const int32_t npre = od >= 8 ? (done < CM4_FC_XBUF ? done : CM4_FC_XBUF) : 0;
#if !CM4_FC_NO_FUSED
    /* Requantization in the asm: per-tensor and no accum_depth % 4 tail. */
    const int fused = qstep == 0 && done == depth;
#endif
    uint32_t xbuf[CM4_FC_XBUF / 2];
    cm4_fc4_job job;
    int32_t b;
    job.stride = depth;
    job.in2 = in2;
    job.mult = mult[0];
    job.lshift = shift[0] > 0 ? shift[0] : 0;
    job.rshift = job.lshift - shift[0];
    job.mask = (int32_t)(((uint32_t)1 << job.rshift) - 1u);
    job.half = job.mask >> 1;
    job.oo = oo;
    job.lo4 = cm4_byte4(lo);
    job.hi4 = cm4_byte4(hi);
    for (b = 0; b < p->batches; ++b) {
        const int8_t *x_row = in + b * depth;
        int8_t *out_row = out + b * od;
        int32_t o;
        if (od >= 4 && f_off == 0) {
            int32_t i;
            for (i = 0; i < npre; i += 4) {
                const uint32_t xr = cm4_read_s8x4(x_row + i);
                xbuf[i >> 1] = CM4_SXTAB16(in2, xr);
                xbuf[(i >> 1) + 1] = CM4_SXTAB16_ROR8(in2, xr);
            }
            for (o = 0; o < od; o += 4) {
                const int8_t *w;
                int32_t j;
                if (o > od - 4) o = od - 4;
                w = filter + o * depth;
                job.init = bias != 0 ? bias + o : cm4_fc_zero4;
                job.out = out_row + o;
                if (npre > 0) {
                    job.x = xbuf;
                    job.w = w;
                    job.n = npre >> 2;
#if !CM4_FC_NO_FUSED
                    if (fused && npre == done) {
                        cm4_fc_dot4_pre_q(&job);
                        continue;
                    }
#endif
                    cm4_fc_dot4_pre(&job);
                    job.init = job.acc;
                }
                if (npre < done) {
                    job.x = x_row + npre;
                    job.w = w + npre;
                    job.n = (done - npre) >> 2;
#if !CM4_FC_NO_FUSED
                    if (fused) {
                        cm4_fc_dot4_q(&job);
                        continue;
                    }
#endif
                    cm4_fc_dot4(&job);
                    job.init = job.acc;
                }
                for (j = 0; j < 4; ++j) {
                    const int8_t *wj = w + j * depth;
                    int32_t acc = job.init[j];
                    int32_t d, sh;
                    for (d = done; d < depth; ++d)
                        acc += (int32_t)wj[d] * ((int32_t)x_row[d] + in_off);
                    sh = shift[(o + j) * qstep];
                    out_row[o + j] =
                        cm4_finish(cm4_requant_shift(acc, mult[(o + j) * qstep], sh), oo, lo, hi);
                }
            }
        } else {
            const uint32_t f2 = cm4_dup16(f_off);
            for (o = 0; o < od; ++o) {
                const int32_t acc = cm4_fc_dot1(x_row, filter + o * depth, depth, in2, f2, in_off,
                                                f_off, bias != 0 ? bias[o] : 0);
                const int32_t sh = shift[o * qstep];
                out_row[o] = cm4_finish(cm4_requant_shift(acc, mult[o * qstep], sh), oo, lo, hi);
            }
        }
    }
}

#endif /* MAO_CM4_FC_CORE_H */
