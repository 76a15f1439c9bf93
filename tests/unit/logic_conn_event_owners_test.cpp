// join_owners: destroy-group events get the owner the last snapshot saw for the same cookie.
#include <gtest/gtest.h>

#include <vector>

#include "logic/conn_event_owners.hpp"

using namespace sockscope;

namespace {

Endpoint held(std::uint64_t cookie, std::vector<Owner> owners) {
  Endpoint e;
  e.cookie = cookie;
  for (const Owner& o : owners) e.owners.push_back(o);
  return e;
}

ConnEvent destroyed(std::uint64_t cookie) {
  ConnEvent e;
  e.source = ConnEventSource::DestroyGroup;
  e.cookie = cookie;
  return e;
}

Process process(int pid, std::uint32_t uid, const char* name) {
  Process p;
  p.pid = pid;
  p.uid = uid;
  p.name = name;
  return p;
}

Snapshot last_snapshot() {
  Snapshot s;
  s.processes = {process(100, 1000, "curl"), process(50, 0, "sshd")};
  s.endpoints = {held(7, {Owner{1, 3}, Owner{0, 4}}), held(8, {}), held(0, {Owner{0, 5}}), held(9, {Owner{5, 1}})};
  return s;
}

}  // namespace

TEST(JoinOwners, TheFirstHolderOfTheSameCookie) {
  std::vector<ConnEvent> events = {destroyed(7)};
  EXPECT_EQ(join_owners(events, last_snapshot()), 1u);
  ASSERT_TRUE(events[0].owner);
  EXPECT_EQ(events[0].owner->pid, 50u);  // owners are ordered by PID: the first is the lowest
  EXPECT_EQ(events[0].owner->comm, "sshd");
  EXPECT_EQ(events[0].owner->uid, 0u);
}

TEST(JoinOwners, UnknownUnheldAndZeroCookiesStayUnowned) {
  // 8: seen without holders; 0: no cookie (from /proc); 9: an owner index past the process list;
  // 11: never seen (born and gone between two snapshots).
  std::vector<ConnEvent> events = {destroyed(8), destroyed(0), destroyed(9), destroyed(11)};
  EXPECT_EQ(join_owners(events, last_snapshot()), 0u);
  for (const auto& e : events) EXPECT_FALSE(e.owner) << e.cookie;
}

TEST(JoinOwners, AnOwnerFromEbpfIsKept) {
  std::vector<ConnEvent> events = {destroyed(7)};
  events[0].owner = ConnOwner{4242, 4242, 0, 0, "gone"};
  EXPECT_EQ(join_owners(events, last_snapshot()), 0u);
  EXPECT_EQ(events[0].owner->pid, 4242u);
}
