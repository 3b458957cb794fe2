/* CPU side of the example MAC-array accelerator: the tiling loops the generated code calls, and
 * the requantization of the accumulators (bit-exact with TFLite Micro's int8 kernels). */
#include "macarray.h"

#include "mao_fixedpoint.h"
#include "mao_kernels.h" /* the generated model source includes it */

#include <stddef.h>
#include <string.h>

/* mao_multiply_by_quantized_multiplier with the per-channel work hoisted out of the pixel loop.
 * Its SaturatingRoundingDoublingHighMul divides (ab + nudge) by 2^31 truncating toward zero, with
 * nudge = 2^30 for ab >= 0 and 1 - 2^30 for ab < 0. For ab < 0 that truncation is
 * floor((ab + 1 - 2^30 + 2^31 - 1) / 2^31), so both cases are (ab + 2^30) >> 31 (an arithmetic
 * shift, as mao_fixedpoint.h assumes): one 64-bit multiply-add and a shift per output. */
void macarray_requantize_s8(const int32_t *acc, int32_t pixels, int32_t channels,
                            const int32_t *mult, const int32_t *shift, int32_t output_offset,
                            int32_t act_min, int32_t act_max, int8_t *out, int32_t out_stride) {
    int32_t p, c;
    if (pixels < 4) {
        /* Fully-connected tiles (one pixel): hoisting per-channel values would cost more than
         * it saves, so requantize element by element. */
        for (p = 0; p < pixels; ++p)
            for (c = 0; c < channels; ++c) {
                int32_t v;
                memcpy(&v, acc + (size_t)p * (size_t)channels + (size_t)c, sizeof v);
                v = mao_multiply_by_quantized_multiplier(v, mult[c], shift[c]);
                v = mao_wrap_add(v, output_offset);
                out[(size_t)p * (size_t)out_stride + (size_t)c] =
                    (int8_t)mao_clamp_i32(v, act_min, act_max);
            }
        return;
    }
    for (c = 0; c < channels; ++c) {
        const int32_t m = mult[c];
        const int32_t left = shift[c] > 0 ? shift[c] : 0;
        const int32_t right = shift[c] > 0 ? 0 : -shift[c];
        const int32_t mask = (int32_t)(((int64_t)1 << right) - 1);
        const int32_t half = mask >> 1;
        const unsigned char *a = (const unsigned char *)(acc + c);
        int8_t *o = out + c;
        for (p = 0; p < pixels; ++p) {
            int32_t v, x, r;
            /* the SRAM is a byte buffer: no aliasing assumptions */
            memcpy(&v, a + (size_t)p * (size_t)channels * sizeof v, sizeof v);
            x = mao_wrap_shl(v, left);
            r = x == INT32_MIN && m == INT32_MIN
                    ? INT32_MAX
                    : (int32_t)(((int64_t)x * m + ((int64_t)1 << 30)) >> 31);
            r = (r >> right) + ((r & mask) > half + (r < 0 ? 1 : 0) ? 1 : 0);
            r = mao_wrap_add(r, output_offset);
            o[(size_t)p * (size_t)out_stride] = (int8_t)mao_clamp_i32(r, act_min, act_max);
        }
    }
}

static int32_t min_i32(int32_t a, int32_t b) {
    return a < b ? a : b;
}

static int32_t max_i32(int32_t a, int32_t b) {
    return a > b ? a : b;
}

/* The descriptor unpacked. */
typedef struct macarray_op {
    int32_t kind, batches, in_h, in_w, in_c, out_h, out_w, out_c;
    int32_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w, depth_multiplier;
    int32_t input_offset, output_offset, act_min, act_max, tile_rows, tile_channels;
    uint32_t sram_in, sram_filter, sram_bias, sram_acc;
} macarray_op;

static void read_op(const int32_t *d, macarray_op *o, macarray_config *c) {
    o->kind = d[MACARRAY_OP_KIND];
    o->batches = d[MACARRAY_OP_BATCHES];
    o->in_h = d[MACARRAY_OP_IN_H];
    o->in_w = d[MACARRAY_OP_IN_W];
    o->in_c = d[MACARRAY_OP_IN_C];
    o->out_h = d[MACARRAY_OP_OUT_H];
    o->out_w = d[MACARRAY_OP_OUT_W];
    o->out_c = d[MACARRAY_OP_OUT_C];
    o->k_h = d[MACARRAY_OP_K_H];
    o->k_w = d[MACARRAY_OP_K_W];
    o->stride_h = d[MACARRAY_OP_STRIDE_H];
    o->stride_w = d[MACARRAY_OP_STRIDE_W];
    o->dil_h = d[MACARRAY_OP_DIL_H];
    o->dil_w = d[MACARRAY_OP_DIL_W];
    o->pad_h = d[MACARRAY_OP_PAD_H];
    o->pad_w = d[MACARRAY_OP_PAD_W];
    o->depth_multiplier = d[MACARRAY_OP_DEPTH_MULTIPLIER];
    o->input_offset = d[MACARRAY_OP_INPUT_OFFSET];
    o->output_offset = d[MACARRAY_OP_OUTPUT_OFFSET];
    o->act_min = d[MACARRAY_OP_ACT_MIN];
    o->act_max = d[MACARRAY_OP_ACT_MAX];
    o->tile_rows = d[MACARRAY_OP_TILE_ROWS];
    o->tile_channels = d[MACARRAY_OP_TILE_CHANNELS];
    o->sram_in = (uint32_t)d[MACARRAY_OP_SRAM_IN];
    o->sram_filter = (uint32_t)d[MACARRAY_OP_SRAM_FILTER];
    o->sram_bias = (uint32_t)d[MACARRAY_OP_SRAM_BIAS];
    o->sram_acc = (uint32_t)d[MACARRAY_OP_SRAM_ACC];
    c->rows = d[MACARRAY_OP_ROWS];
    c->cols = d[MACARRAY_OP_COLS];
    c->dma_bytes_per_cycle = d[MACARRAY_OP_DMA_BYTES_PER_CYCLE];
    c->dma_setup_cycles = d[MACARRAY_OP_DMA_SETUP_CYCLES];
    c->job_setup_cycles = d[MACARRAY_OP_JOB_SETUP_CYCLES];
}

void macarray_op_s8(const int32_t *d, uint8_t *sram, const int8_t *in, const int8_t *filter,
                    const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                    int8_t *out) {
    macarray_op o;
    const macarray_op *op = &o;
    macarray_config config;
    read_op(d, &o, &config);
    const int depthwise = op->kind == MACARRAY_DEPTHWISE;
    const size_t in_image = (size_t)op->in_h * (size_t)op->in_w * (size_t)op->in_c;
    const size_t out_image = (size_t)op->out_h * (size_t)op->out_w * (size_t)op->out_c;
    const size_t filter_channel = (size_t)op->k_h * (size_t)op->k_w * (size_t)op->in_c;
    int32_t b, ch0, oy0;
    macarray_bind(sram, (uint32_t)d[MACARRAY_OP_SRAM_SIZE], &config);
    for (b = 0; b < op->batches; ++b) {
        const int8_t *in_b = in + (size_t)b * in_image;
        int8_t *out_b = out + (size_t)b * out_image;
        for (ch0 = 0; ch0 < op->out_c; ch0 += op->tile_channels) {
            int32_t channels = min_i32(op->tile_channels, op->out_c - ch0);
            if (depthwise)
                macarray_dma_in(op->sram_filter, filter,
                                (uint32_t)((size_t)op->k_h * (size_t)op->k_w * (size_t)op->out_c));
            else
                macarray_dma_in(op->sram_filter, filter + (size_t)ch0 * filter_channel,
                                (uint32_t)((size_t)channels * filter_channel));
            if (bias != NULL) macarray_dma_in(op->sram_bias, bias + ch0, (uint32_t)channels * 4u);
            for (oy0 = 0; oy0 < op->out_h; oy0 += op->tile_rows) {
                macarray_job j;
                int32_t rows = min_i32(op->tile_rows, op->out_h - oy0);
                int32_t iy0 = max_i32(0, oy0 * op->stride_h - op->pad_h);
                int32_t iy1 = min_i32(op->in_h, (oy0 + rows - 1) * op->stride_h - op->pad_h +
                                                    (op->k_h - 1) * op->dil_h + 1);
                if (iy1 < iy0) iy1 = iy0;
                macarray_dma_in(
                    op->sram_in, in_b + (size_t)iy0 * (size_t)op->in_w * (size_t)op->in_c,
                    (uint32_t)((size_t)(iy1 - iy0) * (size_t)op->in_w * (size_t)op->in_c));
                j.kind = depthwise ? MACARRAY_DEPTHWISE : MACARRAY_CONV;
                j.in = op->sram_in;
                j.filter = op->sram_filter;
                j.bias = bias != NULL ? op->sram_bias : MACARRAY_NONE;
                j.acc = op->sram_acc;
                j.in_h = op->in_h;
                j.in_w = op->in_w;
                j.in_c = op->in_c;
                j.in_row0 = iy0;
                j.in_rows = iy1 - iy0;
                j.out_w = op->out_w;
                j.out_c = op->out_c;
                j.out_row0 = oy0;
                j.out_rows = rows;
                j.ch0 = ch0;
                j.channels = channels;
                j.k_h = op->k_h;
                j.k_w = op->k_w;
                j.stride_h = op->stride_h;
                j.stride_w = op->stride_w;
                j.dil_h = op->dil_h;
                j.dil_w = op->dil_w;
                j.pad_h = op->pad_h;
                j.pad_w = op->pad_w;
                j.depth_multiplier = op->depth_multiplier;
                j.input_offset = op->input_offset;
                macarray_run_job(&j);
                macarray_requantize_s8(
                    (const int32_t *)(const void *)(sram + op->sram_acc), rows * op->out_w,
                    channels, out_mult + ch0, out_shift + ch0, op->output_offset, op->act_min,
                    op->act_max,
                    out_b + ((size_t)oy0 * (size_t)op->out_w) * (size_t)op->out_c + (size_t)ch0,
                    op->out_c);
            }
        }
    }
}
