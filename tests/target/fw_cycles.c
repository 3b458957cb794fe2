/* fw_cycles.c - asm loops whose cycle estimate follows from the Cortex-M4 TRM timing rules
 * (docs/measuring.md, "Cycle estimate") and their structure alone.
 *
 * Every case is a function case_NAME(n) running BODY n times between the region markers:
 *     bl mao_region_begin     begin's `bx lr`: 1 + 2 (taken branch)      = 3
 *  10: BODY                   B cycles per iteration, from the TRM table below
 *     subs r4, r4, #1         1
 *     bne 10b                 1, + 2 when taken (n - 1 times)
 *     bl mao_region_end       1 + 2                                      = 3
 * so a region estimates n * (B + 4) + F cycles with F = 4. The firmware prints
 * "CASE NAME N B F" before each region; check_cycle_counts.sh compares. Registers at BODY: r5 = a
 * 64-byte buffer, r6 = 1, r1 = 3, r2 = 5, r3 = 7, s1 = 4.0, s2 = 1.0. */
#include "mao_target.h"

#include <stdio.h>

uint32_t timing_buffer[16];

#define CASE_FUNCTION(name, body)                                                                  \
    ".section .text.case_" #name ",\"ax\",%progbits\n"                                             \
    ".global case_" #name "\n"                                                                     \
    ".type case_" #name ", %function\n"                                                            \
    ".thumb_func\n"                                                                                \
    "case_" #name ":\n"                                                                            \
    "    push {r4, r5, r6, r7, r8, lr}\n"                                                          \
    "    mov r4, r0\n"                                                                             \
    "    movw r5, #:lower16:timing_buffer\n"                                                       \
    "    movt r5, #:upper16:timing_buffer\n"                                                       \
    "    movs r6, #1\n"                                                                            \
    "    movs r1, #3\n"                                                                            \
    "    movs r2, #5\n"                                                                            \
    "    movs r3, #7\n"                                                                            \
    "    vmov.f32 s1, #4.0\n"                                                                      \
    "    vmov.f32 s2, #1.0\n"                                                                      \
    "    bl mao_region_begin\n"                                                                    \
    "10:\n" body "    subs r4, r4, #1\n"                                                           \
    "    bne 10b\n"                                                                                \
    "    bl mao_region_end\n"                                                                      \
    "    pop {r4, r5, r6, r7, r8, pc}\n"                                                           \
    ".size case_" #name ", .-case_" #name "\n"

/* Cycles per iteration of each BODY, by the TRM rules: single load/store 2, or 1 right after
 * another; LDRD/STRD 3; LDM/STM/PUSH/POP/VLDM/VPUSH/VPOP 1 + words (D register = 2); MUL,
 * MLA, SMLAD, SMULL, SMLAL 1; SDIV/UDIV 7; VADD/VMUL 1; VMLA/VFMA 3; VDIV/VSQRT 14; branch 1,
 * + 2 when taken; IT 1. */
#define CASES(X)                                                                                   \
    X(single_load, 2, "    ldr r0, [r5]\n")                                                        \
    X(pipelined_loads, 4, "    ldr r0, [r5]\n    ldr r1, [r5, #4]\n    ldr.w r2, [r5, #8]\n")      \
    X(load_alu_store, 5, "    ldr r0, [r5]\n    adds r0, #1\n    str r0, [r5]\n")                  \
    X(narrow_transfers, 5,                                                                         \
      "    ldrb r0, [r5]\n    ldrsh.w r0, [r5, #2]\n    strh r0, [r5, #4]\n"                       \
      "    strb r0, [r5, #6]\n")                                                                   \
    X(vfp_transfers, 3, "    vldr s0, [r5]\n    vstr s0, [r5, #4]\n")                              \
    X(double_transfers, 8, "    ldrd r0, r7, [r5]\n    ldr r0, [r5]\n    strd r0, r7, [r5, #8]\n") \
    X(multiple_transfers, 8, "    ldm r5, {r0, r1, r2, r3}\n    stm r5, {r0, r1}\n")               \
    X(push_pop, 8, "    push {r0, r1, r2}\n    pop {r0, r1, r2}\n")                                \
    X(vfp_multiple, 15, "    vldmia r5, {s4-s7}\n    vpush {d8, d9}\n    vpop {d8, d9}\n")         \
    X(multiplies, 5,                                                                               \
      "    mul r0, r1, r2\n    mla r0, r1, r2, r0\n    smlad r0, r1, r2, r0\n"                     \
      "    smull r0, r7, r1, r2\n    smlal r0, r7, r1, r2\n")                                      \
    X(divides, 14, "    sdiv r0, r1, r2\n    udiv r0, r3, r2\n")                                   \
    X(vfp_arithmetic, 8,                                                                           \
      "    vadd.f32 s0, s1, s2\n    vmul.f32 s0, s1, s2\n    vmla.f32 s0, s1, s2\n"                \
      "    vfma.f32 s0, s1, s2\n")                                                                 \
    X(vfp_divide_sqrt, 28, "    vdiv.f32 s0, s1, s2\n    vsqrt.f32 s0, s1\n")                      \
    X(branch_taken, 4, "    cmp r6, r6\n    beq 20f\n    nop\n20:\n")                              \
    X(branch_not_taken, 3, "    cmp r6, r1\n    beq 20f\n    nop\n20:\n")                          \
    X(cbz_not_taken, 2, "    cbz r6, 20f\n    nop\n20:\n")                                         \
    X(cbnz_taken, 3, "    cbnz r6, 20f\n    nop\n20:\n")                                           \
    X(unconditional_branch, 3, "    b 20f\n    nop\n20:\n")                                        \
    X(call_return, 6, "    bl timing_leaf\n")                                                      \
    X(call_pop_pc, 11, "    bl timing_leaf_pop\n")                                                 \
    X(it_block, 4, "    cmp r6, r6\n    ite eq\n    addeq r0, r0, #1\n    subne r0, r0, #1\n")

#define EMIT_CASE(name, cycles, body) CASE_FUNCTION(name, body)
__asm__(".syntax unified\n"
        ".thumb\n" CASES(EMIT_CASE)
        /* Leaf functions for the call cases: bx lr = 1 + 2; push {r4, lr} = 3, pop {r4, pc} =
         * 3 + 2. */
        ".section .text.timing_leaf,\"ax\",%progbits\n"
        ".type timing_leaf, %function\n"
        ".thumb_func\n"
        "timing_leaf:\n"
        "    bx lr\n"
        ".size timing_leaf, .-timing_leaf\n"
        ".section .text.timing_leaf_pop,\"ax\",%progbits\n"
        ".type timing_leaf_pop, %function\n"
        ".thumb_func\n"
        "timing_leaf_pop:\n"
        "    push {r4, lr}\n"
        "    pop {r4, pc}\n"
        ".size timing_leaf_pop, .-timing_leaf_pop\n"
        ".text\n");

/* Two loads in a straight line across a 4 KiB boundary, where QEMU ends a translated block
 * (its pages are 1 or 4 KiB): the second still pipelines with the first. Region: begin 3,
 * `b 10f` 3, then per iteration adds 1 + ldr 2 + ldr 1 + subs 1 + bne 1 (+2 taken), then
 * bl mao_region_end 3: 6n + 2(n - 1) + 9 = n * (4 + 4) + 7: B = 4, F = 7 (without the
 * pipelining across the cut it would be B = 5). */
__asm__(".syntax unified\n"
        ".thumb\n"
        ".section .text.case_split_loads,\"ax\",%progbits\n"
        ".balign 4096\n"
        ".global case_split_loads\n"
        ".type case_split_loads, %function\n"
        ".thumb_func\n"
        "case_split_loads:\n"
        "    push {r4, r5, r6, lr}\n"
        "    mov r4, r0\n"
        "    movw r5, #:lower16:timing_buffer\n"
        "    movt r5, #:upper16:timing_buffer\n"
        "    bl mao_region_begin\n"
        "    b 10f\n"
        "    .org case_split_loads + 4092\n"
        "10: adds r0, r0, #0\n" /* 16-bit, at 4092 */
        "    ldr r0, [r5]\n"    /* 16-bit, at 4094: the last halfword of the page */
        "    ldr r1, [r5]\n"    /* 16-bit, at 4096: the next page */
        "    subs r4, r4, #1\n"
        "    bne 10b\n"
        "    bl mao_region_end\n"
        "    pop {r4, r5, r6, pc}\n"
        ".size case_split_loads, .-case_split_loads\n"
        ".text\n");

#define DECLARE_CASE(name, cycles, body) void case_##name(uint32_t n);
CASES(DECLARE_CASE)
void case_split_loads(uint32_t n);

static const uint32_t lengths[] = {1, 1000};

int main(void) {
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; ++i) {
        uint32_t n = lengths[i];
#define RUN_CASE(name, cycles, body)                                                               \
    printf("CASE %s %lu %d 4\n", #name, (unsigned long)n, cycles);                                 \
    case_##name(n);
        CASES(RUN_CASE)
        printf("CASE split_loads %lu 4 7\n", (unsigned long)n);
        case_split_loads(n);
    }
    return 0;
}
