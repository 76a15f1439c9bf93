// socket_files: an eBPF task-file iterator that lists every socket descriptor of every process in
// the reader's PID namespace as fixed-size records {inode, pid, fd, netns}, in one pass inside the
// kernel, and every namespace file (nsfs) open in them, for network namespace discovery.
// It replaces, where root and the kernel allow, one readlinkat() per descriptor under /proc/PID/fd.
//
// Built with clang -target bpf and embedded in the binary (see CMakeLists.txt). No vmlinux.h: the
// few kernel structures read here are declared below with preserve_access_index, so libbpf
// relocates every field access against the running kernel's BTF when it loads the program (CO-RE).
// Only fields whose names and types have been stable for a long time are used.

#include "kernel_files.h"
#include "kernel_sock.h"

struct seq_file;
struct bpf_iter_meta {
  struct seq_file *seq;
  __u64 session_id;
  __u64 seq_num;
} CORE;
struct upid {
  int nr;
  void *ns;
};
struct pid {
  unsigned int level;
  struct upid numbers[1];
} CORE;
struct task_struct {
  struct task_struct *group_leader;
  struct pid *thread_pid;
} CORE;
struct bpf_iter__task_file {
  struct bpf_iter_meta *meta;
  struct task_struct *task;
  __u32 fd;
  struct file *file;
} CORE;

// GPL-compatible, as bpf_seq_write() requires; the rest of sockscope is unaffected.
char LICENSE[] SEC("license") = "Dual MIT/GPL";

#define MAX_PID_NS_LEVEL 32  // the kernel's own limit on nested PID namespaces

// Must match SocketFileRecord in bpf_socket_files.cpp.
struct socket_file {
  __u64 inode;
  __u32 pid;  // thread-group id as the reader's PID namespace numbers it (what /proc shows)
  __u32 fd;
  __u32 netns;  // the inode of the network namespace the socket lives in (0: it has no sock yet)
  __u32 kind;   // KIND_SOCKET, or KIND_NSFS: a namespace file, `inode` being the namespace's
};

// Set by the reader (the .bss map, mmapped) before a walk: whether to read each socket's network
// namespace. Three checked reads per socket, about a tenth of a filtered `list`'s time at 100k
// sockets, needed only where two namespaces' sockets share an inode number (see socket_key).
__u32 want_netns = 0;

#define KIND_SOCKET 0
#define KIND_NSFS 1
#define NSFS_MAGIC 0x6e736673

SEC("iter/task_file")
int socket_files(struct bpf_iter__task_file *ctx) {
  struct task_struct *task = ctx->task;
  struct file *file = ctx->file;
  if (!task || !file) return 0;  // the end of the iteration
  // Field reads through the iterator's trusted pointers are plain loads (the verifier knows their
  // types); bpf_probe_read_kernel() would cost a call per field, for every descriptor on the host.
  struct inode *inode = file->f_inode;
  // Sockets live on sockfs. An O_PATH descriptor of a bound UNIX socket's path is an inode of
  // the path's filesystem (S_IFSOCK too), not a socket: the superblock tells them apart.
  const unsigned long magic = inode->i_sb->s_magic;
  if (magic != SOCKFS_MAGIC && magic != NSFS_MAGIC) return 0;

  // The reader's PID namespace level: the iterator walks the tasks of that namespace, so each
  // task has a number there. task->tgid would be the initial namespace's number instead.
  struct task_struct *reader = bpf_get_current_task_btf();
  unsigned int level = reader->thread_pid->level;
  struct pid *leader = task->group_leader->thread_pid;
  if (!leader || leader->level < level) return 0;
  int pid;
  if (level == 0) {
    pid = leader->numbers[0].nr;
  } else {
    // A variable index needs a checked read.
    struct upid number = {};
    if (level >= MAX_PID_NS_LEVEL ||
        bpf_probe_read_kernel(&number, sizeof number, &leader->numbers[level]) != 0)
      return 0;
    pid = number.nr;
  }
  if (pid <= 0) return 0;

  if (magic == NSFS_MAGIC) {
    // Of any kind (net, mnt, user...): the reader tells them apart for the few it does not know.
    struct socket_file ns_record = {inode->i_ino, (__u32)pid, ctx->fd, 0, KIND_NSFS};
    bpf_seq_write(ctx->meta->seq, &ns_record, sizeof ns_record);
    return 0;
  }
  // The socket's own namespace, not the holder's: a process may hold sockets made in others. With
  // it, the owner join stays exact when sockfs's 32-bit inode numbers wrap around host-wide.
  // private_data is untyped for the verifier: these are checked reads.
  struct socket *sock = file->private_data;
  __u32 netns = want_netns && sock ? BPF_CORE_READ(sock, sk, __sk_common.skc_net.net, ns.inum) : 0;

  struct socket_file record = {inode->i_ino, (__u32)pid, ctx->fd, netns, KIND_SOCKET};
  bpf_seq_write(ctx->meta->seq, &record, sizeof record);
  return 0;
}
