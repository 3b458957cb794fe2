/* Driver API of the example MAC-array accelerator (microaot's accelerator-offload example).
 *
 * The device: a rows x cols array of int8 multiply-accumulate units coupled to the core, 32-bit
 * accumulators, and a local SRAM that the core can also read (memory mapped). Operands are moved
 * into the SRAM by DMA; a job reads int8 operands from the SRAM and writes int32 accumulators
 * (bias included) back into it; the CPU then requantizes them to int8 (macarray_requantize_s8,
 * bit-exact with TensorFlow Lite Micro).
 *
 * macarray_model.c is a functional and cycle model of the device (C99, host or emulated core).
 * macarray_driver.c holds the CPU-side code the generated model calls: tiling loops, DMA
 * descriptors and the requantization. All SRAM addresses are byte offsets into the bound SRAM. */
#ifndef MACARRAY_H
#define MACARRAY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Device configuration: array shape, local SRAM, cycle model. */
typedef struct macarray_config {
    int32_t rows; /* output channels computed in parallel */
    int32_t cols; /* reduction (input) elements per channel per cycle */
    int32_t dma_bytes_per_cycle;
    int32_t dma_setup_cycles; /* per transfer */
    int32_t job_setup_cycles; /* per job */
} macarray_config;

/* Binds the device to its local SRAM (`size` bytes at `sram`) and configuration. */
void macarray_bind(uint8_t *sram, uint32_t size, const macarray_config *config);

/* DMA between system memory and the local SRAM. */
void macarray_dma_in(uint32_t sram_offset, const void *src, uint32_t bytes);
void macarray_dma_out(void *dst, uint32_t sram_offset, uint32_t bytes);

/* One accumulation job. Input: rows [in_row0, in_row0 + in_rows) of an NHWC int8 image of
 * in_h x in_w x in_c (one batch) at `in`. Output: rows [out_row0, out_row0 + out_rows) x out_w
 * pixels x `channels` output channels [ch0, ch0 + channels) as int32 at `acc`
 * ([pixel][channel]). Filters at `filter`: CONV [channels][k_h][k_w][in_c] (channel tile only),
 * DEPTHWISE [k_h][k_w][out_c] (all channels), FC [channels][in_c] with in_h = batches rows of
 * in_w = 1 pixel. `bias` (int32 [channels]) or MACARRAY_NONE. */
#define MACARRAY_NONE 0xFFFFFFFFu
enum { MACARRAY_CONV = 0, MACARRAY_DEPTHWISE = 1, MACARRAY_FC = 2 };
typedef struct macarray_job {
    int32_t kind;
    uint32_t in, filter, bias, acc;
    int32_t in_h, in_w, in_c, in_row0, in_rows;
    int32_t out_w, out_c, out_row0, out_rows, ch0, channels;
    int32_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w, depth_multiplier;
    int32_t input_offset;
} macarray_job;
void macarray_run_job(const macarray_job *job);

/* Modelled device cycles since the last reset (MAC array, DMA and set-up). */
uint64_t macarray_cycles(void);
void macarray_reset_cycles(void);

/* CPU side, called by the generated code: one whole operator, tiled as planned at compile time.
 * Each tile: DMA in, one job, then requantization of the accumulators read from the SRAM.
 * `op` is a descriptor of MACARRAY_OP_FIELDS int32 values indexed by the names below (a plain
 * array so that the generated code needs no type from this header, only the prototype). */
enum {
    MACARRAY_OP_KIND, /* MACARRAY_CONV / DEPTHWISE (FC is planned as a 1x1 CONV) */
    MACARRAY_OP_BATCHES,
    MACARRAY_OP_IN_H,
    MACARRAY_OP_IN_W,
    MACARRAY_OP_IN_C,
    MACARRAY_OP_OUT_H,
    MACARRAY_OP_OUT_W,
    MACARRAY_OP_OUT_C,
    MACARRAY_OP_K_H,
    MACARRAY_OP_K_W,
    MACARRAY_OP_STRIDE_H,
    MACARRAY_OP_STRIDE_W,
    MACARRAY_OP_DIL_H,
    MACARRAY_OP_DIL_W,
    MACARRAY_OP_PAD_H,
    MACARRAY_OP_PAD_W,
    MACARRAY_OP_DEPTH_MULTIPLIER,
    MACARRAY_OP_INPUT_OFFSET,
    MACARRAY_OP_OUTPUT_OFFSET,
    MACARRAY_OP_ACT_MIN,
    MACARRAY_OP_ACT_MAX,
    MACARRAY_OP_TILE_ROWS,     /* output rows per tile */
    MACARRAY_OP_TILE_CHANNELS, /* output channels per tile */
    MACARRAY_OP_SRAM_IN,
    MACARRAY_OP_SRAM_FILTER,
    MACARRAY_OP_SRAM_BIAS,
    MACARRAY_OP_SRAM_ACC,
    MACARRAY_OP_SRAM_SIZE,
    MACARRAY_OP_ROWS,
    MACARRAY_OP_COLS,
    MACARRAY_OP_DMA_BYTES_PER_CYCLE,
    MACARRAY_OP_DMA_SETUP_CYCLES,
    MACARRAY_OP_JOB_SETUP_CYCLES,
    MACARRAY_OP_FIELDS
};
void macarray_op_s8(const int32_t *op, uint8_t *sram, const int8_t *in, const int8_t *filter,
                    const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                    int8_t *out);

/* out[p * out_stride + c] = clamp(MultiplyByQuantizedMultiplier(acc[p * channels + c], mult[c],
 * shift[c]) + output_offset, act_min, act_max) for p < pixels, c < channels. */
void macarray_requantize_s8(const int32_t *acc, int32_t pixels, int32_t channels,
                            const int32_t *mult, const int32_t *shift, int32_t output_offset,
                            int32_t act_min, int32_t act_max, int8_t *out, int32_t out_stride);

#ifdef __cplusplus
}
#endif

#endif /* MACARRAY_H */
