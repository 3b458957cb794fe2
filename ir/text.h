// Text that came from a model (tensor names, custom operator codes, file paths) on its way to a
// terminal, a JSON document or a one-line error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace microaot::ir {

// Byte offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF included), or nullopt when `text` is valid.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

// `text` with every byte that could change what a terminal shows written as \xNN: C0 controls
// (newline and ESC included), DEL, the C1 controls U+0080..U+009F, and bytes that are not part of
// valid UTF-8. Other UTF-8 is kept. Idempotent: the result contains only printable text.
std::string printable(std::string_view text);

} // namespace microaot::ir
