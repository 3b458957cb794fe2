/* insncount.c - QEMU TCG plugin: deterministic counts of executed guest instructions, and a
 * Cortex-M4 cycle estimate, between marker functions (see mao_target.h and docs/measuring.md).
 *
 * Arguments (comma-separated after the plugin path, all optional):
 *   region_begin=ADDR region_end=ADDR    first instruction of mao_region_begin / _end
 *   exclude_begin=ADDR exclude_end=ADDR  first instruction of mao_exclude_begin / _end
 *   exclude_lo=ADDR exclude_hi=ADDR      instructions in [lo, hi) are always excluded
 *   mode=tb|insn                         add per translation block (default) or per insn
 *   out=FILE                             result lines (default: QEMU's log)
 * Result lines: "MAO_REGION <index> <insns> <excluded_insns> <cycles> <excluded_cycles>",
 * "MAO_TOTAL <insns> <excluded_insns> <cycles> <excluded_cycles>" at exit,
 * "MAO_COUNTER_ERROR <what>" on misuse of the markers.
 *
 * Counters per side (counted, excluded): instructions and estimated cycles. Static costs are
 * advanced by code QEMU emits inline into each translated block. In tb mode a block adds its
 * whole count when it starts, so a marker callback, which runs before its instruction,
 * subtracts what the block has already added for the marker instruction and the ones after it
 * ("pending"). The cycle costs of m4_timing.h that depend on the path taken (refill after a
 * taken conditional branch; a load/store pipelining with one at the end of the previous block
 * when QEMU split a straight line of code) are settled by a callback when the next block
 * starts. */
#include "m4_timing.h"
#include "qemu_plugin_api.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define NO_ADDRESS UINT64_MAX

enum marker_kind { REGION_BEGIN, REGION_END, EXCLUDE_BEGIN, EXCLUDE_END, MARKER_KINDS };
enum side { COUNTED, EXCLUDED, SIDES };

struct counts {
    uint64_t insns[SIDES];
    uint64_t cycles[SIDES];
};

/* Identifies a marker instruction inside one translated block; interned, so retranslation
 * of the same block does not allocate again. */
struct marker_site {
    enum marker_kind kind;
    struct counts pending;
    struct marker_site *next;
};

/* What a translated block's end means for the next block's cycles. */
struct block_link {
    uint64_t start, fallthrough;
    enum m4_branch final_branch; /* of its last instruction */
    enum side final_side, first_side;
    bool starts_with_transfer, ends_with_transfer; /* single load/store */
    struct block_link *next;
};

static struct {
    uint64_t marker_address[MARKER_KINDS];
    uint64_t exclude_lo, exclude_hi;
    bool per_insn;
    FILE *out;
} config = {{NO_ADDRESS, NO_ADDRESS, NO_ADDRESS, NO_ADDRESS}, 0, 0, false, NULL};

static struct counts live; /* advanced by inline code and on_block_start */

static struct {
    bool region_open;
    unsigned region_index;
    struct counts region_start;
    unsigned exclude_depth;
    struct counts exclude_start;
    const struct block_link *previous_block;
} state;

static struct marker_site *sites;
static struct block_link *links;

static void *allocate(size_t size) {
    void *p = calloc(1, size);
    if (!p) {
        fputs("insncount: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void emit(const char *line) {
    if (config.out) {
        fputs(line, config.out);
        fflush(config.out);
    } else {
        qemu_plugin_outs(line);
    }
}

static void emit_error(const char *what) {
    char line[160];
    snprintf(line, sizeof line, "MAO_COUNTER_ERROR %s (region %u)\n", what, state.region_index);
    emit(line);
}

static struct counts counts_minus(struct counts a, const struct counts *b) {
    for (int s = 0; s < SIDES; ++s) {
        a.insns[s] -= b->insns[s];
        a.cycles[s] -= b->cycles[s];
    }
    return a;
}

static struct counts counts_before(const struct marker_site *site) {
    return counts_minus(live, &site->pending);
}

static void emit_counts(const char *tag, const char *index, struct counts c) {
    char line[200];
    snprintf(line, sizeof line, "%s%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", tag,
             index, c.insns[COUNTED], c.insns[EXCLUDED], c.cycles[COUNTED], c.cycles[EXCLUDED]);
    emit(line);
}

static void on_region_begin(const struct marker_site *site) {
    if (state.region_open) emit_error("region begin inside an open region; restarted");
    state.region_open = true;
    state.region_start = counts_before(site);
}

static void on_region_end(const struct marker_site *site) {
    if (!state.region_open) {
        emit_error("region end without begin");
        return;
    }
    if (state.exclude_depth > 0) emit_error("region end inside an exclusion");
    char index[16];
    snprintf(index, sizeof index, " %u", state.region_index);
    emit_counts("MAO_REGION", index, counts_minus(counts_before(site), &state.region_start));
    state.region_open = false;
    state.region_index++;
}

static void on_exclude_begin(const struct marker_site *site) {
    if (state.exclude_depth++ == 0) state.exclude_start = counts_before(site);
}

/* Moves everything counted since the outermost exclude_begin over to the excluded side. */
static void on_exclude_end(const struct marker_site *site) {
    if (state.exclude_depth == 0) {
        emit_error("exclude end without begin");
        return;
    }
    if (--state.exclude_depth > 0) return;
    struct counts moved = counts_minus(counts_before(site), &state.exclude_start);
    live.insns[COUNTED] -= moved.insns[COUNTED];
    live.insns[EXCLUDED] += moved.insns[COUNTED];
    live.cycles[COUNTED] -= moved.cycles[COUNTED];
    live.cycles[EXCLUDED] += moved.cycles[COUNTED];
}

static void on_marker(unsigned int vcpu_index, void *userdata) {
    const struct marker_site *site = userdata;
    (void)vcpu_index;
    switch (site->kind) {
    case REGION_BEGIN:
        on_region_begin(site);
        break;
    case REGION_END:
        on_region_end(site);
        break;
    case EXCLUDE_BEGIN:
        on_exclude_begin(site);
        break;
    case EXCLUDE_END:
        on_exclude_end(site);
        break;
    case MARKER_KINDS:
        break;
    }
}

/* Runs when a block starts, before its inline adds matter to any marker: settles the cost of
 * how the previous block ended. */
static void on_block_start(unsigned int vcpu_index, void *userdata) {
    const struct block_link *block = userdata;
    const struct block_link *previous = state.previous_block;
    (void)vcpu_index;
    if (previous) {
        bool continued = block->start == previous->fallthrough;
        if (previous->final_branch == M4_BRANCH_CONDITIONAL && !continued)
            live.cycles[previous->final_side] += M4_BRANCH_REFILL;
        /* A straight line split into two blocks (page boundary, block size limit): keep the
         * pipelining credit, so the estimate does not depend on where QEMU cut. */
        if (previous->final_branch == M4_NO_BRANCH && continued && previous->ends_with_transfer &&
            block->starts_with_transfer)
            live.cycles[block->first_side] -= 1;
    }
    state.previous_block = block;
}

static struct marker_site *intern_site(enum marker_kind kind, struct counts pending) {
    for (struct marker_site *site = sites; site; site = site->next) {
        if (site->kind == kind && memcmp(&site->pending, &pending, sizeof pending) == 0)
            return site;
    }
    struct marker_site *site = allocate(sizeof *site);
    site->kind = kind;
    site->pending = pending;
    site->next = sites;
    sites = site;
    return site;
}

static enum side side_of(uint64_t address) {
    return address >= config.exclude_lo && address < config.exclude_hi ? EXCLUDED : COUNTED;
}

static int marker_at(uint64_t address) {
    for (int kind = 0; kind < MARKER_KINDS; ++kind)
        if (config.marker_address[kind] == address) return kind;
    return -1;
}

/* Static cost of each instruction of a translated block (an unconditional final branch
 * includes its refill) and the block's link record. */
struct block_costs {
    size_t n;
    enum side *side;
    unsigned *cycles;
};

static struct block_costs cost_block(const struct qemu_plugin_tb *tb, struct block_link *link) {
    struct block_costs c = {qemu_plugin_tb_n_insns(tb), NULL, NULL};
    c.side = allocate((c.n + 1) * sizeof *c.side);
    c.cycles = allocate((c.n + 1) * sizeof *c.cycles);
    link->start = qemu_plugin_tb_vaddr(tb);
    link->fallthrough = link->start;
    bool after_transfer = false;
    for (size_t i = 0; i < c.n; ++i) {
        const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        char *text = qemu_plugin_insn_disas(insn);
        struct m4_timing t = m4_instruction_timing(text ? text : "", after_transfer);
        free(text);
        after_transfer = t.single_transfer;
        c.side[i] = side_of(qemu_plugin_insn_vaddr(insn));
        c.cycles[i] = t.cycles;
        if (i == 0) {
            link->first_side = c.side[i];
            link->starts_with_transfer = t.single_transfer;
        }
        if (i + 1 == c.n) {
            link->fallthrough = qemu_plugin_insn_vaddr(insn) + qemu_plugin_insn_size(insn);
            link->final_branch = t.branch;
            link->final_side = c.side[i];
            link->ends_with_transfer = t.single_transfer;
            if (t.branch == M4_BRANCH_ALWAYS) c.cycles[i] += M4_BRANCH_REFILL;
        }
    }
    return c;
}

/* Instructions and static cycles from index `first` to the end of the block, per side. */
static struct counts block_tail(const struct block_costs *c, size_t first) {
    struct counts tail;
    memset(&tail, 0, sizeof tail);
    for (size_t i = first; i < c->n; ++i) {
        tail.insns[c->side[i]]++;
        tail.cycles[c->side[i]] += c->cycles[i];
    }
    return tail;
}

static void add_inline(struct qemu_plugin_tb *tb, struct qemu_plugin_insn *insn, uint64_t *counter,
                       uint64_t amount) {
    if (amount == 0) return;
    if (insn)
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, counter,
                                                   amount);
    else
        qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, counter, amount);
}

static void add_counting(struct qemu_plugin_tb *tb, const struct block_costs *c) {
    if (config.per_insn) {
        for (size_t i = 0; i < c->n; ++i) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            add_inline(tb, insn, &live.insns[c->side[i]], 1);
            add_inline(tb, insn, &live.cycles[c->side[i]], c->cycles[i]);
        }
        return;
    }
    struct counts whole = block_tail(c, 0);
    for (int s = 0; s < SIDES; ++s) {
        add_inline(tb, NULL, &live.insns[s], whole.insns[s]);
        add_inline(tb, NULL, &live.cycles[s], whole.cycles[s]);
    }
}

static void add_marker_callbacks(struct qemu_plugin_tb *tb, const struct block_costs *c) {
    for (size_t i = 0; i < c->n; ++i) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        int kind = marker_at(qemu_plugin_insn_vaddr(insn));
        if (kind < 0) continue;
        /* Per-insn inline adds run after the callbacks of the same instruction. */
        struct counts pending;
        memset(&pending, 0, sizeof pending);
        if (!config.per_insn) pending = block_tail(c, i);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                               intern_site((enum marker_kind)kind, pending));
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    /* One link record per translation, kept until exit: QEMU may run the block any time. */
    struct block_link *link = allocate(sizeof *link);
    link->next = links;
    links = link;
    struct block_costs costs = cost_block(tb, link);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block_start, QEMU_PLUGIN_CB_NO_REGS, link);
    add_counting(tb, &costs);
    add_marker_callbacks(tb, &costs);
    free(costs.side);
    free(costs.cycles);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    if (state.region_open) emit_error("region still open at exit");
    emit_counts("MAO_TOTAL", "", live);
    if (config.out) fclose(config.out);
    config.out = NULL;
    while (sites) {
        struct marker_site *next = sites->next;
        free(sites);
        sites = next;
    }
    while (links) {
        struct block_link *next = links->next;
        free(links);
        links = next;
    }
    state.previous_block = NULL;
}

static bool parse_address(const char *text, uint64_t *address) {
    char *end = NULL;
    unsigned long long value = strtoull(text, &end, 0);
    if (end == text || *end != '\0') return false;
    *address = (uint64_t)value & ~(uint64_t)1; /* Thumb symbols carry bit 0 */
    return true;
}

static const char *const marker_arg_names[MARKER_KINDS] = {"region_begin", "region_end",
                                                           "exclude_begin", "exclude_end"};

/* Splits "key=value"; returns false when the argument has no '='. */
static bool split_argument(const char *argument, char *key, size_t key_size, const char **value) {
    const char *equals = strchr(argument, '=');
    if (!equals || (size_t)(equals - argument) >= key_size) return false;
    memcpy(key, argument, (size_t)(equals - argument));
    key[equals - argument] = '\0';
    *value = equals + 1;
    return true;
}

static bool apply_argument(const char *argument) {
    char key[32];
    const char *value;
    if (!split_argument(argument, key, sizeof key, &value)) return false;
    for (int kind = 0; kind < MARKER_KINDS; ++kind)
        if (strcmp(key, marker_arg_names[kind]) == 0)
            return parse_address(value, &config.marker_address[kind]);
    if (strcmp(key, "exclude_lo") == 0) return parse_address(value, &config.exclude_lo);
    if (strcmp(key, "exclude_hi") == 0) return parse_address(value, &config.exclude_hi);
    if (strcmp(key, "mode") == 0) {
        config.per_insn = strcmp(value, "insn") == 0;
        return config.per_insn || strcmp(value, "tb") == 0;
    }
    if (strcmp(key, "out") == 0) {
        if (config.out) fclose(config.out);
        config.out = fopen(value, "w");
        if (!config.out) fprintf(stderr, "insncount: cannot write '%s'\n", value);
        return config.out != NULL;
    }
    return false;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv) {
    (void)info;
    for (int i = 0; i < argc; ++i) {
        if (!apply_argument(argv[i])) {
            fprintf(stderr, "insncount: bad plugin argument '%s'\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
    return 0;
}
