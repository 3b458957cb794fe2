// Names of TFLite builtin operator codes, for error messages and inspect output.
#pragma once

#include <cstdint>
#include <string>

namespace microaot::tflite {

// Builtin codes the importer treats specially.
inline constexpr int32_t kBuiltinCall = 31;
inline constexpr int32_t kBuiltinCustom = 32;
inline constexpr int32_t kBuiltinIf = 118;
inline constexpr int32_t kBuiltinWhile = 119;
inline constexpr int32_t kBuiltinCallOnce = 129;

// "CONV_2D" for 3; "builtin code N" for codes without a known name.
std::string builtin_name(int32_t code);

} // namespace microaot::tflite
