// Parses --netns selectors and resolves them against the namespaces discovery found.
#include "model/netns_select.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <limits>

namespace sockscope {

namespace {

Error named(const NetnsSelector& s, std::string why, int code = 0) {
  return Error{code, "--netns " + s.text + ": " + std::move(why)};
}

}  // namespace

Result<NetnsSelector> parse_netns_selector(std::string_view text) {
  NetnsSelector s;
  s.text = std::string(text);
  if (text.empty()) return fail("--netns: empty selector (all, current, NAME, PID or PATH)", EINVAL);
  if (text == "all") return s;
  if (text == "current") {
    s.kind = NetnsSelector::Kind::Current;
    return s;
  }
  if (std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
    s.kind = NetnsSelector::Kind::Pid;
    std::int64_t pid = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    if (ec != std::errc{} || end != text.data() + text.size() || pid <= 0 || pid > std::numeric_limits<std::int32_t>::max()) {
      return std::unexpected(named(s, "not a process ID", EINVAL));
    }
    s.pid = static_cast<std::int32_t>(pid);
    return s;
  }
  if (text.find('/') != std::string_view::npos) {
    s.kind = NetnsSelector::Kind::Path;
    return s;
  }
  if (text == "." || text == "..") return std::unexpected(named(s, "not a namespace name", EINVAL));
  s.kind = NetnsSelector::Kind::Name;
  return s;
}

Result<std::vector<NetnsInfo>> select_netns(std::span<const NetnsInfo> found, std::span<const NetnsSelector> selectors,
                                            const NetnsLookup& lookup) {
  std::vector<bool> picked(found.size(), false);
  std::vector<NetnsInfo> extra;
  const auto pick_inode = [&](std::uint64_t inode) {
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (found[i].inode == inode) {
        picked[i] = true;
        return true;
      }
    }
    return false;
  };
  if (selectors.empty()) std::fill(picked.begin(), picked.end(), true);
  for (const NetnsSelector& s : selectors) {
    switch (s.kind) {
      case NetnsSelector::Kind::All:
        std::fill(picked.begin(), picked.end(), true);
        break;
      case NetnsSelector::Kind::Current: {
        const auto it = std::ranges::find_if(found, &NetnsInfo::current);
        if (it == found.end()) return std::unexpected(named(s, "the current network namespace was not found", ENOENT));
        picked[static_cast<std::size_t>(it - found.begin())] = true;
        break;
      }
      case NetnsSelector::Kind::Name: {
        bool any = false;
        for (std::size_t i = 0; i < found.size(); ++i) {
          if (std::ranges::find(found[i].names, s.text) != found[i].names.end()) any = picked[i] = true;
        }
        if (!any) return std::unexpected(named(s, "no network namespace of that name (see ip netns list)", ENOENT));
        break;
      }
      case NetnsSelector::Kind::Pid:
      case NetnsSelector::Kind::Path: {
        auto ns = lookup(s);
        if (!ns) return std::unexpected(named(s, ns.error().message, ns.error().code));
        if (pick_inode(ns->inode)) break;
        if (std::ranges::none_of(extra, [&](const NetnsInfo& e) { return e.inode == ns->inode; })) extra.push_back(std::move(*ns));
        break;
      }
    }
  }
  std::vector<NetnsInfo> out;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (picked[i]) out.push_back(found[i]);
  }
  out.insert(out.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
  return out;
}

}  // namespace sockscope
