// read_container_name over a directory laid out as a host with each runtime's state files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "collect/container_names.hpp"
#include "collect/netns_labels.hpp"

using namespace sockscope;
namespace fs = std::filesystem;

namespace {

const std::string kId = "3f2a9c1e5b7d4a6f8e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
const std::string kPod = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

class ContainerNames : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sockscope-names-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Copies a fixture to root_/relative.
  void place(const std::string& fixture, const std::string& relative) {
    const fs::path to = root_ / relative;
    fs::create_directories(to.parent_path());
    fs::copy_file(fs::path(SOCKSCOPE_FIXTURES) / "runtime" / fixture, to);
  }
  void write(const std::string& relative, const std::string& text) {
    const fs::path to = root_ / relative;
    fs::create_directories(to.parent_path());
    std::ofstream(to) << text;
  }
  ContainerName name(ContainerRuntime r, const std::string& id, const std::string& pod = "") {
    return read_container_name({r, id, id.substr(0, 12), pod}, root_.string());
  }

  fs::path root_;
};

TEST_F(ContainerNames, Docker) {
  place("docker_config.v2.json", "var/lib/docker/containers/" + kId + "/config.v2.json");
  EXPECT_EQ(name(ContainerRuntime::Docker, kId).name, "web-frontend");
  EXPECT_EQ(name(ContainerRuntime::Docker, std::string(64, 'a')), ContainerName{}) << "no state: no name";
}

TEST_F(ContainerNames, Podman) {
  place("podman_containers.json", "var/lib/containers/storage/overlay-containers/containers.json");
  EXPECT_EQ(name(ContainerRuntime::Podman, kId).name, "db-primary");
  EXPECT_EQ(name(ContainerRuntime::Podman, std::string(64, 'b')).name, "");
}

TEST_F(ContainerNames, ContainerdPod) {
  place("containerd_config.json", "run/containerd/io.containerd.runtime.v2.task/k8s.io/" + kId + "/config.json");
  EXPECT_EQ(name(ContainerRuntime::Containerd, kId, kPod), (ContainerName{"", "nginx-7c5ddbdf54-x8k2p", "shop", "nginx"}));
  EXPECT_EQ(name(ContainerRuntime::Kubernetes, kId, kPod).pod, "nginx-7c5ddbdf54-x8k2p") << "cgroupfs: runtime unknown";
}

TEST_F(ContainerNames, CrioPod) {
  place("crio_config.json", "run/containers/storage/overlay-containers/" + kId + "/userdata/config.json");
  EXPECT_EQ(name(ContainerRuntime::Crio, kId, kPod), (ContainerName{"", "cache-0", "backend", "redis"}));
}

TEST_F(ContainerNames, KubeletFallback) {
  place("kubelet_etc-hosts", "var/lib/kubelet/pods/" + kPod + "/etc-hosts");
  EXPECT_EQ(name(ContainerRuntime::Containerd, kId, kPod), (ContainerName{"", "nginx-7c5ddbdf54-x8k2p", "", ""}));
  EXPECT_EQ(name(ContainerRuntime::Containerd, kId, ""), ContainerName{}) << "no pod UID, no kubelet directory";
}

TEST_F(ContainerNames, LxcAndNspawn) {
  place("lxc_config", "var/lib/lxc/web01/config");
  EXPECT_EQ(read_container_name({ContainerRuntime::Lxc, "web01", "web01", ""}, root_.string()).name, "web01");
  EXPECT_EQ(read_container_name({ContainerRuntime::Lxc, "gone", "gone", ""}, root_.string()).name, "");
  place("machined_web", "run/systemd/machines/web");
  EXPECT_EQ(read_container_name({ContainerRuntime::Nspawn, "web", "web", ""}, root_.string()).name, "web");
}

TEST_F(ContainerNames, HostileIdsAndFiles) {
  write("var/lib/lxc/config", "lxc.uts.name = x\n");
  EXPECT_EQ(read_container_name({ContainerRuntime::Lxc, ".", ".", ""}, root_.string()).name, "");
  EXPECT_EQ(read_container_name({ContainerRuntime::Lxc, "", "", ""}, root_.string()).name, "");
  write("var/lib/docker/containers/" + kId + "/config.v2.json", "{\"Name\":");
  EXPECT_EQ(name(ContainerRuntime::Docker, kId).name, "") << "half-written";
  write("run/systemd/machines/empty", "");
  EXPECT_EQ(read_container_name({ContainerRuntime::Nspawn, "empty", "empty", ""}, root_.string()).name, "");
}

TEST_F(ContainerNames, ContainerOfProcess) {
  write("proc/4242/cgroup", "0::/system.slice/docker-" + kId + ".scope\n");
  write("proc/1/cgroup", "0::/init.scope\n");
  const std::string proc = (root_ / "proc").string();
  EXPECT_EQ(container_of_process(4242, proc), (ContainerId{ContainerRuntime::Docker, kId, kId.substr(0, 12), ""}));
  EXPECT_EQ(container_of_process(1, proc), std::nullopt) << "the host";
  EXPECT_EQ(container_of_process(999, proc), std::nullopt) << "gone";
  EXPECT_EQ(container_of_process(0, proc), std::nullopt) << "no process in the namespace";
}

TEST(ContainerLabel, RuntimeThenNameElseShortId) {
  const ContainerId docker{ContainerRuntime::Docker, "0123456789abcdef", "0123456789ab", ""};
  EXPECT_EQ(container_label(docker, {}), "docker 0123456789ab");
  EXPECT_EQ(container_label(docker, ContainerName{"web", "", "", ""}), "docker web");
  const ContainerId pod{ContainerRuntime::Containerd, "fedcba", "fedcba", "uid-1"};
  EXPECT_EQ(container_label(pod, ContainerName{"", "api-7d9", "shop", ""}), "containerd shop/api-7d9");
}

TEST_F(ContainerNames, LabelsOwnersAndNamespaces) {
  write("proc/4242/cgroup", "0::/system.slice/docker-" + kId + ".scope\n");
  write("proc/7/cgroup", "0::/system.slice/ssh.service\n");
  write("var/lib/docker/containers/" + kId + "/config.v2.json", "{\"Name\":\"/web\"}");
  Snapshot snap;
  Process inside, outside;
  inside.pid = 4242, inside.unit = "container " + kId.substr(0, 12);
  outside.pid = 7, outside.unit = "ssh.service";
  snap.processes = {inside, outside};
  NetnsInfo ns;
  ns.inode = 5, ns.pid = 4242;
  snap.namespaces = {ns};
  label_containers(snap, (root_ / "proc").string(), root_.string());
  EXPECT_EQ(snap.processes[0].container, "docker web");
  EXPECT_EQ(snap.processes[1].container, "");
  EXPECT_EQ(snap.namespaces[0].container, "docker web");
  EXPECT_EQ(snap.namespaces[0].container_name, "web");
}

}  // namespace
