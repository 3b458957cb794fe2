/* fw_float.c - float work on the target: the FPU must be enabled (else a NOCP UsageFault ends
 * the run with MAO_TARGET_FAULT_STATUS) and results must match the host bit for bit. */
#include "mao_target.h"

#include <stdio.h>

void float_print_all(void (*between)(void));

static int region_toggle;

/* Wraps each kernel run in a region so the counter sees FPU code too. */
static void toggle_region(void) {
    if (region_toggle ^= 1)
        mao_region_begin();
    else
        mao_region_end();
}

int main(void) {
    uint32_t cpacr = *(volatile uint32_t *)0xE000ED88u;
    printf("CPACR %08lx\n", (unsigned long)cpacr);
    float_print_all(toggle_region);
    printf("FLOAT_DONE"); /* no newline: must still be flushed at exit */
    return 0;
}
