// Writes CommandSpecs as bash, zsh and fish completion scripts. Dynamic values (processes, PIDs,
// network namespaces, interfaces) are looked up by the shell when Tab is pressed.
#include <string>

#include "cli/completion_spec.hpp"

namespace sockscope::cli {

namespace {

using Kind = ValueSpec::Kind;

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// Inside single quotes (bash, zsh): a quote ends, is escaped and reopens.
std::string single_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_names(const std::vector<CommandSpec>& commands, std::string_view sep) {
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.name);
  return join(names, sep);
}

// --- bash -------------------------------------------------------------------------------------

std::string bash_value(const ValueSpec& v) {
  switch (v.kind) {
    case Kind::Words: return std::string("_sockscope_words ") + (v.comma_list ? "1 " : "0 ") + single_quoted(join(v.words, " "));
    case Kind::Processes: return "_sockscope_words 0 \"$(_sockscope_processes)\"";
    case Kind::Pids: return "_sockscope_words 0 \"$(_sockscope_pids)\"";
    case Kind::ProcessesOrPids: return "_sockscope_words 0 \"$(_sockscope_processes; _sockscope_pids)\"";
    case Kind::Netns: return "_sockscope_words 0 \"all current $(_sockscope_netns)\"";
    case Kind::Interfaces: return "_sockscope_words 0 \"$(_sockscope_interfaces)\"";
    case Kind::Files: return "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
    case Kind::Any:
    case Kind::None: return ":";
  }
  return ":";
}

std::string bash_command(const CommandSpec& c) {
  std::string out = "_sockscope_cmd_" + c.name + "() {\n  case $prev in\n";
  std::vector<std::string> all;
  for (const auto& o : c.options) {
    all.insert(all.end(), o.names.begin(), o.names.end());
    if (o.value.kind == Kind::None) continue;
    out += "    " + join(o.names, "|") + ") " + bash_value(o.value) + "; return ;;\n";
  }
  out += "  esac\n  if [[ $cur == -* ]]; then\n    _sockscope_words 0 " + single_quoted(join(all, " ")) + "\n";
  out += "  else\n    " + bash_value(c.positional) + "\n  fi\n}\n\n";
  return out;
}

// --- zsh --------------------------------------------------------------------------------------

// Text inside an _arguments [description] or :message: brackets and colons escaped.
std::string zsh_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_action(const ValueSpec& v) {
  switch (v.kind) {
    case Kind::Words:
      return v.comma_list ? "_sequence compadd - " + join(v.words, " ") : "(" + join(v.words, " ") + ")";
    case Kind::Processes: return "_sockscope_processes";
    case Kind::Pids: return "_pids";
    case Kind::ProcessesOrPids: return "_sockscope_processes_pids";
    case Kind::Netns: return "_sockscope_netns";
    case Kind::Interfaces: return "_net_interfaces";
    case Kind::Files: return "_files";
    case Kind::Any:
    case Kind::None: return " ";
  }
  return " ";
}

std::string zsh_command(const CommandSpec& c) {
  std::string out = "_sockscope_" + c.name + "() {\n  _arguments -S \\\n";
  for (const auto& o : c.options) {
    const std::string exclusion = o.repeatable ? "*" : "(" + join(o.names, " ") + ")";
    for (const auto& n : o.names) {
      std::string spec = exclusion + n;
      if (o.value.kind != Kind::None && n.starts_with("--")) spec += "=";
      spec += "[" + zsh_text(o.description) + "]";
      if (o.value.kind != Kind::None) spec += ":" + zsh_text(o.value.label) + ":" + zsh_action(o.value);
      out += "    " + single_quoted(spec) + " \\\n";
    }
  }
  if (c.positional.kind != Kind::None)
    out += "    " + single_quoted("*:" + zsh_text(c.positional.label) + ":" + zsh_action(c.positional)) + " \\\n";
  out += "    && return 0\n  return 1\n}\n\n";
  return out;
}

// --- fish -------------------------------------------------------------------------------------

std::string fish_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_values(const ValueSpec& v) {
  switch (v.kind) {
    case Kind::Words: return " -x -a " + fish_quoted(join(v.words, " "));
    case Kind::Processes: return " -x -a '(__sockscope_processes)'";
    case Kind::Pids: return " -x -a '(__fish_complete_pids)'";
    case Kind::ProcessesOrPids: return " -f -a '(__sockscope_processes; __fish_complete_pids)'";
    case Kind::Netns: return " -x -a '(__sockscope_netns)'";
    case Kind::Interfaces: return " -x -a '(__fish_print_interfaces)'";
    case Kind::Files: return " -r -F";
    case Kind::Any: return " -x";
    case Kind::None: return "";
  }
  return "";
}

}  // namespace

std::string bash_completion_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "# bash completion for sockscope, tcpvcon and tcpview. Generated by `sockscope completion bash`\n"
      "# from the program's own option tables; do not edit.\n\n"
      "# _sockscope_words LIST WORDS: the words matching the current one (after its last comma when LIST is 1).\n"
      "_sockscope_words() {\n"
      "  local pre= part=$cur\n"
      "  if [[ $1 == 1 && $cur == *,* ]]; then pre=${cur%,*},; part=${cur##*,}; fi\n"
      "  local IFS=$' \\t\\n'\n"
      "  COMPREPLY+=($(compgen -P \"$pre\" -W \"$2\" -- \"$part\"))\n"
      "}\n"
      "_sockscope_processes() { ps -eo comm= 2>/dev/null | tr -d ' ' | sort -u; }\n"
      "_sockscope_pids() { ps -eo pid= 2>/dev/null; }\n"
      "_sockscope_netns() { ip netns list 2>/dev/null | cut -d' ' -f1; }\n"
      "_sockscope_interfaces() { ls /sys/class/net 2>/dev/null; }\n\n";
  for (const auto& c : commands) out += bash_command(c);
  out +=
      "_sockscope() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
      "  COMPREPLY=()\n"
      "  case ${COMP_WORDS[0]##*/} in\n"
      "    tcpvcon) cmd=list ;;\n"
      "    tcpview) cmd=watch ;;\n"
      "  esac\n"
      "  if [[ -z $cmd ]]; then\n"
      "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "      case ${COMP_WORDS[i]} in\n"
      "        " + command_names(commands, "|") + ") cmd=${COMP_WORDS[i]}; break ;;\n"
      "      esac\n"
      "    done\n"
      "  fi\n"
      "  if [[ -z $cmd ]]; then\n"
      "    # Without a command sockscope lists (or, on a terminal, watches): the first word is a command or list's.\n"
      "    if ((COMP_CWORD == 1)) && [[ $cur != -* ]]; then\n"
      "      _sockscope_words 0 " + single_quoted(command_names(commands, " ")) + "\n"
      "      return\n"
      "    fi\n"
      "    cmd=" + commands.front().name + "\n"
      "  fi\n"
      "  _sockscope_cmd_$cmd\n"
      "}\n"
      "complete -F _sockscope sockscope tcpvcon tcpview\n";
  return out;
}

std::string zsh_completion_script(const std::vector<CommandSpec>& commands) {
  std::string out =
      "#compdef sockscope tcpvcon tcpview\n"
      "# zsh completion for sockscope, tcpvcon and tcpview. Generated by `sockscope completion zsh`\n"
      "# from the program's own option tables; do not edit.\n\n"
      "_sockscope_processes() {\n"
      "  local -a names; names=(${(u)${(f)\"$(ps -eo comm= 2>/dev/null)\"}## #})\n"
      "  compadd -a names\n"
      "}\n"
      "_sockscope_processes_pids() { _sockscope_processes; _pids }\n"
      "_sockscope_netns() {\n"
      "  local -a ns; ns=(all current ${${(f)\"$(ip netns list 2>/dev/null)\"}%% *})\n"
      "  compadd -a ns\n"
      "}\n\n";
  for (const auto& c : commands) out += zsh_command(c);
  out +=
      "_sockscope_main() {\n"
      "  case $service in\n"
      "    tcpvcon) _sockscope_list; return ;;\n"
      "    tcpview) _sockscope_watch; return ;;\n"
      "  esac\n"
      "  local -a commands; commands=(\n";
  for (const auto& c : commands) out += "    " + single_quoted(c.name + ":" + zsh_text(c.summary)) + "\n";
  out +=
      "  )\n"
      "  if (( CURRENT == 2 )) && [[ $PREFIX != -* ]]; then\n"
      "    _describe -t commands 'sockscope command' commands\n"
      "    return\n"
      "  fi\n"
      "  case $words[2] in\n"
      "    " + command_names(commands, "|") + ")\n"
      "      local cmd=$words[2]\n"
      "      shift words; (( CURRENT-- ))\n"
      "      _sockscope_$cmd ;;\n"
      "    *) _sockscope_" + commands.front().name + " ;;\n"
      "  esac\n"
      "}\n\n"
      "# Autoloaded from $fpath this file is the function _sockscope; sourced, it registers itself.\n"
      "if [[ $funcstack[1] == _sockscope ]]; then\n"
      "  _sockscope_main \"$@\"\n"
      "else\n"
      "  compdef _sockscope_main sockscope tcpvcon tcpview\n"
      "fi\n";
  return out;
}

std::string fish_completion_script(const std::vector<CommandSpec>& commands) {
  const std::string names = command_names(commands, " ");
  std::string out =
      "# fish completion for sockscope, tcpvcon and tcpview. Generated by `sockscope completion fish`\n"
      "# from the program's own option tables; do not edit.\n\n"
      "# The command on the line: tcpvcon lists, tcpview watches, else the first command word (or none).\n"
      "function __sockscope_command\n"
      "    set -l words (commandline -opc)\n"
      "    switch (string replace -r '.*/' '' -- $words[1])\n"
      "        case tcpvcon\n"
      "            echo list\n"
      "            return\n"
      "        case tcpview\n"
      "            echo watch\n"
      "            return\n"
      "    end\n"
      "    for w in $words[2..-1]\n"
      "        if contains -- $w " + names + "\n"
      "            echo $w\n"
      "            return\n"
      "        end\n"
      "    end\n"
      "end\n\n"
      "# True when the line's command is $argv[1]; without one, the default command's options apply.\n"
      "function __sockscope_in\n"
      "    set -l c (__sockscope_command)\n"
      "    test \"$c\" = $argv[1]; or begin; test -z \"$c\"; and test $argv[1] = " + commands.front().name + "; end\n"
      "end\n\n"
      "function __sockscope_processes\n"
      "    ps -eo comm= 2>/dev/null | string trim | sort -u\n"
      "end\n\n"
      "function __sockscope_netns\n"
      "    echo all\n"
      "    echo current\n"
      "    ip netns list 2>/dev/null | string replace -r ' .*' ''\n"
      "end\n\n"
      "complete -c tcpvcon -w sockscope\n"
      "complete -c tcpview -w sockscope\n"
      "complete -c sockscope -f\n";
  for (const auto& c : commands)
    out += "complete -c sockscope -n 'test -z (__sockscope_command)' -a " + c.name + " -d " + fish_quoted(c.summary) + "\n";
  for (const auto& c : commands) {
    out += "\n# " + c.name + "\n";
    const std::string cond = " -n " + fish_quoted("__sockscope_in " + c.name);
    for (const auto& o : c.options) {
      std::string line = "complete -c sockscope" + cond;
      for (const auto& n : o.names) {
        if (n.starts_with("--")) line += " -l " + n.substr(2);
        else if (n.size() == 2) line += " -s " + n.substr(1);
        else line += " -o " + n.substr(1);
      }
      out += line + fish_values(o.value) + " -d " + fish_quoted(o.description) + "\n";
    }
    if (c.positional.kind != Kind::None && c.positional.kind != Kind::Any)
      out += "complete -c sockscope" + cond + fish_values(c.positional) + "\n";
  }
  return out;
}

}  // namespace sockscope::cli
