/* mao_target_internal.h - declarations shared between the target support files only. */
#ifndef MAO_TARGET_INTERNAL_H
#define MAO_TARGET_INTERNAL_H

#include <stdint.h>

/* Paints [__stack_limit, stack_pointer - margin) with MAO_STACK_PAINT. */
void mao_stack_paint_below(uintptr_t stack_pointer);

/* Prints "label0x%08x\n" with no dependency on libc state (usable from fault handlers). */
void mao_target_put_hex(const char *label, uint32_t value);

#endif /* MAO_TARGET_INTERNAL_H */
