// Identifiers generated code must not use for its own names (struct fields, parameters): C and
// C++ keywords, and the macros and typedef names of the standard headers a firmware includes next
// to the generated header, plus compiler-predefined macros without underscores.
#pragma once

#include <string_view>

namespace microaot::codegen {

// True for a reserved identifier. Patterns (E2BIG, INT8_MAX, FLT_EPSILON, MAO_PROFILE, ...)
// match only names that end in a letter or digit, so appending '_' always frees a name.
bool is_reserved_identifier(std::string_view name);

} // namespace microaot::codegen
