// What the generated files say about their own cost: the kernel calls of NAME.c (per node, with
// their argument counts), the weights arrays each node uses (NAME_weights.h gives their sizes)
// and the parameter structs. Read from the text codegen wrote (codegen/source_writer.cpp), so the
// estimate follows exactly what will be compiled.
#pragma once

#include "codegen/codegen.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace microaot::footprint {

struct KernelCall {
    std::string function;
    int arity = 0;
};

struct NodeCode {
    std::optional<std::size_t> node; // nullopt: statements outside every node's hooks
    std::vector<KernelCall> calls;
    std::vector<std::string> constants; // weights arrays named in its statements, first use order
};

struct GeneratedSource {
    std::vector<NodeCode> nodes;                   // emission order
    std::vector<std::string> param_types;          // one per `static const T name = ...;`
    std::map<std::string, int64_t> constant_bytes; // weights array -> bytes
    std::vector<std::string> constant_order;       // weights arrays in declaration order
};

// Throws CompileError when NAME.c or NAME_weights.h is missing from `files`.
GeneratedSource read_generated(const std::vector<codegen::GeneratedFile> &files,
                               const std::string &name);

} // namespace microaot::footprint
