/* fw_workload.c - compiled C workloads in regions, for cross-checking counters and modes:
 *   0 empty region            1 int8 matrix-vector      2 float kernel
 *   3 printf inside a region  4 memcpy/memset           5 int8 work with an excluded part */
#include "float_kernel.h"
#include "mao_target.h"

#include <stdio.h>
#include <string.h>

#define ROWS 32
#define COLS 64

static int8_t matrix[ROWS][COLS];
static int8_t vector[COLS];
static int8_t result[ROWS];
static uint8_t buffer_a[4096], buffer_b[4096];

static int8_t saturate_int8(int32_t value) {
    return (int8_t)(value > 127 ? 127 : value < -128 ? -128 : value);
}

static void fill_inputs(void) {
    uint32_t state = 12345u;
    for (int r = 0; r < ROWS; ++r)
        for (int c = 0; c < COLS; ++c) {
            state = state * 1103515245u + 12345u;
            matrix[r][c] = (int8_t)(state >> 24);
        }
    for (int c = 0; c < COLS; ++c)
        vector[c] = (int8_t)(c * 7 - 200);
}

static __attribute__((noinline)) void matrix_vector(int rows) {
    for (int r = 0; r < rows; ++r) {
        int32_t sum = 0;
        for (int c = 0; c < COLS; ++c)
            sum += matrix[r][c] * vector[c];
        result[r] = saturate_int8((sum + 64) >> 7);
    }
}

static uint32_t checksum(void) {
    uint32_t sum = 0;
    for (int r = 0; r < ROWS; ++r)
        sum = sum * 31u + (uint8_t)result[r];
    return sum;
}

int main(void) {
    float outputs[FLOAT_KERNEL_OUTPUTS];
    fill_inputs();

    mao_region_begin();
    mao_region_end();

    mao_region_begin();
    matrix_vector(ROWS);
    mao_region_end();

    mao_region_begin();
    float_kernel_run(7u, outputs);
    mao_region_end();

    mao_region_begin();
    printf("inside a region: %lu\n", (unsigned long)checksum());
    mao_region_end();

    mao_region_begin();
    memset(buffer_a, 0x5A, sizeof buffer_a);
    memcpy(buffer_b, buffer_a, sizeof buffer_b);
    mao_region_end();

    mao_region_begin();
    matrix_vector(ROWS / 2);
    mao_exclude_begin();
    matrix_vector(ROWS);
    mao_exclude_end();
    mao_region_end();

    printf("checksum %lu float %08lx copy %u\n", (unsigned long)checksum(),
           (unsigned long)float_kernel_bits(outputs[1]), (unsigned)buffer_b[4095]);
    return 0;
}
