// Desktop entries read for their Exec, TryExec and Icon keys; the entry that runs a process.
#include "gui/desktop_icon.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sockscope::gui {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Exec's words, with the spec's double quotes and backslash escapes undone.
std::vector<std::string> exec_words(std::string_view exec) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < exec.size(); ++i) {
    const char c = exec[i];
    if (quoted && c == '\\' && i + 1 < exec.size()) {
      word += exec[++i];
    } else if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any || !word.empty()) words.push_back(std::move(word));
      word.clear();
      any = false;
    } else {
      word += c;
    }
  }
  if (any || !word.empty()) words.push_back(std::move(word));
  return words;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

DesktopEntry parse_desktop_entry(std::string_view text) {
  DesktopEntry e;
  bool in_entry = false;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      in_entry = line == "[Desktop Entry]";
      continue;
    }
    if (!in_entry) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "Icon") {
      e.icon = value;
    } else if (key == "TryExec") {
      e.try_exec = value;
    } else if (key == "Hidden") {
      e.hidden = value == "true";
    } else if (key == "Exec") {
      std::vector<std::string> words = exec_words(value);
      std::size_t k = 0;
      if (k < words.size() && base_name(words[k]) == "env") {  // env VAR=value ... program
        ++k;
        while (k < words.size() && words[k].find('=') != std::string::npos) ++k;
      }
      if (k < words.size()) e.exec_program = words[k];
    }
  }
  return e;
}

std::string desktop_icon_for(const std::string& exe, const std::string& process_name, const std::vector<std::string>& dirs) {
  const std::string exe_base = base_name(exe);
  std::string by_name;  // the first entry matched by name only
  for (const std::string& dir : dirs) {
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() != ".desktop") continue;
      std::ifstream in(it->path());
      std::string text(std::istreambuf_iterator<char>(in), {});
      const DesktopEntry e = parse_desktop_entry(text);
      if (e.icon.empty() || e.hidden) continue;
      for (const std::string& program : {e.try_exec, e.exec_program}) {
        if (program.empty()) continue;
        if (!exe.empty() && program == exe) return e.icon;
        const std::string base = base_name(program);
        if (by_name.empty() && ((!exe_base.empty() && base == exe_base) || (!process_name.empty() && base == process_name))) {
          by_name = e.icon;
        }
      }
    }
  }
  return by_name;
}

std::vector<std::string> xdg_application_dirs() {
  std::vector<std::string> dirs;
  if (const char* home = std::getenv("XDG_DATA_HOME"); home && *home == '/') {
    dirs.push_back(std::string(home) + "/applications");
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dirs.push_back(std::string(h) + "/.local/share/applications");
  }
  const char* data = std::getenv("XDG_DATA_DIRS");
  std::string_view rest = data && *data ? data : "/usr/local/share:/usr/share";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view d = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (!d.empty() && d.front() == '/') dirs.push_back(std::string(d) + "/applications");
  }
  return dirs;
}

}  // namespace sockscope::gui
