// The Backend interface: a backend claims nodes of the graph (or says why not) and emits C for
// what it claimed. The partitioner asks backends in priority order; codegen drives emission.
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::backends {

// What a backend takes: one node or a chain of consecutive nodes, emitted as one unit.
struct Claim {
    std::vector<std::size_t> nodes; // node indices in schedule order, nodes[0] is the head
    std::string kernel;             // kernel the backend plans to call (for reports)
};

// Memory a backend needs besides the workspace, e.g. an accelerator's local SRAM. A backend
// declares its pools (Backend::memory_pools) and plans its operands inside them per claim
// (offsets it chooses itself); emission turns offsets into C with EmitContext::pool_ref. A pool
// that any claim references becomes one static buffer of `size` bytes in the generated code
// (extra RAM next to the workspace), or, when the user defines the C macro `address_macro` while
// compiling the generated code, that address (memory-mapped device SRAM).
struct MemoryPool {
    std::string name;          // C identifier fragment, unique in a model: "macarray_sram"
    int64_t size = 0;          // bytes
    int64_t alignment = 16;    // of the base address (a power of two)
    std::string address_macro; // optional, e.g. "MACARRAY_SRAM_ADDR"; empty: always a buffer
    bool operator==(const MemoryPool &) const = default;
};

// Everything emission needs from the code generator. Implemented by codegen; backends only
// append to it, so emission order (and therefore the output) is fully deterministic.
class EmitContext {
  public:
    virtual ~EmitContext() = default;

    virtual const ir::Graph &graph() const = 0;
    // C expression for a pointer to the tensor's first element: a workspace slot
    // "(int8_t *)(ws + 1024)", a caller buffer "in->input_1", or a weights array. Constants are
    // added to the weights file on first use. kNoTensor gives "NULL".
    virtual std::string tensor_ref(ir::TensorId id) = 0;
    // True when `id` shares storage with another tensor (zero-copy RESHAPE): nothing to move.
    virtual bool shares_storage(ir::TensorId a, ir::TensorId b) const = 0;
    // Adds a deduplicated constant array of `c_type` elements to the weights file; returns its
    // C identifier. `what` is a comment naming where the data comes from.
    virtual std::string add_constant(std::string_view c_type, std::span<const uint8_t> bytes,
                                     std::string_view what) = 0;
    // Adds `static const <c_type> <name> = <initializer>;` to the model source; returns name.
    virtual std::string add_params(std::string_view c_type, std::string_view name_hint,
                                   std::string_view initializer) = 0;
    // Appends one C statement to the run function body.
    virtual void add_statement(std::string statement) = 0;
    // Records that the current claim calls `kernel`, defined in runtime file `runtime_file`
    // (relative to the runtime root, e.g. "portable/mao_conv2d_s8.c"); copied into the output
    // together with the local headers it includes.
    virtual void use_kernel(std::string_view kernel, std::string_view runtime_file) = 0;
    // C expression "(void *)(ws + offset)" for the workspace scratch the planner placed for the
    // current claim (Backend::scratch_bytes), or "NULL" when the claim asked for none. The bytes
    // are the claim's alone while it runs; their content is undefined on entry.
    virtual std::string scratch_ref() = 0;

    // C expression "(<c_type> *)(<pool base> + offset)" for a location inside `pool`
    // (CompileError when offset is outside [0, size], when the pool's name, address macro or
    // `c_type` is not a C identifier, its size is not in [1, kMaxPoolBytes] or its alignment
    // not a power of two up to kMaxPoolAlignment). The default implementation declares the
    // pool on first use with one add_statement: a block-scope static buffer in the run function
    // named mao_pool_<name>, or the user's address macro when defined. Code generators may
    // override it to place the buffer elsewhere; the pools stay listed by pools_used().
    virtual std::string pool_ref(const MemoryPool &pool, int64_t offset,
                                 std::string_view c_type = "uint8_t");
    // Pools referenced so far through this context, in order of first use (extra RAM).
    const std::vector<MemoryPool> &pools_used() const { return pools_used_; }

    // Typed helpers over add_constant.
    std::string add_int32_array(std::span<const int32_t> values, std::string_view what);
    std::string add_float_array(std::span<const float> values, std::string_view what);

  protected:
    // Records `pool` as used; false when it already was (CompileError for a different pool
    // with the same name).
    bool note_pool_use(const MemoryPool &pool);

  private:
    std::vector<MemoryPool> pools_used_;
};

class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::string_view name() const = 0;
    // Claims node `node` (and possibly the nodes following it) or returns nullopt and sets
    // `why_not` to a one-line reason (shown in partition errors and reports).
    virtual std::optional<Claim> claim(const ir::Graph &graph, std::size_t node,
                                       std::string &why_not) const = 0;
    // Appends the C code for `claim` to `ctx`. Throws CompileError for values it cannot encode.
    virtual void emit(const Claim &claim, EmitContext &ctx) const = 0;
    // Workspace bytes the claim's kernels need as scratch while they run; the planner places
    // them in the workspace like a tensor live only during the claim (EmitContext::scratch_ref).
    virtual int64_t scratch_bytes(const ir::Graph &graph, const Claim &claim) const {
        (void)graph;
        (void)claim;
        return 0;
    }

    // Estimated cycles to run `claim` on this backend (including data movement and set-up), or
    // nullopt for "no estimate". When a backend gives an estimate, the partitioner compares it
    // with the next backend that claims the same node (its estimate, when it gives one) and
    // offloads only when strictly cheaper; otherwise the claim is declined with the reason
    // "CPU cheaper: X vs Y cycles".
    virtual std::optional<int64_t> cost_cycles(const ir::Graph &graph, const Claim &claim) const {
        (void)graph;
        (void)claim;
        return std::nullopt;
    }
    // The memory pools this backend's emitted code may use (see MemoryPool); none by default.
    virtual std::vector<MemoryPool> memory_pools() const { return {}; }
};

// A C identifier: a letter or '_' then letters, digits and '_' (at most 63 characters, the
// length C99 guarantees to be significant). What names handed to EmitContext must be.
bool is_c_identifier(std::string_view name);

// The most bytes any one memory pool may ask for (every target's memory is smaller).
inline constexpr int64_t kMaxPoolBytes = INT32_MAX;
// The largest pool alignment accepted.
inline constexpr int64_t kMaxPoolAlignment = 65536;

// C literal helpers shared by backends and codegen (exact and deterministic).
std::string c_float(float value);             // shortest round-trip decimal with an f suffix
std::string c_int32(int64_t value);           // INT32_MIN spelled so that it stays an int constant
std::string c_comment(std::string_view text); // text safe inside /* ... */

} // namespace microaot::backends
