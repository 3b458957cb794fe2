/* stack.c - stack high-water measurement by painting the unused stack with a known word. */
#include "mao_target.h"
#include "mao_target_internal.h"

/* Words just below the live stack pointer are left alone: the painting code's own frame
 * (and any interrupt frame) may be there. */
#define PAINT_MARGIN_BYTES 64u

extern uint32_t __stack_limit[];
extern uint32_t __stack_top[];

void mao_stack_paint_below(uintptr_t stack_pointer) {
    uint32_t *end = (uint32_t *)((stack_pointer - PAINT_MARGIN_BYTES) & ~(uintptr_t)3u);
    for (volatile uint32_t *word = __stack_limit; word < end; ++word)
        *word = MAO_STACK_PAINT;
}

void mao_stack_repaint(void) {
    uintptr_t stack_pointer;
    __asm__ volatile("mov %0, sp" : "=r"(stack_pointer));
    mao_stack_paint_below(stack_pointer);
}

size_t mao_stack_used(void) {
    const uint32_t *word = __stack_limit;
    while (word < __stack_top && *word == MAO_STACK_PAINT)
        ++word;
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)word);
}

size_t mao_stack_size(void) {
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit);
}
