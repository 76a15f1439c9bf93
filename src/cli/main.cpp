// Entry point: hands argv to the CLI layer, which picks the command by name and arguments.
#include <malloc.h>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // glibc raises its mmap threshold each time a large mmapped block is freed, so after libbpf frees
  // the kernel's BTF (megabytes, while loading the eBPF iterator) every later big buffer would come
  // from the heap and stay there: measured +2 MiB peak at 100k sockets. A fixed threshold keeps
  // big buffers in mmap, given back when freed.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  return sockscope::cli::run(argc, argv);
}
