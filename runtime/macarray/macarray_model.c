/* Functional and cycle model of the example MAC-array accelerator (see macarray.h).
 *
 * On the emulated Cortex-M4F the model's own instructions are bracketed with the target's
 * mao_exclude_begin()/mao_exclude_end() markers, so that the instruction counter reports them
 * apart: they stand for device work, which is accounted in modelled cycles instead. Define
 * MACARRAY_EXCLUDE_BEGIN()/MACARRAY_EXCLUDE_END() to use other hooks. */
#include "macarray.h"

#include <stddef.h>
#include <string.h>

#ifndef MACARRAY_EXCLUDE_BEGIN
#if defined(MAO_TARGET_QEMU) || defined(MAO_TARGET_WEIGHTS_SECTIONS)
void mao_exclude_begin(void);
void mao_exclude_end(void);
#define MACARRAY_EXCLUDE_BEGIN() mao_exclude_begin()
#define MACARRAY_EXCLUDE_END() mao_exclude_end()
#else
#define MACARRAY_EXCLUDE_BEGIN() ((void)0)
#define MACARRAY_EXCLUDE_END() ((void)0)
#endif
#endif

static uint8_t *g_sram;
static uint32_t g_size;
static macarray_config g_config = {4, 16, 4, 8, 16};
static uint64_t g_cycles;

static uint64_t ceil_div(uint64_t a, uint64_t b) {
    return b == 0 ? 0 : (a + b - 1) / b;
}

/* A transfer outside the SRAM is a driver bug: trap rather than corrupt memory. */
static void check_range(uint32_t offset, uint64_t bytes) {
    if (g_sram == NULL || (uint64_t)offset + bytes > g_size) {
        volatile int *trap = NULL;
        *trap = 0;
    }
}

void macarray_bind(uint8_t *sram, uint32_t size, const macarray_config *config) {
    g_sram = sram;
    g_size = size;
    if (config != NULL) g_config = *config;
}

uint64_t macarray_cycles(void) {
    return g_cycles;
}

void macarray_reset_cycles(void) {
    g_cycles = 0;
}

void macarray_dma_in(uint32_t sram_offset, const void *src, uint32_t bytes) {
    MACARRAY_EXCLUDE_BEGIN();
    check_range(sram_offset, bytes);
    if (bytes > 0) memcpy(g_sram + sram_offset, src, bytes);
    g_cycles += (uint64_t)g_config.dma_setup_cycles +
                ceil_div(bytes, (uint64_t)g_config.dma_bytes_per_cycle);
    MACARRAY_EXCLUDE_END();
}

void macarray_dma_out(void *dst, uint32_t sram_offset, uint32_t bytes) {
    MACARRAY_EXCLUDE_BEGIN();
    check_range(sram_offset, bytes);
    if (bytes > 0) memcpy(dst, g_sram + sram_offset, bytes);
    g_cycles += (uint64_t)g_config.dma_setup_cycles +
                ceil_div(bytes, (uint64_t)g_config.dma_bytes_per_cycle);
    MACARRAY_EXCLUDE_END();
}

static int32_t read_i32(uint32_t offset) {
    int32_t v;
    memcpy(&v, g_sram + offset, sizeof v);
    return v;
}

static void write_i32(uint32_t offset, int32_t v) {
    memcpy(g_sram + offset, &v, sizeof v);
}

/* Sum over one window of one output channel; padding taps contribute nothing (as in TFLM). */
static int32_t window_sum(const macarray_job *j, int32_t oy, int32_t ox, int32_t oc) {
    const int8_t *in = (const int8_t *)(g_sram + j->in);
    const int8_t *w = (const int8_t *)(g_sram + j->filter);
    int32_t acc = 0;
    int32_t ky, kx, ic;
    for (ky = 0; ky < j->k_h; ++ky) {
        int32_t iy = oy * j->stride_h - j->pad_h + ky * j->dil_h;
        if (iy < 0 || iy >= j->in_h) continue;
        for (kx = 0; kx < j->k_w; ++kx) {
            int32_t ix = ox * j->stride_w - j->pad_w + kx * j->dil_w;
            const int8_t *px;
            if (ix < 0 || ix >= j->in_w) continue;
            px = in + ((size_t)(iy - j->in_row0) * (size_t)j->in_w + (size_t)ix) * (size_t)j->in_c;
            if (j->kind == MACARRAY_DEPTHWISE) {
                int32_t c = oc / j->depth_multiplier;
                int32_t wv =
                    w[((size_t)ky * (size_t)j->k_w + (size_t)kx) * (size_t)j->out_c + (size_t)oc];
                acc += wv * ((int32_t)px[c] + j->input_offset);
            } else {
                const int8_t *wp =
                    w + (((size_t)(oc - j->ch0) * (size_t)j->k_h + (size_t)ky) * (size_t)j->k_w +
                         (size_t)kx) *
                            (size_t)j->in_c;
                for (ic = 0; ic < j->in_c; ++ic)
                    acc += (int32_t)wp[ic] * ((int32_t)px[ic] + j->input_offset);
            }
        }
    }
    return acc;
}

void macarray_run_job(const macarray_job *j) {
    int32_t r, x, c;
    uint64_t pixels = (uint64_t)j->out_rows * (uint64_t)j->out_w;
    uint64_t reduction = (uint64_t)j->k_h * (uint64_t)j->k_w *
                         (uint64_t)(j->kind == MACARRAY_DEPTHWISE ? 1 : j->in_c);
    MACARRAY_EXCLUDE_BEGIN();
    check_range(j->in, (uint64_t)j->in_rows * (uint64_t)j->in_w * (uint64_t)j->in_c);
    check_range(j->acc, pixels * (uint64_t)j->channels * 4u);
    for (r = 0; r < j->out_rows; ++r) {
        for (x = 0; x < j->out_w; ++x) {
            for (c = 0; c < j->channels; ++c) {
                int32_t oc = j->ch0 + c;
                int32_t acc = window_sum(j, j->out_row0 + r, x, oc);
                if (j->bias != MACARRAY_NONE) acc += read_i32(j->bias + 4u * (uint32_t)c);
                write_i32(j->acc +
                              4u * (uint32_t)(((uint64_t)r * (uint64_t)j->out_w + (uint64_t)x) *
                                                  (uint64_t)j->channels +
                                              (uint64_t)c),
                          acc);
            }
        }
    }
    /* The array computes `rows` channels x `cols` reduction elements per cycle. */
    g_cycles += (uint64_t)g_config.job_setup_cycles +
                pixels * ceil_div((uint64_t)j->channels, (uint64_t)g_config.rows) *
                    ceil_div(reduction, (uint64_t)g_config.cols);
    MACARRAY_EXCLUDE_END();
}
