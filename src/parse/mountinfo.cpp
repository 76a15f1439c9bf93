// Finds the nsfs mounts of network namespaces in mountinfo text.
#include "parse/mountinfo.hpp"

#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

}  // namespace

std::optional<std::uint64_t> net_ns_link_inode(std::string_view s) {
  if (!s.starts_with("net:[") || !s.ends_with(']')) return std::nullopt;
  const auto inode = proc_text::to_unsigned<std::uint64_t>(s.substr(5, s.size() - 6));
  if (!inode || *inode == 0) return std::nullopt;
  return inode;
}

std::string unescape_mountinfo(std::string_view f) {
  std::string out;
  out.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\' && i + 3 < f.size() && is_octal(f[i + 1]) && is_octal(f[i + 2]) && is_octal(f[i + 3])) {
      out.push_back(static_cast<char>(((f[i + 1] - '0') << 6) | ((f[i + 2] - '0') << 3) | (f[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(f[i]);
    }
  }
  return out;
}

namespace {

// "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS"
struct MountLine {
  std::string_view root, mount_point, fstype;
};

std::optional<MountLine> mount_line(std::string_view line) {
  proc_text::Tokens tok(line);
  std::optional<std::string_view> f[5];
  for (auto& field : f) field = tok.next();
  if (!f[4]) return std::nullopt;
  while (auto t = tok.next()) {
    if (*t == "-") {
      const auto fstype = tok.next();
      if (!fstype) return std::nullopt;
      return MountLine{*f[3], *f[4], *fstype};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<NsfsMount> nsfs_net_mounts(std::string_view text) {
  std::vector<NsfsMount> out;
  while (!text.empty()) {
    const auto m = mount_line(proc_text::next_line(text));
    if (!m || m->fstype != "nsfs") continue;
    std::string_view root = m->root;
    if (root.starts_with('/')) root.remove_prefix(1);
    const auto inode = net_ns_link_inode(root);
    if (!inode || !m->mount_point.starts_with('/')) continue;
    out.push_back({*inode, unescape_mountinfo(m->mount_point)});
  }
  return out;
}

std::optional<std::string> first_mount_point(std::string_view text, std::string_view fstype) {
  while (!text.empty()) {
    const auto m = mount_line(proc_text::next_line(text));
    if (m && m->fstype == fstype && m->mount_point.starts_with('/')) return unescape_mountinfo(m->mount_point);
  }
  return std::nullopt;
}

}  // namespace sockscope
