// microaot: command-line entry. Parses arguments with CLI11 and dispatches to a subcommand.
#include "cli/cli_docs.h"
#include "cli/command.h"
#include "ir/error.h"
#include "ir/text.h"

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <map>
#include <new>

namespace microaot::cli {

static std::map<std::string, CommandSetup> &registry() {
    static std::map<std::string, CommandSetup> commands;
    return commands;
}

bool register_command(std::string name, CommandSetup setup) {
    registry().emplace(std::move(name), std::move(setup));
    return true;
}

} // namespace microaot::cli

int main(int argc, char **argv) {
    using namespace microaot::cli;
    CLI::App app{"microaot: ahead-of-time compiler from TFLite models to bare-metal C"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "microaot 0.1.0");
    std::map<std::string, std::function<int()>> actions;
    for (auto &[name, setup] : registry())
        actions[name] = setup(app);
    // Hidden: documentation generated from the definitions above (used by the build).
    std::string first = argc > 1 ? argv[1] : "";
    if (first == "--generate-completion" || first == "--generate-man") {
        bool completion = first == "--generate-completion";
        if (argc != (completion ? 3 : 2) || (completion && std::string(argv[2]) != "bash")) {
            fmt::print(stderr, "microaot: usage error: {}\n",
                       completion ? "--generate-completion takes one shell: bash"
                                  : "--generate-man takes no arguments");
            return kExitUsage;
        }
        fmt::print("{}", completion ? bash_completion(app) : man_page(app));
        return kExitOk;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        fmt::print(stderr, "microaot: usage error: {}\nRun 'microaot --help' for usage.\n",
                   microaot::ir::printable(e.what()));
        return kExitUsage;
    }
    try {
        for (auto &[name, action] : actions)
            if (app.get_subcommand(name)->parsed()) return action();
    } catch (const microaot::CompileError &e) {
        // Messages quote model data (names, custom codes) and paths: one printable line.
        fmt::print(stderr, "microaot: error: {}\n", microaot::ir::printable(e.what()));
        return kExitBadInput;
    } catch (const std::bad_alloc &) {
        fmt::print(stderr, "microaot: error: out of memory (model too large or corrupt)\n");
        return kExitBadInput;
    } catch (const std::exception &e) {
        fmt::print(stderr, "microaot: internal error: {}\n", microaot::ir::printable(e.what()));
        return 70; // EX_SOFTWARE
    } catch (...) {
        fmt::print(stderr, "microaot: internal error: unknown exception\n");
        return 70;
    }
    return kExitUsage;
}
