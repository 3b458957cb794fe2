#include "processes.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace microaot::semantic_fuzz {
namespace {

ChildStatus status_of(int raw) {
    ChildStatus s;
    if (WIFEXITED(raw)) {
        s.code = WEXITSTATUS(raw);
    } else if (WIFSIGNALED(raw)) {
        s.code = 128 + WTERMSIG(raw);
        s.timed_out = WTERMSIG(raw) == SIGALRM;
    } else {
        s.code = -1;
    }
    return s;
}

} // namespace

std::string ChildStatus::str() const {
    if (timed_out) return "timed out";
    if (code > 128) return "killed by signal " + std::to_string(code - 128);
    return "exit status " + std::to_string(code);
}

std::vector<ChildStatus> run_forked(const std::vector<std::function<int()>> &tasks, int jobs,
                                    unsigned seconds) {
    std::vector<ChildStatus> result(tasks.size());
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    std::fflush(nullptr); // nothing buffered may be written twice
    while (next < tasks.size() || !running.empty()) {
        while (next < tasks.size() && int(running.size()) < jobs) {
            pid_t pid = fork();
            if (pid == 0) {
                alarm(seconds);
                int code = tasks[next]();
                std::fflush(nullptr);
                _exit(code);
            }
            if (pid < 0) {
                std::perror("semantic-fuzz: fork");
                std::exit(1);
            }
            running[pid] = next++;
        }
        int raw = 0;
        pid_t done = waitpid(-1, &raw, 0);
        if (done < 0) {
            if (errno == EINTR) continue;
            std::perror("semantic-fuzz: waitpid");
            std::exit(1);
        }
        auto it = running.find(done);
        if (it == running.end()) continue;
        result[it->second] = status_of(raw);
        running.erase(it);
    }
    return result;
}

ChildStatus run_program(const std::vector<std::string> &argv, const std::string &log,
                        unsigned seconds, const std::string &cwd) {
    std::vector<char *> args;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
        alarm(seconds); // survives exec
        execvp(args[0], args.data());
        _exit(127);
    }
    int raw = 0;
    while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
    }
    return status_of(raw);
}

} // namespace microaot::semantic_fuzz
