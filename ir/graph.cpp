// Graph helpers live with the operator registry (ops.cpp); this unit keeps the invariant that
// the OpKind enum and the registry table stay in the same order.
#include "ir/graph.h"
#include "ir/ops.h"

#include <stdexcept>

namespace microaot::ir {
namespace {

bool registry_matches_enum() {
    for (int k = 0; k <= static_cast<int>(OpKind::Relu6); ++k)
        if (op_info(static_cast<OpKind>(k)).kind != static_cast<OpKind>(k)) return false;
    return true;
}

[[maybe_unused]] const bool kRegistryChecked = [] {
    if (!registry_matches_enum()) throw std::logic_error("ir/ops.cpp table out of OpKind order");
    return true;
}();

} // namespace
} // namespace microaot::ir
