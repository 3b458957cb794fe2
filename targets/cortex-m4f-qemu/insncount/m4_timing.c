/* m4_timing.c - see m4_timing.h for the rules. */
#include "m4_timing.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *text, const char *prefix) {
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool starts_with_any(const char *text, const char *const *prefixes) {
    for (; *prefixes; ++prefixes)
        if (starts_with(text, *prefixes)) return true;
    return false;
}

static bool equals_any(const char *text, const char *const *words) {
    for (; *words; ++words)
        if (strcmp(text, *words) == 0) return true;
    return false;
}

/* The whole of `text` is a condition code ("al" and the aliases hs/lo included). */
static bool is_condition(const char *text) {
    static const char *const codes[] = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs",
                                        "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", NULL};
    return equals_any(text, codes);
}

/* Copies the mnemonic without its qualifier (".w", ".n", ".f32", ...) into `mnemonic`; returns
 * the operand text after it. */
static const char *split_mnemonic(const char *disassembly, char *mnemonic, size_t size) {
    size_t length = 0;
    while (disassembly[length] && disassembly[length] != ' ' && length + 1 < size) {
        mnemonic[length] = disassembly[length];
        length++;
    }
    mnemonic[length] = '\0';
    char *qualifier = strchr(mnemonic, '.');
    if (qualifier) *qualifier = '\0';
    const char *operands = disassembly + length;
    while (*operands == ' ')
        operands++;
    return operands;
}

/* Words moved by a register list "{r4, r5, lr}", "{d8, d9}" or "{s16-s31}" (a D register is two
 * words); sets *has_pc when PC is in it. Without braces: one word. */
static unsigned register_list_words(const char *operands, bool *has_pc) {
    *has_pc = false;
    const char *open = strchr(operands, '{');
    const char *close = open ? strchr(open, '}') : NULL;
    if (!close) return 1;
    unsigned words = 0;
    const char *item = open + 1;
    while (item < close) {
        while (*item == ' ')
            item++;
        const char *end = item;
        while (end < close && *end != ',')
            end++;
        unsigned per_register = *item == 'd' ? 2u : 1u;
        const char *dash = memchr(item, '-', (size_t)(end - item));
        if (dash) {
            long first = strtol(item + 1, NULL, 10), last = strtol(dash + 2, NULL, 10);
            words += (unsigned)(last - first + 1) * per_register;
        } else {
            words += per_register;
            if (starts_with(item, "pc")) *has_pc = true;
        }
        item = end + 1;
    }
    return words;
}

/* Branch kind of the B family and CBZ/CBNZ, TBB/TBH; M4_NO_BRANCH for anything else. */
static enum m4_branch branch_kind(const char *mnemonic) {
    static const char *const unconditional[] = {"b", "bl", "bx", "blx", "tbb", "tbh", NULL};
    static const char *const conditional_bases[] = {"b", "bl", "bx", "blx", NULL};
    static const char *const compare_and_branch[] = {"cbz", "cbnz", NULL};
    if (equals_any(mnemonic, unconditional)) return M4_BRANCH_ALWAYS;
    if (equals_any(mnemonic, compare_and_branch)) return M4_BRANCH_CONDITIONAL;
    for (const char *const *base = conditional_bases; *base; ++base)
        if (starts_with(mnemonic, *base) && is_condition(mnemonic + strlen(*base)))
            return M4_BRANCH_CONDITIONAL;
    return M4_NO_BRANCH;
}

struct m4_timing m4_instruction_timing(const char *disassembly, bool after_single_transfer) {
    static const char *const multiple_transfers[] = {"push", "pop",  "ldm",  "stm", "vpush",
                                                     "vpop", "vldm", "vstm", NULL};
    static const char *const double_transfers[] = {"ldrd", "strd", NULL};
    static const char *const single_transfers[] = {"ldr", "str", "vldr", "vstr", NULL};
    static const char *const divides[] = {"sdiv", "udiv", NULL};
    static const char *const float_long[] = {"vdiv", "vsqrt", NULL};
    static const char *const float_multiply_accumulate[] = {"vmla", "vmls", "vnmla", "vnmls",
                                                            "vfma", "vfms", "vfnm",  NULL};
    char mnemonic[32];
    const char *operands = split_mnemonic(disassembly, mnemonic, sizeof mnemonic);
    struct m4_timing t = {1, false, branch_kind(mnemonic)};
    if (t.branch != M4_NO_BRANCH) {
        if (starts_with(mnemonic, "tb")) t.cycles = 2;
    } else if (starts_with_any(mnemonic, multiple_transfers)) {
        bool has_pc;
        t.cycles = 1 + register_list_words(operands, &has_pc);
        if (has_pc && starts_with(mnemonic, "pop"))
            t.branch = is_condition(mnemonic + 3) ? M4_BRANCH_CONDITIONAL : M4_BRANCH_ALWAYS;
        else if (has_pc && starts_with(mnemonic, "ldm"))
            t.branch = M4_BRANCH_ALWAYS;
    } else if (starts_with_any(mnemonic, double_transfers)) {
        t.cycles = 3;
    } else if (starts_with_any(mnemonic, single_transfers)) {
        t.single_transfer = true;
        t.cycles = after_single_transfer ? 1 : 2;
        if (starts_with(mnemonic, "ldr") && starts_with(operands, "pc,"))
            t.branch = M4_BRANCH_ALWAYS;
    } else if (starts_with_any(mnemonic, divides)) {
        t.cycles = 7;
    } else if (starts_with_any(mnemonic, float_long)) {
        t.cycles = 14;
    } else if (starts_with_any(mnemonic, float_multiply_accumulate)) {
        t.cycles = 3;
    }
    return t;
}
