// Documentation generated from the CLI11 definitions themselves (never kept by hand): a bash
// completion script and a man page. `microaot --generate-completion bash` and
// `microaot --generate-man` print them; the build writes both and `cmake --install` installs
// them (share/bash-completion/completions/microaot, share/man/man1/microaot.1).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace microaot::cli {

std::string bash_completion(const CLI::App &app);
std::string man_page(const CLI::App &app);

} // namespace microaot::cli
