// Building generated C on the host: the test harness and the compile-only checks in tests.
#pragma once

#include "codegen/codegen.h"
#include "ir/graph.h"

#include <filesystem>
#include <string>
#include <vector>

namespace microaot::driver {

// The strict C99 flags every generated file must pass.
std::vector<std::string> strict_c_flags();

// A C program that reads each input from the path in argv[1..NUM_INPUTS], runs NAME_run, and
// writes each output to the following argv paths. Exit 0 ok, 2 usage/IO error, 3 NAME_run failed.
std::string render_harness(const std::string &name, const ir::Graph &graph,
                           const codegen::IoLayout &io);

// cc <strict flags> [-fsanitize...] -I<dir> <dir>/*.c <extra> -o <exe> -lm; returns exit status.
int build_host_program(const std::string &cc, const std::filesystem::path &generated_dir,
                       const std::vector<std::filesystem::path> &extra_sources,
                       const std::filesystem::path &exe, bool sanitize);

} // namespace microaot::driver
