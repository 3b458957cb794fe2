// Where an installed microaot finds its data: relative to its own executable (bin/microaot ->
// share/microaot/, lib/microaot/), so an installation (`cmake --install`) works wherever it is
// put. A build tree has no such layout and uses the source paths compiled in.
#pragma once

#include <filesystem>

namespace microaot::driver {

// The installation prefix holding this executable (<prefix>/bin/microaot with
// <prefix>/share/microaot/runtime present), or an empty path when running from a build tree.
std::filesystem::path installed_prefix();

} // namespace microaot::driver
