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

namespace {

using sockscope::container_from_cgroup;
using sockscope::ContainerId;
using sockscope::ContainerRuntime;
using sockscope::runtime_name;

const std::string kId = "3f2a9c1e5b7d4a6f8e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
const std::string kPod = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

ContainerId hex(ContainerRuntime r, const std::string& id, const std::string& pod = "") {
  return {r, id, id.substr(0, 12), pod};
}

TEST(Container, Docker) {
  EXPECT_EQ(container_from_cgroup(fixture("v1_docker")), hex(ContainerRuntime::Docker, kId));
  EXPECT_EQ(container_from_cgroup(fixture("v2_docker_systemd")), hex(ContainerRuntime::Docker, kId));
}

TEST(Container, Podman) {
  EXPECT_EQ(container_from_cgroup(fixture("v2_podman_root")), hex(ContainerRuntime::Podman, kId));
  EXPECT_EQ(container_from_cgroup(fixture("v1_podman_cgroupfs")), hex(ContainerRuntime::Podman, kId))
      << "the v2 line at / says nothing; v1 does";
  EXPECT_EQ(container_from_cgroup(fixture("v2_podman_rootless")),
            hex(ContainerRuntime::Podman, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(container_from_cgroup(fixture("v2_podman_conmon")), std::nullopt) << "conmon is the host-side monitor";
}

TEST(Container, KubernetesPods) {
  EXPECT_EQ(container_from_cgroup(fixture("v2_kubernetes")),
            hex(ContainerRuntime::Containerd, "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999",
                "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"));
  EXPECT_EQ(container_from_cgroup(fixture("v2_kubernetes_guaranteed")), hex(ContainerRuntime::Containerd, kId, kPod))
      << "guaranteed pods have no QoS slice";
  EXPECT_EQ(container_from_cgroup(fixture("v2_kubernetes_crio")), hex(ContainerRuntime::Crio, kId, kPod));
  EXPECT_EQ(container_from_cgroup(fixture("v2_kubernetes_crio_conmon")), std::nullopt);
  EXPECT_EQ(container_from_cgroup(fixture("v1_kubernetes_cgroupfs")), hex(ContainerRuntime::Kubernetes, kId, kPod))
      << "the cgroupfs driver does not name the runtime";
  EXPECT_EQ(container_from_cgroup("0::/kubepods/burstable/pod" + kPod + "/crio-" + kId + "\n"),
            hex(ContainerRuntime::Crio, kId, kPod));
}

TEST(Container, NestedNamesTheInnermost) {
  EXPECT_EQ(container_from_cgroup(fixture("v2_kind_nested")),
            hex(ContainerRuntime::Containerd, "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999", kPod));
  EXPECT_EQ(unit_from_cgroup(fixture("v2_kind_nested")), "container 3f2a9c1e5b7d") << "units keep the outermost";
  EXPECT_EQ(container_from_cgroup("0::/lxc.payload.web01/system.slice/docker-" + kId + ".scope\n"),
            hex(ContainerRuntime::Docker, kId));
}

TEST(Container, Lxc) {
  const ContainerId web01{ContainerRuntime::Lxc, "web01", "web01", ""};
  EXPECT_EQ(container_from_cgroup(fixture("v2_lxc")), web01);
  EXPECT_EQ(container_from_cgroup("5:pids:/lxc/web01\n"), web01);
  EXPECT_EQ(container_from_cgroup("0::/lxc.payload/web01/init.scope\n"), web01);
  EXPECT_EQ(container_from_cgroup("0::/lxc/web01/lxc/inner\n"), (ContainerId{ContainerRuntime::Lxc, "inner", "inner", ""}));
  EXPECT_EQ(container_from_cgroup("0::/lxc.monitor.web01\n"), std::nullopt);
  EXPECT_EQ(container_from_cgroup("0::/lxc\n"), std::nullopt) << "no name follows";
}

TEST(Container, Nspawn) {
  EXPECT_EQ(container_from_cgroup(fixture("v2_nspawn")), (ContainerId{ContainerRuntime::Nspawn, "my-box", "my-box", ""}))
      << "\\x2d is systemd's escape for '-'";
  EXPECT_EQ(container_from_cgroup(fixture("v1_nspawn")), (ContainerId{ContainerRuntime::Nspawn, "web", "web", ""}));
  EXPECT_EQ(unit_from_cgroup(fixture("v2_nspawn")), "nginx.service") << "units inside a machine as before";
  EXPECT_EQ(container_from_cgroup("0::/machine.slice/machine-.scope\n"), std::nullopt) << "no name";
}

TEST(Container, NoContainer) {
  EXPECT_EQ(container_from_cgroup(fixture("v2_service")), std::nullopt);
  EXPECT_EQ(container_from_cgroup(fixture("v2_root")), std::nullopt);
  EXPECT_EQ(container_from_cgroup(fixture("v2_user_unit")), std::nullopt);
  EXPECT_EQ(container_from_cgroup("0::/default/" + kId + "\n"), hex(ContainerRuntime::Oci, kId)) << "a bare id";
}

TEST(Container, Malformed) {
  EXPECT_EQ(container_from_cgroup(""), std::nullopt);
  EXPECT_EQ(container_from_cgroup("0::"), std::nullopt);
  EXPECT_EQ(container_from_cgroup("0::docker/" + kId + "\n"), std::nullopt) << "paths are absolute";
  EXPECT_EQ(container_from_cgroup("0::/docker/" + kId.substr(0, 63) + "\n"), std::nullopt) << "truncated id";
  EXPECT_EQ(container_from_cgroup("0::/system.slice/docker-" + kId + "x.scope\n"), std::nullopt);
  EXPECT_EQ(container_from_cgroup("0::/kubepods/burstable/pod/" + kId + "\n"), hex(ContainerRuntime::Oci, kId))
      << "an empty pod UID is no pod";
  EXPECT_EQ(container_from_cgroup("0::/kubepods.slice/kubepods-pod.slice/cri-containerd-" + kId + ".scope\n"),
            hex(ContainerRuntime::Containerd, kId));
  EXPECT_EQ(container_from_cgroup("0::/machine.slice/machine-a\\x2.scope\n"),
            (ContainerId{ContainerRuntime::Nspawn, "a\\x2", "a\\x2", ""}))
      << "a cut escape stays as it is";
}

TEST(Container, RuntimeNames) {
  EXPECT_EQ(runtime_name(ContainerRuntime::Docker), "docker");
  EXPECT_EQ(runtime_name(ContainerRuntime::Crio), "cri-o");
  EXPECT_EQ(runtime_name(ContainerRuntime::Nspawn), "nspawn");
}

}  // namespace
