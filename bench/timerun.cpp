// sockscope-timerun: runs one command and records its wall time (µs resolution), peak RSS, exit status and CPU time.
//
// Like `/usr/bin/time -f '%e %M'` but with finer timing than its 10 ms, a timeout of its own
// (so no `timeout` process sits in the timed path), and signals passed on to the command.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

extern char** environ;

namespace {

void usage(FILE* out) {
    std::fputs(
        "usage: sockscope-timerun [-o FILE] [--timeout SECONDS] -- COMMAND [ARG...]\n"
        "\n"
        "Runs COMMAND (its output goes where ours goes) and writes one line\n"
        "  <wall seconds> <peak RSS KiB> <status> <user CPU seconds> <system CPU seconds>\n"
        "to FILE (default: stderr), where status is exit:N, signal:N or timeout.\n"
        "Exits with the command's exit status, 124 on timeout, 128+N if killed by signal N.\n",
        out);
}

int pidfd_open(pid_t pid) { return int(::syscall(SYS_pidfd_open, pid, 0)); }

}  // namespace

int main(int argc, char** argv) {
    const char* result_path = nullptr;
    double timeout_s = 0;
    int i = 1;
    for (; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (arg == "-o" && i + 1 < argc) {
            result_path = argv[++i];
        } else if (arg == "--timeout" && i + 1 < argc) {
            std::string_view v = argv[++i];
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), timeout_s);
            if (ec != std::errc{} || end != v.data() + v.size() || timeout_s < 0) {
                std::fprintf(stderr, "timerun: bad --timeout: %s\n", argv[i]);
                return 125;
            }
        } else if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return 0;
        } else {
            break;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 125;
    }

    // Signals meant for the command arrive here too; they are read from a signalfd and passed on.
    sigset_t forwarded;
    sigemptyset(&forwarded);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&forwarded, s);
    sigset_t old_mask;
    ::sigprocmask(SIG_BLOCK, &forwarded, &old_mask);
    int sfd = ::signalfd(-1, &forwarded, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        std::perror("timerun: signalfd");
        return 125;
    }

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &old_mask);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = -1;
    if (int err = ::posix_spawnp(&pid, argv[i], nullptr, &attr, argv + i, environ); err != 0) {
        std::fprintf(stderr, "timerun: %s: %s\n", argv[i], std::strerror(err));
        return 127;
    }
    int pfd = pidfd_open(pid);
    const auto deadline = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(timeout_s));
    bool timed_out = false;
    while (pfd >= 0) {
        int wait_ms = -1;
        if (timeout_s > 0) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            wait_ms = int(std::clamp<long long>(left.count(), 0, 60'000));
        }
        pollfd fds[2] = {{pfd, POLLIN, 0}, {sfd, POLLIN, 0}};
        int n = ::poll(fds, 2, wait_ms);
        if (n < 0 && errno != EINTR) break;
        if (fds[0].revents) break;  // the command exited
        signalfd_siginfo si{};
        while (::read(sfd, &si, sizeof si) == ssize_t(sizeof si)) ::kill(pid, int(si.ssi_signo));
        if (timeout_s > 0 && std::chrono::steady_clock::now() >= deadline) {
            timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
    }
    int status = 0;
    rusage ru{};
    while (::wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            std::perror("timerun: wait4");
            return 125;
        }
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    int code = 0;
    std::string state;
    if (timed_out) {
        code = 124;
        state = "timeout";
    } else if (WIFSIGNALED(status)) {
        code = 128 + WTERMSIG(status);
        state = "signal:" + std::to_string(WTERMSIG(status));
    } else {
        code = WEXITSTATUS(status);
        state = "exit:" + std::to_string(code);
    }
    FILE* out = stderr;
    if (result_path && !(out = std::fopen(result_path, "w"))) {
        std::perror(result_path);
        return 125;
    }
    // CPU time as well as wall time: on a shared machine the wall time of a multi-threaded tool
    // depends on how many cores the others leave it, its CPU time much less.
    const auto seconds = [](const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    std::fprintf(out, "%.6f %ld %s %.6f %.6f\n", wall, long(ru.ru_maxrss), state.c_str(), seconds(ru.ru_utime),
                 seconds(ru.ru_stime));
    if (out != stderr) std::fclose(out);
    return code;
}
