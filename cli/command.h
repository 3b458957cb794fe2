// Subcommands register themselves here; main() builds the CLI11 app from the registry.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace microaot::cli {

// Process exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitMismatch = 1;    // verify/run: outputs differ from the reference
inline constexpr int kExitBadInput = 2;    // corrupt/unsupported model, unreadable files
inline constexpr int kExitNoReference = 3; // golden manifest has no reference outputs
inline constexpr int kExitUsage = 64;      // EX_USAGE: wrong command-line use

// A subcommand adds itself to `app` under its registered name (app.add_subcommand(name, ...))
// and returns the action to run when it was selected.
// The action returns the exit code; it may throw microaot::CompileError for bad input.
using CommandSetup = std::function<std::function<int()>(CLI::App &app)>;

// Called from a static initializer in each cmd_*.cpp.
bool register_command(std::string name, CommandSetup setup);

} // namespace microaot::cli
