/* m4_timing.h - static Cortex-M4 cycle costs of one instruction, from its disassembly.
 *
 * The rules are those of the shared yardstick `m4count --cyc` (Cortex-M4 TRM instruction timing,
 * zero wait states), so both counters give the same estimate for the same firmware:
 *   - 1 cycle by default (ALU, MUL/MLA, long multiplies, DSP MACs, most VFP instructions);
 *   - a single load/store (LDR*, STR*, VLDR, VSTR) 2 cycles, or 1 when the instruction before
 *     it in the same translated block was one too (the TRM's pipelined address phases);
 *   - LDRD/STRD 3; LDM/STM/PUSH/POP/VLDM/VSTM/VPUSH/VPOP 1 + the words transferred
 *     (a D register is two words);
 *   - SDIV/UDIV 7 (the TRM gives 2..12), VDIV/VSQRT 14, VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNM* 3;
 *   - TBB/TBH 2;
 *   - branches (B, BL, BX, BLX, CBZ, CBNZ, POP/LDM with PC, LDR PC) 1 plus a pipeline refill of
 *     M4_BRANCH_REFILL cycles when taken (the TRM gives 1..3): always for unconditional ones,
 *     at run time for conditional ones (the counter sees where execution went next).
 * Not modelled: load-use stalls, flash wait states, caches, bus contention, IT folding. */
#ifndef MAO_M4_TIMING_H
#define MAO_M4_TIMING_H

#include <stdbool.h>

#define M4_BRANCH_REFILL 2u

enum m4_branch { M4_NO_BRANCH, M4_BRANCH_ALWAYS, M4_BRANCH_CONDITIONAL };

struct m4_timing {
    unsigned cycles;       /* without any refill */
    bool single_transfer;  /* one LDR/STR/VLDR/VSTR: may pipeline with the next one */
    enum m4_branch branch; /* whether it may change the program counter */
};

/* `disassembly` is "mnemonic operands" as QEMU prints it (e.g. "ldr.w r3, [r0], #4");
 * `after_single_transfer`: the previous instruction of the same block was a single transfer. */
struct m4_timing m4_instruction_timing(const char *disassembly, bool after_single_transfer);

#endif /* MAO_M4_TIMING_H */
