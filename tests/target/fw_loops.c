/* fw_loops.c - regions whose instruction counts follow from their asm structure alone.
 *
 * Each region is preceded by a "CASE <kind> <a> <b>" console line; check_loop_counts.sh
 * derives the expected counts from kind, a and b (formulas next to each function). */
#include "mao_target.h"

#include <stdio.h>

void count_loop(uint32_t n);
void exclusion_loops(uint32_t counted_n, uint32_t excluded_n);
void range_loops(uint32_t counted_n, uint32_t excluded_n);
void excluded_work(uint32_t n);

/* count_loop(n >= 1): counted = 1 (begin's bx lr) + 2n (subs, bne) + 1 (bl end) = 2n + 2.
 * exclusion_loops(a, b >= 1): counted = 1 + 2a + 1 (bl exclude_begin) + 1 (exclude_end's
 *   bx lr) + 1 (bl region_end) = 2a + 4; excluded = 1 (exclude_begin's bx lr) + 2b + 1
 *   (bl exclude_end) = 2b + 2.
 * range_loops(a, b >= 1) with excluded_work as excluded range: counted = 1 + 2a + 1 (mov)
 *   + 1 (bl excluded_work) + 1 (bl region_end) = 2a + 4; excluded = 2b + 1 (bx lr).
 * Cycle estimates (docs/measuring.md): subs 1, bne 1 + 2 when taken (all but the last
 * iteration), bx/bl 1 + 2, mov 1, so a loop of n costs 4n - 2 and
 *   count_loop: 3 + (4n - 2) + 3 = 4n + 4;
 *   exclusion_loops: counted 3 + (4a - 2) + 3 + 3 + 3 = 4a + 10, excluded 3 + (4b - 2) + 3 = 4b + 4;
 *   range_loops: counted 3 + (4a - 2) + 1 + 3 + 3 = 4a + 8, excluded (4b - 2) + 3 = 4b + 1. */
__asm__(".syntax unified\n"
        ".thumb\n"
        ".section .text.count_loop,\"ax\",%progbits\n"
        ".global count_loop\n"
        ".type count_loop, %function\n"
        ".thumb_func\n"
        "count_loop:\n"
        "    push {r4, lr}\n"
        "    mov r4, r0\n"
        "    bl mao_region_begin\n"
        "1:  subs r4, r4, #1\n"
        "    bne 1b\n"
        "    bl mao_region_end\n"
        "    pop {r4, pc}\n"
        ".size count_loop, .-count_loop\n"

        ".section .text.exclusion_loops,\"ax\",%progbits\n"
        ".global exclusion_loops\n"
        ".type exclusion_loops, %function\n"
        ".thumb_func\n"
        "exclusion_loops:\n"
        "    push {r4, r5, r6, lr}\n"
        "    mov r4, r0\n"
        "    mov r5, r1\n"
        "    bl mao_region_begin\n"
        "1:  subs r4, r4, #1\n"
        "    bne 1b\n"
        "    bl mao_exclude_begin\n"
        "2:  subs r5, r5, #1\n"
        "    bne 2b\n"
        "    bl mao_exclude_end\n"
        "    bl mao_region_end\n"
        "    pop {r4, r5, r6, pc}\n"
        ".size exclusion_loops, .-exclusion_loops\n"

        ".section .text.excluded_work,\"ax\",%progbits\n"
        ".global excluded_work\n"
        ".type excluded_work, %function\n"
        ".thumb_func\n"
        "excluded_work:\n"
        "1:  subs r0, r0, #1\n"
        "    bne 1b\n"
        "    bx lr\n"
        ".size excluded_work, .-excluded_work\n"

        ".section .text.range_loops,\"ax\",%progbits\n"
        ".global range_loops\n"
        ".type range_loops, %function\n"
        ".thumb_func\n"
        "range_loops:\n"
        "    push {r4, r5, r6, lr}\n"
        "    mov r4, r0\n"
        "    mov r5, r1\n"
        "    bl mao_region_begin\n"
        "1:  subs r4, r4, #1\n"
        "    bne 1b\n"
        "    mov r0, r5\n"
        "    bl excluded_work\n"
        "    bl mao_region_end\n"
        "    pop {r4, r5, r6, pc}\n"
        ".size range_loops, .-range_loops\n"
        ".text\n");

static const uint32_t loop_lengths[] = {1, 2, 3, 10, 1000, 65537, 1000000};
static const uint32_t split_lengths[][2] = {{1, 1}, {5, 1000}, {1000, 7}, {123456, 654321}};

int main(void) {
    for (size_t i = 0; i < sizeof loop_lengths / sizeof loop_lengths[0]; ++i) {
        printf("CASE loop %lu 0\n", (unsigned long)loop_lengths[i]);
        count_loop(loop_lengths[i]);
    }
    for (size_t i = 0; i < sizeof split_lengths / sizeof split_lengths[0]; ++i) {
        printf("CASE exclusion %lu %lu\n", (unsigned long)split_lengths[i][0],
               (unsigned long)split_lengths[i][1]);
        exclusion_loops(split_lengths[i][0], split_lengths[i][1]);
    }
    for (size_t i = 0; i < sizeof split_lengths / sizeof split_lengths[0]; ++i) {
        printf("CASE range %lu %lu\n", (unsigned long)split_lengths[i][0],
               (unsigned long)split_lengths[i][1]);
        range_loops(split_lengths[i][0], split_lengths[i][1]);
    }
    return 0;
}
