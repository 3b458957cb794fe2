#include "footprint/tablegen/call_graph.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace microaot::footprint::tablegen {
namespace {

const std::string kCLibraryScope = "libc";

// The quoted value after `key: "` on a .ci line ("" when absent).
std::string quoted(const std::string &line, const std::string &key) {
    auto at = line.find(key + ": \"");
    if (at == std::string::npos) return "";
    auto begin = at + key.size() + 3, end = line.find('"', begin);
    return end == std::string::npos ? "" : line.substr(begin, end - begin);
}

// Registers in a push/pop list "{r4, r5, r8-r11, lr}" or "{d8-d9}": their byte count.
int64_t register_list_bytes(const std::string &operands) {
    auto open = operands.find('{'), close = operands.find('}');
    if (open == std::string::npos || close == std::string::npos) return 0;
    std::istringstream items(operands.substr(open + 1, close - open - 1));
    int64_t bytes = 0;
    for (std::string item; std::getline(items, item, ',');) {
        item.erase(0, item.find_first_not_of(' '));
        if (item.empty()) continue;
        int64_t width = item[0] == 'd' ? 8 : 4; // d registers 8 bytes; r and s registers 4
        auto dash = item.find('-');
        int64_t count = 1;
        if (dash != std::string::npos)
            count = std::stoll(item.substr(dash + 2)) - std::stoll(item.substr(1, dash - 1)) + 1;
        bytes += width * count;
    }
    return bytes;
}

} // namespace

int64_t stack_adjustment(const std::string &mnemonic, const std::string &operands) {
    std::string m = mnemonic.substr(0, mnemonic.find('.'));
    if (m == "push" || m == "vpush") return register_list_bytes(operands);
    if ((m == "stmdb" || m == "vstmdb") && operands.starts_with("sp!"))
        return register_list_bytes(operands);
    // Pre-indexed stores that move sp: "strd ip, lr, [sp, #-16]!".
    if (auto at = operands.find("[sp, #-");
        at != std::string::npos && operands.find("]!", at) != std::string::npos)
        return std::stoll(operands.substr(at + 7));
    if ((m == "sub" || m == "subw") && operands.starts_with("sp,")) {
        auto hash = operands.find('#');
        if (hash != std::string::npos) return std::stoll(operands.substr(hash + 1), nullptr, 0);
    }
    return 0;
}

std::map<std::string, int64_t> disassembly_frames(const std::string &text) {
    static const std::regex header(R"(^[0-9a-f]+ <([^>]+)>:$)");
    static const std::regex insn(R"(^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$)");
    std::map<std::string, int64_t> frames;
    std::string current;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, header)) {
            current = m[1].str();
            frames[current] = 0;
        } else if (!current.empty() && std::regex_match(line, m, insn))
            frames[current] += stack_adjustment(m[1].str(), m[2].str());
    }
    return frames;
}

void CallGraph::raise_frames_to_disassembly(const std::string &scope, const std::string &text) {
    std::map<std::string, int64_t> frames = disassembly_frames(text);
    for (auto &[key, f] : functions_) {
        if (!key.starts_with(scope + "|")) continue;
        std::string title = key.substr(scope.size() + 1);
        auto it = frames.find(title.substr(title.rfind(':') + 1));
        if (it != frames.end() && it->second > f.frame) f.frame = it->second;
    }
}

void CallGraph::add_callgraph_info(const std::string &scope, const std::string &text) {
    static const std::regex frame(R"(\\n([0-9]+) bytes \(([a-z,]+)\)$)");
    std::vector<std::pair<std::string, std::string>> edges;
    std::set<std::string> defined;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("node:")) {
            std::string title = quoted(line, "title"), label = quoted(line, "label");
            std::smatch m;
            if (!std::regex_search(label, m, frame)) continue; // defined elsewhere
            Function f;
            f.name = label.substr(0, label.find("\\n"));
            f.frame = std::stoll(m[1].str());
            f.known = true;
            f.dynamic = m[2].str().find("dynamic") != std::string::npos;
            std::string key = scope + "|" + title;
            functions_[key] = f;
            defined.insert(title);
            if (title.find(':') == std::string::npos) globals_[title].push_back(key);
        } else if (line.starts_with("edge:")) {
            edges.emplace_back(quoted(line, "sourcename"), quoted(line, "targetname"));
        }
    }
    for (const auto &[from, to] : edges) {
        auto it = functions_.find(scope + "|" + from);
        if (it == functions_.end()) continue;
        std::string callee = defined.count(to) ? scope + "|" + to : "extern:" + to;
        auto &callees = it->second.callees;
        if (std::find(callees.begin(), callees.end(), callee) == callees.end())
            callees.push_back(callee);
    }
}

void CallGraph::add_disassembly(const std::string &scope, const std::string &text,
                                const std::set<std::string> &only) {
    static const std::regex header(R"(^[0-9a-f]+ <([^>]+)>:$)");
    static const std::regex insn(R"(^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$)");
    static const std::regex target(R"(<([^>+]+)>$)");
    std::map<std::string, Function> listing;
    std::string current;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, header)) {
            current = m[1].str();
            listing[current].name = current;
            listing[current].known = true;
            continue;
        }
        if (current.empty() || !std::regex_match(line, m, insn)) continue;
        std::string mnemonic = m[1].str(), operands = m[2].str();
        Function &f = listing[current];
        f.frame += stack_adjustment(mnemonic, operands);
        // Calls, and branches to the start of another function (tail calls, counted as calls).
        std::smatch t;
        if (mnemonic[0] == 'b' && std::regex_search(operands, t, target) && t[1].str() != current) {
            std::string callee = t[1].str();
            if (std::find(f.callees.begin(), f.callees.end(), callee) == f.callees.end())
                f.callees.push_back(callee);
        }
    }
    for (auto &[name, f] : listing) {
        if (scope != kCLibraryScope && !only.count(name)) continue;
        for (auto &callee : f.callees)
            callee = listing.count(callee) ? scope + "|" + callee : "extern:" + callee;
        functions_[scope + "|" + name] = f;
        if (scope != kCLibraryScope) globals_[name].push_back(scope + "|" + name);
    }
}

void CallGraph::add_alias(const std::string &scope, const std::string &alias,
                          const std::string &name) {
    auto it = functions_.find(scope + "|" + name);
    if (it == functions_.end() || functions_.count(scope + "|" + alias)) return;
    Function f = it->second;
    f.name = alias;
    functions_[scope + "|" + alias] = f;
}

std::vector<std::string> CallGraph::resolve(const std::string &name) const {
    if (auto it = globals_.find(name); it != globals_.end()) return it->second;
    if (functions_.count(kCLibraryScope + "|" + name)) return {kCLibraryScope + "|" + name};
    return {};
}

StackBound CallGraph::bound(const std::string &scope, const std::string &name) const {
    std::set<std::string> path;
    std::map<std::string, StackBound> memo;
    return bound_of(scope + "|" + name, path, memo);
}

StackBound CallGraph::bound_of(const std::string &key, std::set<std::string> &path,
                               std::map<std::string, StackBound> &memo) const {
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    StackBound result;
    if (key.starts_with("extern:")) {
        std::string name = key.substr(7);
        std::vector<std::string> keys = resolve(name);
        if (keys.empty()) {
            result.exact = false;
            result.unresolved.insert(name);
        }
        for (const auto &k : keys) {
            StackBound b = bound_of(k, path, memo);
            result.bytes = std::max(result.bytes, b.bytes);
            result.exact = result.exact && b.exact;
            result.unresolved.insert(b.unresolved.begin(), b.unresolved.end());
        }
        return memo[key] = result;
    }
    auto it = functions_.find(key);
    if (it == functions_.end() || path.count(key)) { // unknown, or recursion
        result.exact = false;
        return result;
    }
    const Function &f = it->second;
    path.insert(key);
    int64_t deepest = 0;
    for (const auto &callee : f.callees) {
        StackBound b = bound_of(callee, path, memo);
        deepest = std::max(deepest, b.bytes);
        result.exact = result.exact && b.exact;
        result.unresolved.insert(b.unresolved.begin(), b.unresolved.end());
    }
    path.erase(key);
    result.bytes = f.frame + deepest;
    result.exact = result.exact && f.known && !f.dynamic;
    return memo[key] = result;
}

} // namespace microaot::footprint::tablegen
