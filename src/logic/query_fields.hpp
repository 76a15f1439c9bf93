// The fields a query can name: one table of names, value kinds and units, and the accessor seam.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "model/endpoint.hpp"

namespace sockscope {

// Every field a query knows. The Endpoint-only ones are answered by EndpointFields (logic); the
// rest (owners, names, rates, age...) need what only the presenters' column registry or the live
// view know, and are answered through a FieldSource they provide.
enum class FieldId : std::uint8_t {
  Proto, Family, State,
  LocalAddress, LocalPort, RemoteAddress, RemotePort,
  Interface, Inode, Cookie, Uid, RecvQ, SendQ, Queue,
  BytesSent, BytesAcked, BytesReceived, SegsOut, SegsIn, Rtt, Retrans,
  UnixType, UnixPeer, RawProtocol, UnixPath,
  // Beyond the Endpoint: answered only by a richer FieldSource.
  Local, Remote, LocalName, RemoteName, LocalService, RemoteService,
  User, Pid, Process, Pids, Exe, Cmdline, ProcessUser, ProcessStart, Unit, Container, Netns, NetnsName,
  Age, SendRate, RecvRate, Mark, Cgroup,
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(FieldId::Cgroup) + 1;

// How a field's values compare and how its literals are read.
//  Integer: plain number (hex with 0x).  Bytes: number with size units (K=1000, KiB=1024).
//  Duration: microseconds; literals take us/ms/s/m/h/d, a bare number is in the field's bare unit.
//  Rate: bytes per second; literals are sizes followed by "/s".
//  Text: = and != exact, ~ and !~ regular expressions; < > bytewise.  Address: = and != by prefix.
enum class FieldKind : std::uint8_t { Integer, Bytes, Duration, Rate, Text, Address };

struct FieldInfo {
  FieldId id;
  std::string_view name;      // the query's name; column fields use the column's key
  FieldKind kind;
  bool endpoint_only;         // EndpointFields answers it
  std::uint64_t bare_unit;    // Duration: microseconds one unit-less number stands for
  std::string_view help;
};

std::span<const FieldInfo> all_fields();
const FieldInfo& field_info(FieldId id);
// By name, case-insensitive, '-' read as '_'; also a few aliases (packets_sent, rtt_ms, ...).
const FieldInfo* find_field(std::string_view name);

// A field's value for one endpoint. monostate: the socket has none (no owner, no tcp_info...):
// every comparison with it is false. Integers carry the field kind's base unit.
// Text views stay valid until `scratch` is reused or the endpoint dies.
using FieldValue = std::variant<std::monostate, std::int64_t, std::string_view, IpAddress>;

// The evaluator's only window on a socket, so logic does not depend on the presenters.
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  virtual FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const = 0;
};

// Answers the Endpoint-only fields (FieldInfo::endpoint_only) from the endpoint alone; monostate
// for everything else.
class EndpointFields : public FieldSource {
 public:
  FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const override;
};

}  // namespace sockscope
