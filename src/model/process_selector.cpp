// ProcessSelector: parsing a PID-or-name and matching it against a process.
#include "model/process_selector.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sockscope {

namespace {

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

ProcessSelector ProcessSelector::parse(std::string_view text) {
  ProcessSelector sel;
  int pid = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size() && pid > 0) {
    sel.pid = pid;
  } else {
    sel.name = std::string(text);
  }
  return sel;
}

bool ProcessSelector::matches(const Process& p) const {
  if (pid) return p.pid == *pid;
  if (ascii_iequals(p.name, name)) return true;
  if (!p.exe.empty() && ascii_iequals(base_name(p.exe), name)) return true;
  return !p.cmdline.empty() && ascii_iequals(base_name(p.cmdline.front()), name);
}

}  // namespace sockscope
