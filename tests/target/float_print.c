/* float_print.c - prints "FLOAT <seed> <index> <bits>" lines for a few seeds; shared by the
 * target firmware and the host reference program. */
#include "float_kernel.h"

#include <stdio.h>

void float_print_all(void (*between)(void));

void float_print_all(void (*between)(void)) {
    static const uint32_t seeds[] = {1u, 42u, 2024u, 0xC0FFEEu};
    for (unsigned s = 0; s < sizeof seeds / sizeof seeds[0]; ++s) {
        float outputs[FLOAT_KERNEL_OUTPUTS];
        if (between) between();
        float_kernel_run(seeds[s], outputs);
        if (between) between();
        for (int o = 0; o < FLOAT_KERNEL_OUTPUTS; ++o)
            printf("FLOAT %lu %d %08lx\n", (unsigned long)seeds[s], o,
                   (unsigned long)float_kernel_bits(outputs[o]));
    }
}
