// Whether any process on the host matches a selector, including processes that hold no sockets.
#include "collect/process_lookup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <memory>

#include "collect/proc_read_file.hpp"
#include "parse/proc_pid.hpp"

namespace sockscope {

bool process_exists(const ProcessSelector& selector, const std::string& proc_root) {
  if (selector.pid) {
    return access((proc_root + "/" + std::to_string(*selector.pid)).c_str(), F_OK) == 0;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(proc_root.c_str()), closedir);
  if (!dir) return false;
  std::string text;
  while (dirent* entry = readdir(dir.get())) {
    if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) continue;
    Process p;
    p.pid = std::atoi(entry->d_name);
    const std::string base = proc_root + "/" + entry->d_name;
    if (read_file_at(AT_FDCWD, (base + "/comm").c_str(), text) == 0) {
      p.name = text.substr(0, text.find('\n'));
    }
    char link[4096];
    ssize_t n = readlink((base + "/exe").c_str(), link, sizeof link);
    if (n > 0) p.exe.assign(link, static_cast<std::size_t>(n));
    if (read_file_at(AT_FDCWD, (base + "/cmdline").c_str(), text) == 0) p.cmdline = parse_cmdline(text);
    if (selector.matches(p)) return true;
  }
  return false;
}

}  // namespace sockscope
