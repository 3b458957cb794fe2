/* test_m4_timing.c - the timing table of targets/cortex-m4f-qemu/insncount/m4_timing.c on
 * disassembly text as QEMU's capstone prints it, including forms the asm loops of
 * fw_cycles.c cannot easily reach (register ranges, conditional returns, LDR PC, TBB).
 * Expected cycles are the Cortex-M4 TRM figures of docs/measuring.md. */
#include "m4_timing.h"

#include <stdio.h>
#include <string.h>

struct expectation {
    const char *text;
    bool after_transfer;
    unsigned cycles;
    bool single_transfer;
    enum m4_branch branch;
};

static const struct expectation cases[] = {
    {"adds r0, #1", false, 1, false, M4_NO_BRANCH},
    {"smlad r0, r1, r2, r0", false, 1, false, M4_NO_BRANCH},
    {"ldr r3, [r0]", false, 2, true, M4_NO_BRANCH},
    {"ldr.w r3, [r0], #4", true, 1, true, M4_NO_BRANCH},
    {"str r3, [sp, #4]", true, 1, true, M4_NO_BRANCH},
    {"ldrsb.w r1, [r2, #1]", false, 2, true, M4_NO_BRANCH},
    {"vldr s0, [r1, #8]", true, 1, true, M4_NO_BRANCH},
    {"ldreq r0, [r1]", false, 2, true, M4_NO_BRANCH},
    {"ldrd r0, r1, [r2]", true, 3, false, M4_NO_BRANCH},
    {"strd r0, r1, [r2, #8]", false, 3, false, M4_NO_BRANCH},
    {"push {r4, r5, r6, lr}", false, 5, false, M4_NO_BRANCH},
    {"push.w {r4, r5, r6, r7, r8, sb, sl, fp, lr}", false, 10, false, M4_NO_BRANCH},
    {"pop {r4, r5, r6}", false, 4, false, M4_NO_BRANCH},
    {"pop {r4, pc}", false, 3, false, M4_BRANCH_ALWAYS},
    {"popeq {r4, pc}", false, 3, false, M4_BRANCH_CONDITIONAL},
    {"ldm.w sp!, {r4, r5, pc}", false, 4, false, M4_BRANCH_ALWAYS},
    {"ldm r2, {r0, r1, r2}", false, 4, false, M4_NO_BRANCH},
    {"stm.w r0, {r1, r2}", false, 3, false, M4_NO_BRANCH},
    {"vpush {d8, d9, d10}", false, 7, false, M4_NO_BRANCH},
    {"vpop {d8-d15}", false, 17, false, M4_NO_BRANCH},
    {"vldmia r0!, {s0-s7}", false, 9, false, M4_NO_BRANCH},
    {"vstmia r0, {s4, s5}", false, 3, false, M4_NO_BRANCH},
    {"sdiv r0, r1, r2", false, 7, false, M4_NO_BRANCH},
    {"udiv r0, r1, r2", false, 7, false, M4_NO_BRANCH},
    {"vdiv.f32 s0, s1, s2", false, 14, false, M4_NO_BRANCH},
    {"vsqrt.f32 s0, s1", false, 14, false, M4_NO_BRANCH},
    {"vmla.f32 s0, s1, s2", false, 3, false, M4_NO_BRANCH},
    {"vfma.f32 s0, s1, s2", false, 3, false, M4_NO_BRANCH},
    {"vnmls.f32 s0, s1, s2", false, 3, false, M4_NO_BRANCH},
    {"vmul.f32 s0, s1, s2", false, 1, false, M4_NO_BRANCH},
    {"b #0x100", false, 1, false, M4_BRANCH_ALWAYS},
    {"b.w #0x100", false, 1, false, M4_BRANCH_ALWAYS},
    {"bl #0x100", false, 1, false, M4_BRANCH_ALWAYS},
    {"bx lr", false, 1, false, M4_BRANCH_ALWAYS},
    {"blx r3", false, 1, false, M4_BRANCH_ALWAYS},
    {"beq #0x100", false, 1, false, M4_BRANCH_CONDITIONAL},
    {"bls.w #0x100", false, 1, false, M4_BRANCH_CONDITIONAL},
    {"bxne lr", false, 1, false, M4_BRANCH_CONDITIONAL},
    {"cbz r0, #0x20", false, 1, false, M4_BRANCH_CONDITIONAL},
    {"cbnz r0, #0x20", false, 1, false, M4_BRANCH_CONDITIONAL},
    {"tbb [pc, r0]", false, 2, false, M4_BRANCH_ALWAYS},
    {"tbh [pc, r0, lsl #1]", false, 2, false, M4_BRANCH_ALWAYS},
    {"ldr pc, [sp], #4", false, 2, true, M4_BRANCH_ALWAYS},
    {"ldr r0, [pc, #8]", false, 2, true, M4_NO_BRANCH},
    {"bic r0, r0, #1", false, 1, false, M4_NO_BRANCH},
    {"bfi r0, r1, #0, #8", false, 1, false, M4_NO_BRANCH},
    {"it eq", false, 1, false, M4_NO_BRANCH},
    {"", false, 1, false, M4_NO_BRANCH},
};

int main(void) {
    int failures = 0, count = (int)(sizeof cases / sizeof cases[0]);
    for (int i = 0; i < count; ++i) {
        const struct expectation *e = &cases[i];
        struct m4_timing t = m4_instruction_timing(e->text, e->after_transfer);
        if (t.cycles != e->cycles || t.single_transfer != e->single_transfer ||
            t.branch != e->branch) {
            printf("FAIL: '%s'%s: cycles %u transfer %d branch %d, expected %u %d %d\n", e->text,
                   e->after_transfer ? " (after a transfer)" : "", t.cycles, t.single_transfer,
                   (int)t.branch, e->cycles, e->single_transfer, (int)e->branch);
            failures++;
        }
    }
    if (failures) return 1;
    printf("PASS: %d instructions timed as the TRM table says\n", count);
    return 0;
}
