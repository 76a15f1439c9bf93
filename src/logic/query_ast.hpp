// The parsed form of a query expression: a tree of and/or/not over predicates, and its options.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "logic/query_fields.hpp"
#include "model/endpoint.hpp"

namespace sockscope {

// Where a token starts in the expression text, 1-based.
struct QueryPos {
  int line = 1;
  int column = 1;
};

enum class CmpOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Match, NoMatch };

// Every state bit ss knows (bit 0, UNKNOWN, included as in ss's SS_ALL).
inline constexpr std::uint32_t kQueryAllStates = (1u << (kMaxTcpState + 1)) - 1u;

// `state NAME` inside an expression, or the leading `state`/`exclude` run folded into one mask.
struct StatePred {
  std::uint32_t mask = 0;
};

// One address prefix of a host condition. prefix_len 0 with a family: any address of that family.
struct AddressPrefix {
  IpAddress address;
  int prefix_len = 0;
};

// ss's src/dst HOSTCOND (and sport/dport `=`): optional port, prefixes ORed (a host name may give
// several), or a UNIX path pattern (fnmatch, case-insensitive, as ss).
struct HostPred {
  bool remote = false;
  int port = -1;                         // -1: any
  std::vector<AddressPrefix> prefixes;   // empty: any address of any family
  std::optional<std::string> unix_pattern;
  std::optional<Family> family;          // written with inet: / inet6: (unix: sets unix_pattern)
};

// sport/dport with an ordering: ss's S_GE / S_LE family.
struct PortPred {
  bool remote = false;
  CmpOp op = CmpOp::Ge;  // Lt, Le, Gt, Ge
  std::uint16_t port = 0;
};

// `dev NAME` / `dev INDEX` (SO_BINDTODEVICE interface).
struct DevPred {
  std::uint32_t ifindex = 0;
};

// `fwmark`/`mark VALUE[/MASK]`: (socket mark & mask) == value.
struct MarkPred {
  std::uint32_t mark = 0;
  std::uint32_t mask = 0xffffffffu;
};

// `cgroup PATH`: the owning cgroup (v2) path; id when the caller resolved one.
struct CgroupPred {
  std::string path;
  std::uint64_t id = 0;
};

// `autobound`: the local port was picked by the kernel (ss tests the ephemeral range in user space).
struct AutoboundPred {};

// A typed field comparison: `bytes_received > 10M`, `process ~ ^ssh`, `proto = tcp`.
struct FieldPred {
  FieldId field{};
  CmpOp op = CmpOp::Eq;
  std::int64_t number = 0;                   // Integer, Bytes, Duration, Rate fields
  std::string text;                          // Text fields; the pattern for ~ and !~
  std::shared_ptr<const std::regex> regex;   // ~ and !~
  AddressPrefix prefix;                      // Address fields
};

using QueryPredicate =
    std::variant<StatePred, HostPred, PortPred, DevPred, MarkPred, CgroupPred, AutoboundPred, FieldPred>;

struct QueryNode {
  enum class Kind : std::uint8_t { True, And, Or, Not, Pred };
  Kind kind = Kind::True;
  std::vector<QueryNode> kids;  // And/Or: two; Not: one
  QueryPredicate pred;
  QueryPos pos;
};

struct Query {
  QueryNode root;
  // A leading `state`/`exclude` run was given (ss's options): the CLI's default state set (connected
  // only) then no longer applies. The run's mask is already a conjunct of root.
  bool has_states = false;
  // As ss: a host written with a family (inet:, inet6:, unix:) anywhere limits the whole query to
  // sockets of that family, the last one written winning (ss then dumps only that family, so an
  // IPv4-mapped IPv6 socket is not an inet one). Not part of root: printing root brings it back.
  std::optional<Family> family_scope;
};

// Lookups the parser needs from the system; each may be left empty (the value is then refused
// unless numeric).
struct QueryLookups {
  std::function<std::optional<std::uint16_t>(std::string_view)> service_port;      // "ssh" -> 22
  std::function<std::optional<std::uint32_t>(std::string_view)> interface_index;   // "lo" -> 1
  std::function<std::vector<IpAddress>(std::string_view)> resolve_host;            // DNS / hosts
  std::function<std::optional<std::uint64_t>(std::string_view)> cgroup_id;         // path -> inode
};

}  // namespace sockscope
