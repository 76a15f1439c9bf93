// The identity of every column the presenters know, so logic can order by column without the registry.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sockscope {

enum class ColumnId : std::uint8_t {
  Proto, State,
  LocalAddress, LocalPort, RemoteAddress, RemotePort,
  Local, Remote,
  LocalName, RemoteName, LocalService, RemoteService,
  Interface, Inode, Cookie, Uid, User, RecvQ, SendQ,
  BytesSent, BytesAcked, BytesReceived, SegsOut, SegsIn, RttMs, Retrans,
  Pid, Process, Pids, Exe, Cmdline, ProcessUser, ProcessStart,
  UnixType, UnixPeer, RawProtocol,
  Unit,
  Netns, NetnsName, Container,
  Mark, Cgroup,
};
inline constexpr std::size_t kColumnCount = static_cast<std::size_t>(ColumnId::Cgroup) + 1;

}  // namespace sockscope
