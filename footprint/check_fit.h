// `compile --check-fit flash=512K,ram=128K`: does the library fit the part, and if not, what
// takes the room.
#pragma once

#include "footprint/footprint.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::footprint {

struct FitLimits {
    std::optional<int64_t> flash, ram; // bytes
    std::string flash_text, ram_text;  // as the user wrote them ("512K")
};

// "flash=512K,ram=128K" (either may be left out; K = 1024, M = 1024 * 1024). Returns "" and
// fills `limits`, or a one-line description of what is wrong.
std::string parse_fit_limits(std::string_view spec, FitLimits &limits);

// One line per limit exceeded (empty: it fits), each naming the largest consumers.
std::vector<std::string> fit_violations(const Footprint &footprint, const FitLimits &limits);

} // namespace microaot::footprint
