#!/usr/bin/env python3
"""The generated bash completion and man page cover every subcommand and option.

The subcommands and options are read independently of the generator, from what
`microaot --help` and `microaot COMMAND --help` print. Then:
- the completion script offers every subcommand and, after each, every one of its options, and
  it works: bash sources it and completes partial words (`microaot co`, `compile --che`, ...);
- the man page has a section per subcommand naming each of its options and positionals, and
  groff formats it without a warning.
"""
import argparse
import re
import subprocess
import sys


def help_text(microaot, *args):
    return subprocess.run([microaot, *args, "--help"], capture_output=True, text=True,
                          check=True).stdout


def section(text, title):
    """Lines of a CLI11 help section ("Options:", "Subcommands:", "Positionals:")."""
    m = re.search(rf"^{title}:\n((?:  .*\n?)*)", text, re.M)
    return m.group(1).splitlines() if m else []


def cli_surface(microaot):
    commands = {}
    for line in section(help_text(microaot), "Subcommands"):
        name = line.split()[0]
        text = help_text(microaot, name)
        options = []
        for opt in section(text, "Options"):
            options += opt.split()[0].split(",")
        positionals = [p.split()[0] for p in section(text, "Positionals")]
        commands[name] = (options, positionals)
    return commands


def complete(script, words):
    """COMPREPLY of the completion function for the command line `words` (last: partial)."""
    line = " ".join(words)
    program = (f"source {script}\nCOMP_WORDS=({line})\nCOMP_CWORD={len(words) - 1}\n"
               f"_microaot\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n")
    return subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                          check=True).stdout.split()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--microaot", required=True)
    ap.add_argument("--completion", required=True)
    ap.add_argument("--man", required=True)
    a = ap.parse_args()
    commands = cli_surface(a.microaot)
    completion = open(a.completion).read()
    man = open(a.man).read()
    problems = []
    if len(commands) < 5:
        problems.append(f"only {len(commands)} subcommands found in --help: {list(commands)}")

    offered = complete(a.completion, ["microaot", ""])
    for name, (options, positionals) in commands.items():
        if name not in offered:
            problems.append(f"completion does not offer '{name}'")
        after = complete(a.completion, ["microaot", name, "-"])
        for opt in options:
            if opt not in after:
                problems.append(f"completion of '{name} -' lacks {opt}")
        if not re.search(rf'^\.SS "microaot {name}\b', man, re.M):
            problems.append(f"man page has no section for '{name}'")
            continue
        body = man.split(f'.SS "microaot {name}', 1)[1].split(".SS ", 1)[0]
        for opt in options + positionals:
            if f"\\fB{opt.replace('-', chr(92) + '-')}\\fR" not in body:
                problems.append(f"man page section '{name}' lacks {opt}")
        print(f"{name}: {len(options)} options, {len(positionals)} positionals")

    # Partial words complete.
    for words, want in ((["microaot", "co"], "compile"), (["microaot", "compile", "--che"],
                        "--check-fit"), (["microaot", "report", "m.tflite", "--pro"], "--profile"),
                        (["microaot", "inspect", "--ta"], "--target")):
        got = complete(a.completion, words)
        if want not in got:
            problems.append(f"completing {words}: {got}, expected {want}")

    groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", a.man], capture_output=True,
                           text=True)
    if groff.returncode != 0 or groff.stderr.strip():
        problems.append(f"groff: {groff.stderr.strip()}")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
