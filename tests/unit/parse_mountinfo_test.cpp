// nsfs_net_mounts and its helpers on mountinfo text: ip netns mounts, bare bind mounts, other
// namespace types, escapes and malformed lines.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "parse/mountinfo.hpp"

using namespace sockscope;

namespace {

std::string fixture(const std::string& name) {
  std::string path = SOCKSCOPE_FIXTURES;  // appended piecewise: GCC 12's -Warray-bounds misreads a + chain here
  path.append("/mountinfo/").append(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Mountinfo, FindsNetNamespaceMountsOnly) {
  const auto mounts = nsfs_net_mounts(fixture("host_with_netns"));
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0], (NsfsMount{4026532356u, "/run/netns/blue"}));
  EXPECT_EQ(mounts[1], (NsfsMount{4026532432u, "/run/netns/red team"})) << "\\040 is a space";
  EXPECT_EQ(mounts[2], (NsfsMount{4026532611u, "/var/tmp/keep-net"}))
      << "older kernels write the root with a slash; optional fields before '-' are skipped";
}

TEST(Mountinfo, NoTrailingNewline) {
  const auto mounts = nsfs_net_mounts("1 2 0:4 net:[7] /x rw - nsfs nsfs rw");
  ASSERT_EQ(mounts.size(), 1u);
  EXPECT_EQ(mounts[0].inode, 7u);
}

TEST(Mountinfo, MalformedLinesAreSkipped) {
  EXPECT_TRUE(nsfs_net_mounts("").empty());
  EXPECT_TRUE(nsfs_net_mounts("\n\n").empty());
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7]\n").empty()) << "no mount point";
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7] /x rw nsfs nsfs rw\n").empty()) << "no separator";
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7] /x rw -\n").empty()) << "no filesystem type";
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[] /x rw - nsfs nsfs rw\n").empty());
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[0] /x rw - nsfs nsfs rw\n").empty());
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[12x] /x rw - nsfs nsfs rw\n").empty());
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[99999999999999999999999] /x rw - nsfs nsfs rw\n").empty())
      << "inode overflows 64 bits";
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7 /x rw - nsfs nsfs rw\n").empty());
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7] x rw - nsfs nsfs rw\n").empty()) << "mount points are absolute";
  EXPECT_TRUE(nsfs_net_mounts("1 2 0:4 net:[7] /x rw - nsfsx nsfs rw\n").empty());
  const auto mixed = nsfs_net_mounts("garbage\n1 2 0:4 net:[8] /y rw - nsfs nsfs rw\n\x01\xff\n");
  ASSERT_EQ(mixed.size(), 1u);
  EXPECT_EQ(mixed[0].inode, 8u);
}

TEST(Mountinfo, LinkTargets) {
  EXPECT_EQ(net_ns_link_inode("net:[4026531840]"), 4026531840u);
  EXPECT_EQ(net_ns_link_inode("socket:[4026531840]"), std::nullopt);
  EXPECT_EQ(net_ns_link_inode("net:[4026531840"), std::nullopt);
  EXPECT_EQ(net_ns_link_inode("net:[-1]"), std::nullopt);
  EXPECT_EQ(net_ns_link_inode("net:[]"), std::nullopt);
  EXPECT_EQ(net_ns_link_inode(""), std::nullopt);
}

TEST(Mountinfo, Unescape) {
  EXPECT_EQ(unescape_mountinfo("/a\\040b\\011c\\012d\\134e"), "/a b\tc\nd\\e");
  EXPECT_EQ(unescape_mountinfo("/trailing\\04"), "/trailing\\04") << "a cut escape stays as it is";
  EXPECT_EQ(unescape_mountinfo("/bad\\089"), "/bad\\089") << "8 is no octal digit";
  EXPECT_EQ(unescape_mountinfo("\\"), "\\");
}

}  // namespace

TEST(Mountinfo, FirstMountPointOfAType) {
  const std::string text =
      "22 1 0:20 / /sys rw - sysfs sysfs rw\n"
      "30 22 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
      "31 30 0:27 / /sys/fs/cgroup/systemd rw shared:9 - cgroup cgroup rw,name=systemd\n"
      "35 30 0:31 / /sys/fs/cgroup/un\\040ified rw shared:10 - cgroup2 cgroup2 rw\n"
      "36 30 0:32 / /mnt/second rw - cgroup2 cgroup2 rw\n";
  EXPECT_EQ(first_mount_point(text, "cgroup2").value_or("none"), std::string("/sys/fs/cgroup/un ified"))
      << "the first in file order, escapes decoded; the v1 'cgroup' type is another filesystem";
  EXPECT_EQ(first_mount_point(text, "cgroup").value_or("none"), std::string("/sys/fs/cgroup/systemd"));
  EXPECT_FALSE(first_mount_point(text, "nsfs"));
  EXPECT_FALSE(first_mount_point("1 2 0:4 / /x rw cgroup2\n", "cgroup2")) << "no '-' separator";
  EXPECT_FALSE(first_mount_point("1 2 0:4 / /x rw -\n", "cgroup2")) << "no type after '-'";
  EXPECT_FALSE(first_mount_point("1 2 0:4 / rel rw - cgroup2 c rw\n", "cgroup2")) << "not absolute";
  EXPECT_FALSE(first_mount_point(fixture("host_with_netns"), "cgroup2"));
}
