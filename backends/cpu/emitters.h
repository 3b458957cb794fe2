// One emitter per operator family of the CPU backend: each derives the kernel's parameters at
// compile time (backends/cpu/kernel_params.h) and appends the call to the EmitContext.
#pragma once

#include "backends/backend.h"

#include <string>

namespace microaot::cpu {

void emit_conv(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_fully_connected(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_pool(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_softmax(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_add(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_reshape(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);
void emit_activation(std::size_t node, const std::string &kernel, backends::EmitContext &ctx);

// Registers `kernel` (defined in runtime/portable/<kernel>.c) as used by the current claim.
void use_portable_kernel(const std::string &kernel, backends::EmitContext &ctx);

} // namespace microaot::cpu
