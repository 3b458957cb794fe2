// The C test program of one batch of compiled mutants: every mutant's NAME_run_with_workspace on
// inputs all -128, all 127 and random, with each buffer (inputs, outputs, workspace) its own
// exact-size heap block so that AddressSanitizer sees any access outside it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace microaot::semantic_fuzz {

struct IoBuffer {
    std::string field;  // NAME_inputs / NAME_outputs member
    std::string c_type; // element type ("int8_t", "float", ...)
    int64_t bytes = 0;
};

struct CompiledMutant {
    int id = 0;
    std::string name; // C prefix (--name)
    std::vector<IoBuffer> inputs, outputs;
};

// The program takes one optional argument, the index in `batch` to start from; it prints
// "begin K P" and "end K P" around run K with pattern P, and exits 3 when a run returns non-zero.
std::string render_batch_harness(const std::vector<CompiledMutant> &batch);

} // namespace microaot::semantic_fuzz
