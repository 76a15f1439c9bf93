// Fuzz target: container runtimes' state files (Docker, Podman, OCI configs of CRI pods, the
// kubelet's etc-hosts, LXC configs, machined records); the first byte picks the parser.
#include "fuzz_input.hpp"
#include "parse/runtime_state.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  // Every name comes out of the input, so none is longer than it (JSON escapes only shorten).
  const auto fits = [&](const std::string& s) { fuzz::check(s.size() <= text.size()); };
  switch (data[0] % 6) {
    case 0:
      if (const auto name = docker_container_name(text)) fits(*name);
      break;
    case 1:
      for (const auto& c : podman_containers(text)) {
        fuzz::check(!c.id.empty() && !c.name.empty());  // entries missing either are skipped
        fits(c.id), fits(c.name);
      }
      break;
    case 2:
      if (const auto pod = pod_from_oci_config(text)) {
        fuzz::check(!pod->name.empty());
        fits(pod->name), fits(pod->namespace_), fits(pod->uid), fits(pod->container);
      }
      break;
    case 3:
      if (const auto pod = pod_from_kubelet_etc_hosts(text)) fits(pod->name), fits(pod->namespace_);
      break;
    case 4:
      if (const auto host = lxc_config_hostname(text)) fits(*host);
      break;
    default:
      if (const auto m = machined_record(text)) {
        fuzz::check(!m->name.empty());  // nullopt without NAME
        fits(m->name), fits(m->scope), fits(m->service), fits(m->root);
      }
      break;
  }
  return 0;
}
