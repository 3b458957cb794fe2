/* fw_stack.c - stack high-water marks for known stack demands, and weights in their own
 * section. Prints "STACK_SIZE <bytes>", "STACK <demand> <used>" and "WEIGHTS_SUM <sum>". */
#include "mao_target.h"

#include <stdio.h>

static const uint8_t weights_bytes[3000] MAO_WEIGHTS_SECTION(bytes) = {1, 2, 3};
static const int32_t weights_words[250] MAO_WEIGHTS_SECTION(words) = {4, 5, 6};

/* Demands `bytes` of stack (a VLA, every byte written) on top of its own small frame. */
static __attribute__((noinline)) uint32_t touch_stack(size_t bytes) {
    volatile unsigned char buffer[bytes];
    for (size_t i = 0; i < bytes; ++i)
        buffer[i] = (unsigned char)i;
    uint32_t sum = 0;
    for (size_t i = 0; i < bytes; ++i)
        sum += buffer[i];
    return sum;
}

static uint32_t sum_weights(void) {
    uint32_t sum = 0;
    for (size_t i = 0; i < sizeof weights_bytes; ++i)
        sum += weights_bytes[i];
    for (size_t i = 0; i < sizeof weights_words / sizeof weights_words[0]; ++i)
        sum += (uint32_t)weights_words[i];
    return sum;
}

int main(void) {
    static const size_t demands[] = {256, 1024, 2048, 6000};
    printf("STACK_SIZE %lu\n", (unsigned long)mao_stack_size());
    for (size_t i = 0; i < sizeof demands / sizeof demands[0]; ++i) {
        mao_stack_repaint();
        uint32_t checksum = touch_stack(demands[i]);
        printf("STACK %lu %lu %lu\n", (unsigned long)demands[i], (unsigned long)mao_stack_used(),
               (unsigned long)checksum);
    }
    printf("WEIGHTS_SUM %lu\n", (unsigned long)sum_weights());
    return 0;
}
