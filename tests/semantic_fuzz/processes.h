// Child processes for the semantic fuzzer: functions run in a fork (crashes and sanitizer
// aborts stay in the child) and programs run with a time limit, a few at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace microaot::semantic_fuzz {

// How a child ended: its exit status, or 128 + signal (SIGALRM: over its time limit).
struct ChildStatus {
    int code = 0;
    bool timed_out = false;
    std::string str() const;
};

// Runs up to `jobs` tasks at a time, each in a forked child that gets `seconds` of wall time
// (SIGALRM), and returns every task's status in task order. A task returns the child's exit
// code.
std::vector<ChildStatus> run_forked(const std::vector<std::function<int()>> &tasks, int jobs,
                                    unsigned seconds);

// Runs argv (PATH searched) in directory `cwd` ("" : the current one) with stdout and stderr
// appended to `log`, for at most `seconds`; returns its status. For use inside a task.
ChildStatus run_program(const std::vector<std::string> &argv, const std::string &log,
                        unsigned seconds, const std::string &cwd = "");

} // namespace microaot::semantic_fuzz
