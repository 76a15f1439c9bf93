// The --netns selectors (all, current, NAME, PID, PATH) and which discovered namespaces they pick.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/netns.hpp"

namespace sockscope {

struct NetnsSelector {
  enum class Kind : std::uint8_t { All, Current, Name, Pid, Path };
  Kind kind = Kind::All;
  std::string text;       // as given (the name or path for Name and Path)
  std::int32_t pid = 0;   // Kind::Pid
  friend bool operator==(const NetnsSelector&, const NetnsSelector&) = default;
};

// "all", "current", digits (a PID), anything with a '/' (a path), else an `ip netns` name.
// Fails (naming the text) on "", a PID of 0 or beyond pid_t, and names `ip netns` refuses ("." and "..").
Result<NetnsSelector> parse_netns_selector(std::string_view text);

// How PID and PATH selectors meet the system: the namespace that process is in, or that file is,
// with a path to open it; fails with a message naming the part that is wrong.
using NetnsLookup = std::function<Result<NetnsInfo>(const NetnsSelector&)>;

// The namespaces `selectors` pick from `found` (a discovery result), each once, in the order of
// `found`; PIDs and paths outside `found` (a namespace discovery missed) follow, as `lookup` gave
// them. No selectors means all. Fails on the first selector that picks nothing, its message
// starting with "--netns TEXT: ". Messages quote the text as given (any bytes): the caller puts
// them through terminal_safe before they reach a terminal.
Result<std::vector<NetnsInfo>> select_netns(std::span<const NetnsInfo> found, std::span<const NetnsSelector> selectors,
                                            const NetnsLookup& lookup);

}  // namespace sockscope
