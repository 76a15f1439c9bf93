// What the shell completions know: every command, its options and the values they take, read from
// the CLI::App each command parses with (and netstat's switch table), then written out as bash,
// zsh or fish scripts by `sockscope completion SHELL` (hidden; the build runs it).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::cli {

// A command as the dispatcher knows it: name, one-line summary, entry point, and whether its entry
// point hands its CLI::App to inspect_app() before parsing (only then is it run to read its options;
// a command that does not would really run, so it completes by name only until it does).
struct CommandRef {
  std::string_view name;
  std::string_view summary;
  int (*run)(std::vector<std::string> args);
  bool inspectable = false;
};

struct ValueSpec {
  enum class Kind { None, Any, Words, Processes, Pids, ProcessesOrPids, Netns, Files, Interfaces };
  Kind kind = Kind::None;            // None: a flag (or no positional words)
  std::vector<std::string> words;    // Kind::Words: the accepted values
  bool comma_list = false;           // values may be joined by commas (tcp,udp)
  std::string label;                 // the value's name in help (PROTO, COLUMN ...)
};

struct OptionSpec {
  std::vector<std::string> names;  // "-p", "--proto"
  std::string description;
  ValueSpec value;
  bool repeatable = false;
};

struct CommandSpec {
  std::string name, summary;
  std::vector<OptionSpec> options;
  ValueSpec positional;
};

// Runs each command with an app inspector installed (nothing is parsed or run) and reads its
// options; netstat's come from netstat_switches().
std::vector<CommandSpec> completion_spec(std::span<const CommandRef> commands);

// The scripts. `commands` is completion_spec's answer; the first command is the default one.
std::string bash_completion_script(const std::vector<CommandSpec>& commands);
std::string zsh_completion_script(const std::vector<CommandSpec>& commands);
std::string fish_completion_script(const std::vector<CommandSpec>& commands);

// `sockscope completion bash|zsh|fish`: prints the script; a bad or missing shell is exit 2.
int run_completion(const std::vector<std::string>& args, std::span<const CommandRef> commands);

}  // namespace sockscope::cli
