/* insncount.c - QEMU TCG plugin: deterministic counts of executed guest instructions between
 * marker functions (see mao_target.h and docs/measuring.md).
 *
 * Arguments (comma-separated after the plugin path, all optional):
 *   region_begin=ADDR region_end=ADDR    first instruction of mao_region_begin / _end
 *   exclude_begin=ADDR exclude_end=ADDR  first instruction of mao_exclude_begin / _end
 *   exclude_lo=ADDR exclude_hi=ADDR      instructions in [lo, hi) are always excluded
 *   mode=tb|insn                         add per translation block (default) or per insn
 *   out=FILE                             result lines (default: QEMU's log)
 * Result lines: "MAO_REGION <index> <insns> <excluded_insns>", "MAO_TOTAL <insns>
 * <excluded_insns>" at exit, "MAO_COUNTER_ERROR <what>" on misuse of the markers.
 *
 * Two 64-bit counters (counted, excluded) are advanced by code QEMU emits inline into each
 * translated block. In tb mode a block adds its whole instruction count when it starts, so a
 * marker callback, which runs before its instruction, subtracts what the block has already
 * added for the marker instruction and the ones after it ("pending"). */
#include "qemu_plugin_api.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define NO_ADDRESS UINT64_MAX

enum marker_kind { REGION_BEGIN, REGION_END, EXCLUDE_BEGIN, EXCLUDE_END, MARKER_KINDS };

struct counts {
    uint64_t counted;
    uint64_t excluded;
};

/* Identifies a marker instruction inside one translated block; interned, so retranslation
 * of the same block does not allocate again. */
struct marker_site {
    enum marker_kind kind;
    struct counts pending;
    struct marker_site *next;
};

static struct {
    uint64_t marker_address[MARKER_KINDS];
    uint64_t exclude_lo, exclude_hi;
    bool per_insn;
    FILE *out;
} config = {{NO_ADDRESS, NO_ADDRESS, NO_ADDRESS, NO_ADDRESS}, 0, 0, false, NULL};

static struct counts live; /* advanced by inline code */

static struct {
    bool region_open;
    unsigned region_index;
    struct counts region_start;
    unsigned exclude_depth;
    uint64_t exclude_start;
} state;

static struct marker_site *sites;

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

static struct counts counts_before(const struct marker_site *site) {
    struct counts now = {live.counted - site->pending.counted,
                         live.excluded - site->pending.excluded};
    return now;
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
    struct counts now = counts_before(site);
    char line[160];
    snprintf(line, sizeof line, "MAO_REGION %u %" PRIu64 " %" PRIu64 "\n", state.region_index,
             now.counted - state.region_start.counted, now.excluded - state.region_start.excluded);
    emit(line);
    state.region_open = false;
    state.region_index++;
}

static void on_exclude_begin(const struct marker_site *site) {
    if (state.exclude_depth++ == 0) state.exclude_start = counts_before(site).counted;
}

/* Moves everything counted since the outermost exclude_begin over to the excluded counter. */
static void on_exclude_end(const struct marker_site *site) {
    if (state.exclude_depth == 0) {
        emit_error("exclude end without begin");
        return;
    }
    if (--state.exclude_depth > 0) return;
    uint64_t moved = counts_before(site).counted - state.exclude_start;
    live.counted -= moved;
    live.excluded += moved;
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

static struct marker_site *intern_site(enum marker_kind kind, struct counts pending) {
    for (struct marker_site *site = sites; site; site = site->next) {
        if (site->kind == kind && site->pending.counted == pending.counted &&
            site->pending.excluded == pending.excluded)
            return site;
    }
    struct marker_site *site = malloc(sizeof *site);
    if (!site) {
        fputs("insncount: out of memory\n", stderr);
        exit(2);
    }
    site->kind = kind;
    site->pending = pending;
    site->next = sites;
    sites = site;
    return site;
}

static bool in_excluded_range(uint64_t address) {
    return address >= config.exclude_lo && address < config.exclude_hi;
}

static int marker_at(uint64_t address) {
    for (int kind = 0; kind < MARKER_KINDS; ++kind)
        if (config.marker_address[kind] == address) return kind;
    return -1;
}

/* Instructions from index `first` to the end of the block, split by counter. */
static struct counts block_tail(const struct qemu_plugin_tb *tb, size_t first) {
    struct counts tail = {0, 0};
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = first; i < n; ++i) {
        if (in_excluded_range(qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i))))
            tail.excluded++;
        else
            tail.counted++;
    }
    return tail;
}

static void add_counting(struct qemu_plugin_tb *tb) {
    if (config.per_insn) {
        size_t n = qemu_plugin_tb_n_insns(tb);
        for (size_t i = 0; i < n; ++i) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            uint64_t *counter =
                in_excluded_range(qemu_plugin_insn_vaddr(insn)) ? &live.excluded : &live.counted;
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, counter,
                                                       1);
        }
        return;
    }
    struct counts whole = block_tail(tb, 0);
    if (whole.counted)
        qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &live.counted,
                                                 whole.counted);
    if (whole.excluded)
        qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &live.excluded,
                                                 whole.excluded);
}

static void add_marker_callbacks(struct qemu_plugin_tb *tb) {
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; ++i) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        int kind = marker_at(qemu_plugin_insn_vaddr(insn));
        if (kind < 0) continue;
        /* Per-insn inline adds run after the callbacks of the same instruction. */
        struct counts pending = {0, 0};
        if (!config.per_insn) pending = block_tail(tb, i);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                               intern_site((enum marker_kind)kind, pending));
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    add_counting(tb);
    add_marker_callbacks(tb);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    if (state.region_open) emit_error("region still open at exit");
    char line[160];
    snprintf(line, sizeof line, "MAO_TOTAL %" PRIu64 " %" PRIu64 "\n", live.counted, live.excluded);
    emit(line);
    if (config.out) fclose(config.out);
    config.out = NULL;
    while (sites) {
        struct marker_site *next = sites->next;
        free(sites);
        sites = next;
    }
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
