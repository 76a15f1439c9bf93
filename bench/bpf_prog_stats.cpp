// sockscope-bpfstats: run count and run time of the loaded eBPF programs (kernel.bpf_stats_enabled must be 1).
//
// Prints "ID NAME RUN_CNT RUN_TIME_NS RECURSION_MISSES" for each loaded program whose name starts with one of the
// arguments (every program without arguments); bench/capture_rate.sh takes two readings of the
// recorder's programs (their IDs from /proc/PID/fdinfo) and divides the difference by the wall
// time: the share of one CPU the programs cost.
#include <bpf/bpf.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string_view>

int main(int argc, char** argv) {
  __u32 id = 0;
  while (bpf_prog_get_next_id(id, &id) == 0) {
    const int fd = bpf_prog_get_fd_by_id(id);
    if (fd < 0) continue;
    bpf_prog_info info{};
    __u32 len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
      bool wanted = argc < 2;
      for (int i = 1; i < argc; ++i) wanted |= std::strncmp(info.name, argv[i], std::strlen(argv[i])) == 0;
      if (wanted)
        std::printf("%u %s %llu %llu %llu\n", id, info.name, static_cast<unsigned long long>(info.run_cnt),
                    static_cast<unsigned long long>(info.run_time_ns),
                    static_cast<unsigned long long>(info.recursion_misses));
    }
    ::close(fd);
  }
  return 0;
}
