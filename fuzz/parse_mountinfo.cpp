// Fuzz target: /proc/PID/mountinfo's nsfs mounts, namespace link targets and mountinfo escapes.
#include "fuzz_input.hpp"
#include "parse/mountinfo.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto mounts = nsfs_net_mounts(text);
  fuzz::check(mounts.size() <= fuzz::count_lines(text));  // at most one mount a line
  for (const auto& m : mounts) {
    fuzz::check(m.inode != 0);  // inode 0 names no namespace
    fuzz::check(m.mount_point.size() <= size);  // decoding only shortens
  }
  // A link target's inode printed back is the target.
  if (const auto inode = net_ns_link_inode(text)) {
    fuzz::check(net_ns_link_inode("net:[" + std::to_string(*inode) + "]") == inode);
  }
  // Escapes only shorten; text without a backslash comes back as it is.
  const std::string plain = unescape_mountinfo(text);
  fuzz::check(plain.size() <= size);
  if (text.find('\\') == std::string_view::npos) fuzz::check(plain == text);
  return 0;
}
