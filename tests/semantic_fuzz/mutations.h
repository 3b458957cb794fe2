// The semantic mutants: one or two scalar fields of a real model (operator options, shapes,
// quantization parameters, tensor/buffer/opcode indices, dtypes, a constant's values) set to
// boundary values. The list is a pure function of the model and the seed.
#pragma once

#include "model_editor.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace microaot::semantic_fuzz {

// What an edit touches; mutants draw the kind first so that every kind is well represented.
enum class EditKind { Options, Quantization, Shape, Data, DType, Index, Count };

// One field set to one value.
struct Edit {
    EditKind kind;
    std::string what; // "op 3 stride_w = 2147483647"
    std::function<void(EditableModel &)> apply;
};

struct Mutant {
    std::vector<Edit> edits; // empty: the model as read (must compile)
    std::string describe() const;
    EditableModel applied(const EditableModel &original) const;
};

// Every single edit the model offers (deterministic order).
std::vector<Edit> all_edits(const EditableModel &model);

// `count` mutants: the unmodified model first, then one or two edits each, drawn with `seed`.
std::vector<Mutant> make_mutants(const EditableModel &model, int count, uint32_t seed);

} // namespace microaot::semantic_fuzz
