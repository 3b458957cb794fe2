// docs/operators.md: every operator of the IR registry with its operands and traits, and per
// dtype the kernels of the CPU backend (portable, Cortex-M4) and the accelerators that take it.
#pragma once

#include <string>

namespace microaot::driver {

// The whole markdown page (`microaot ops` prints it; a test keeps the file current).
std::string operator_table_markdown();

} // namespace microaot::driver
