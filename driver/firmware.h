// Firmware for the cortex-m4f-qemu target: a C99 main that embeds golden data in flash, runs
// and times the generated model, checks its outputs on the target; building and running it.
#pragma once

#include "codegen/io_layout.h"
#include "ir/graph.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace microaot::driver {

struct FirmwareSample {
    int k = 0;
    std::vector<std::vector<uint8_t>> inputs;  // one per graph input
    std::vector<std::vector<uint8_t>> outputs; // one per graph output; empty: no reference
};

// Firmware main.c for model `name`: a warm-up inference, then per sample one inference between
// mao_region_begin/end (stack repainted before, mao_stack_used() after) and an on-target
// comparison printed as `MAO_SAMPLE <k> PASS|FAIL|RAN bad=<n> worst=<hex of the double> stack=<B>`.
// Before that, `MAO_WARMUP rc=<rc> stack=<B>`: the stack high-water since reset after the
// warm-up (nothing else has run). No samples: one run on zero inputs. With MAO_PROFILE defined, it
// instead runs sample 0 once with the per-node hooks as regions. Golden arrays are named
// mao_golden_* (see golden_bytes).
std::string render_firmware_main(const std::string &name, const ir::Graph &graph,
                                 const codegen::IoLayout &io,
                                 const std::vector<FirmwareSample> &samples);
// mao_profile.h: MAO_NODE_BEGIN/END as region markers.
std::string render_profile_header();

// Where the target support and the QEMU plugin are (env MICROAOT_TARGET_DIR and
// MICROAOT_INSNCOUNT_PLUGIN override the build tree's); CompileError when missing.
struct TargetTools {
    std::filesystem::path target_dir, plugin;
    std::string cross_prefix; // $MAO_CROSS_PREFIX or arm-none-eabi-
};
TargetTools find_target_tools();

// What run-qemu.sh reported.
struct QemuRun {
    int exit_status = -1;
    bool timed_out = false;
    std::vector<int64_t> regions;          // counted instructions per region, in order
    std::vector<int64_t> region_cycles;    // their cycle estimate (TRM timing, no wait states)
    std::map<std::string, int64_t> sizes;  // MAO_SIZE fields
    std::vector<std::string> sample_lines; // MAO_SAMPLE lines of the firmware
    std::vector<std::string> errors;       // MAO_COUNTER_ERROR lines
    int64_t warmup_stack = -1;             // MAO_WARMUP stack=: high-water since reset
    std::vector<int64_t> accel_cycles;     // MAO_ACCEL: modelled accelerator cycles per sample
    std::map<int64_t, int64_t> node_accel_cycles; // MAO_NODE_ACCEL (profile): per node
};
QemuRun parse_qemu_output(const std::string &text);

// Bytes of the mao_golden_* symbols in the ELF (golden data, not part of the model).
int64_t golden_bytes(const TargetTools &tools, const std::filesystem::path &elf,
                     const std::filesystem::path &work);
// Code + read-only data of the generated library alone (weights excluded): each generated .c
// but the weights file compiled with the target flags, .text/.rodata/.data summed.
int64_t library_code_bytes(const TargetTools &tools, const std::filesystem::path &generated_dir,
                           const std::string &name, const std::filesystem::path &work);

} // namespace microaot::driver
