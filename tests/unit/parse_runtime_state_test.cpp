// Runtime state parsers on fixtures as Docker, Podman, containerd, CRI-O, the kubelet, LXC and
// systemd-machined write them, and on truncated or hostile text.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "parse/runtime_state.hpp"

using namespace sockscope;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/runtime/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kId = "3f2a9c1e5b7d4a6f8e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

TEST(RuntimeState, DockerName) {
  EXPECT_EQ(docker_container_name(fixture("docker_config.v2.json")), "web-frontend");
  EXPECT_EQ(docker_container_name(R"({"Name":"plain"})"), "plain");
  EXPECT_EQ(docker_container_name(R"({"Name":"/"})"), std::nullopt);
  EXPECT_EQ(docker_container_name(R"({"Name":7})"), std::nullopt);
  EXPECT_EQ(docker_container_name(R"(["Name"])"), std::nullopt);
  const std::string whole = fixture("docker_config.v2.json");
  EXPECT_EQ(docker_container_name(whole.substr(0, whole.size() / 2)), std::nullopt) << "half-written file";
  EXPECT_EQ(docker_container_name(""), std::nullopt);
}

TEST(RuntimeState, PodmanContainers) {
  const auto all = podman_containers(fixture("podman_containers.json"));
  ASSERT_EQ(all.size(), 2u) << "entries without id or names are skipped";
  EXPECT_EQ(all[0], (PodmanContainer{kId, "db-primary"}));
  EXPECT_EQ(all[1].name, "c0ffee-infra") << "the first name";
  EXPECT_TRUE(podman_containers("{}").empty());
  EXPECT_TRUE(podman_containers("[{\"id\":\"x\",\"names\":[1]}]").empty());
  EXPECT_TRUE(podman_containers("[{\"id\":\"x\",\"names\":[\"a\"]").empty()) << "truncated";
}

TEST(RuntimeState, ContainerdPod) {
  EXPECT_EQ(pod_from_oci_config(fixture("containerd_config.json")),
            (PodRef{"nginx-7c5ddbdf54-x8k2p", "shop", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", "nginx"}));
}

TEST(RuntimeState, CrioPod) {
  EXPECT_EQ(pod_from_oci_config(fixture("crio_config.json")),
            (PodRef{"cache-0", "backend", "11112222-3333-4444-5555-666677778888", "redis"}));
}

TEST(RuntimeState, OciConfigWithoutPod) {
  EXPECT_EQ(pod_from_oci_config(R"({"ociVersion":"1.0.2","annotations":{"org.opencontainers.image.title":"x"}})"),
            std::nullopt);
  EXPECT_EQ(pod_from_oci_config(R"({"annotations":[]})"), std::nullopt);
  EXPECT_EQ(pod_from_oci_config(R"({"annotations":{"io.kubernetes.pod.name":5}})"), std::nullopt);
  EXPECT_EQ(pod_from_oci_config("null"), std::nullopt);
  EXPECT_EQ(pod_from_oci_config("{\"annotations\":{\"io.kubernetes.pod.name\":\"a"), std::nullopt);
}

TEST(RuntimeState, KubeletEtcHosts) {
  EXPECT_EQ(pod_from_kubelet_etc_hosts(fixture("kubelet_etc-hosts")), (PodRef{"nginx-7c5ddbdf54-x8k2p", "", "", ""}))
      << "no subdomain: the namespace is not stated";
  EXPECT_EQ(pod_from_kubelet_etc_hosts(fixture("kubelet_etc-hosts_subdomain")), (PodRef{"cache-0", "backend", "", ""}));
  EXPECT_EQ(pod_from_kubelet_etc_hosts("127.0.0.1 localhost\n10.0.0.1 pod\n"), std::nullopt) << "not the kubelet's";
  EXPECT_EQ(pod_from_kubelet_etc_hosts("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"), std::nullopt);
  EXPECT_EQ(pod_from_kubelet_etc_hosts("# Kubernetes-managed hosts file.\n10.0.0.1\n"), std::nullopt);
  EXPECT_EQ(pod_from_kubelet_etc_hosts("# Kubernetes-managed hosts file.\n10.0.0.1 a.svc.x a\n"), (PodRef{"a", "", "", ""}))
      << "too few labels for a namespace";
}

TEST(RuntimeState, LxcHostname) {
  EXPECT_EQ(lxc_config_hostname(fixture("lxc_config")), "web01-host");
  EXPECT_EQ(lxc_config_hostname("lxc.utsname=old\n"), "old") << "LXC 2 key";
  EXPECT_EQ(lxc_config_hostname("# lxc.uts.name = no\n"), std::nullopt);
  EXPECT_EQ(lxc_config_hostname("lxc.uts.name =\n"), std::nullopt);
  EXPECT_EQ(lxc_config_hostname("lxc.uts.name.x = y\nlxc.uts.name\n"), std::nullopt);
}

TEST(RuntimeState, MachinedRecord) {
  EXPECT_EQ(machined_record(fixture("machined_web")),
            (MachineRecord{"web", "machine-web.scope", "container", "systemd-nspawn", "/var/lib/machines/web", 31337}));
  EXPECT_EQ(machined_record("SCOPE=machine-x.scope\n"), std::nullopt) << "no NAME";
  const auto bad_leader = machined_record("NAME=x\nLEADER=-5\n");
  ASSERT_TRUE(bad_leader);
  EXPECT_EQ(bad_leader->leader, 0);
  EXPECT_EQ(machined_record("NAME=x\nLEADER=12ab")->leader, 0);
  EXPECT_EQ(machined_record(""), std::nullopt);
}

}  // namespace
