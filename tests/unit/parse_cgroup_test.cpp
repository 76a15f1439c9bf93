// unit_from_cgroup on cgroup v1, v2 and hybrid files: services, sessions, user units, containers, hostile text.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "parse/cgroup.hpp"

using sockscope::unit_from_cgroup;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/cgroup/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Cgroup, V2SystemService) { EXPECT_EQ(unit_from_cgroup(fixture("v2_service")), "nginx.service"); }

TEST(Cgroup, HybridPrefersTheUnifiedLine) {
  EXPECT_EQ(unit_from_cgroup(fixture("hybrid_service")), "nginx.service");
}

TEST(Cgroup, HybridFallsBackToNameSystemdWhenV2IsRoot) {
  EXPECT_EQ(unit_from_cgroup("3:cpu:/\n1:name=systemd:/system.slice/sshd.service\n0::/\n"), "sshd.service");
}

TEST(Cgroup, V1WithoutSystemdUsesAnyHierarchy) {
  EXPECT_EQ(unit_from_cgroup("4:memory:/system.slice/cron.service\n"), "cron.service");
}

TEST(Cgroup, DockerCgroupfsDriver) {
  EXPECT_EQ(unit_from_cgroup(fixture("v1_docker")), "container 3f2a9c1e5b7d");
}

TEST(Cgroup, DockerSystemdDriver) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_docker_systemd")), "container 3f2a9c1e5b7d");
}

TEST(Cgroup, PodmanRootless) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_podman_rootless")), "container 0123456789ab");
}

TEST(Cgroup, KubernetesContainerd) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_kubernetes")), "container aaaabbbbcccc");
}

TEST(Cgroup, KubernetesCgroupfsAndCrio) {
  const std::string id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  EXPECT_EQ(unit_from_cgroup("0::/kubepods/burstable/pod1234/" + id + "\n"), "container 0123456789ab");
  EXPECT_EQ(unit_from_cgroup("0::/kubepods.slice/crio-" + id + ".scope\n"), "container 0123456789ab");
}

TEST(Cgroup, ConmonIsNotTheContainer) {
  const std::string id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  EXPECT_EQ(unit_from_cgroup("0::/machine.slice/libpod-conmon-" + id + ".scope\n"), "libpod-conmon-" + id + ".scope");
}

TEST(Cgroup, LxcContainers) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_lxc")), "container web01");
  EXPECT_EQ(unit_from_cgroup("5:pids:/lxc/db02\n"), "container db02");
  EXPECT_EQ(unit_from_cgroup("0::/lxc.payload/db03/init.scope\n"), "container db03");
  EXPECT_EQ(unit_from_cgroup("0::/lxc.monitor.db02\n"), "") << "the host-side monitor is no container";
}

TEST(Cgroup, UserSessionsAndUnits) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_session")), "session-3.scope");
  EXPECT_EQ(unit_from_cgroup(fixture("v2_user_manager")), "user@1000.service");
  EXPECT_EQ(unit_from_cgroup(fixture("v2_user_unit")), "dbus.service");
}

TEST(Cgroup, DelegatedSubtreeNamesItsService) {
  EXPECT_EQ(unit_from_cgroup("0::/system.slice/buildkit.service/payload/worker\n"), "buildkit.service");
}

TEST(Cgroup, RootAndInit) {
  EXPECT_EQ(unit_from_cgroup(fixture("v2_root")), "");
  EXPECT_EQ(unit_from_cgroup(fixture("v2_init")), "init.scope");
}

TEST(Cgroup, SlicesAloneAreNoUnit) { EXPECT_EQ(unit_from_cgroup("0::/user.slice/user-1000.slice\n"), ""); }

TEST(Cgroup, NoTrailingNewlineAndColonsInPath) {
  EXPECT_EQ(unit_from_cgroup("0::/system.slice/nginx.service"), "nginx.service");
  EXPECT_EQ(unit_from_cgroup("0::/system.slice/a:b.service\n"), "a:b.service");
}

TEST(Cgroup, MalformedAndTruncated) {
  EXPECT_EQ(unit_from_cgroup(""), "");
  EXPECT_EQ(unit_from_cgroup("\n\n"), "");
  EXPECT_EQ(unit_from_cgroup("0"), "");
  EXPECT_EQ(unit_from_cgroup("0:"), "");
  EXPECT_EQ(unit_from_cgroup("0::"), "");
  EXPECT_EQ(unit_from_cgroup("0::system.slice/x.service\n"), "") << "paths are absolute";
  EXPECT_EQ(unit_from_cgroup(":/x.service\n"), "") << "no hierarchy id";
  EXPECT_EQ(unit_from_cgroup("0::/.service\n"), "") << "a bare suffix is no unit";
  EXPECT_EQ(unit_from_cgroup("0::/system.slice/nginx.serv"), "") << "truncated unit name";
  EXPECT_EQ(unit_from_cgroup("0::/docker/3f2a9c1e5b7d4a6f8e0b"), "") << "truncated container id";
  EXPECT_EQ(unit_from_cgroup("0::/docker/3F2A9C1E5B7D4A6F8E0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F"), "")
      << "ids are lower-case hex";
}

TEST(Cgroup, HostileBytesStayRaw) {
  const std::string evil = "0::/system.slice/\x1b]0;pwned\x07\xff.service\n";
  EXPECT_EQ(unit_from_cgroup(evil), "\x1b]0;pwned\x07\xff.service") << "escaping is the presenter's job";
  std::string huge = "0::";
  for (int i = 0; i < 10000; ++i) huge += "/a.slice";
  huge += "/deep.service\n";
  EXPECT_EQ(unit_from_cgroup(huge), "deep.service");
  EXPECT_EQ(unit_from_cgroup(std::string("0::/x\0y.service\n", 17)), std::string("x\0y.service", 11));
}

}  // namespace
