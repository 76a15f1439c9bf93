// kernel_types: what every sockscope eBPF program includes first: the kernel's integer types (no
// vmlinux.h, no build-machine kernel headers), libbpf's helper and CO-RE macros, and CORE, which marks
// a hand-declared kernel structure for relocation against the running kernel's BTF.
#ifndef SOCKSCOPE_BPF_KERNEL_TYPES_H
#define SOCKSCOPE_BPF_KERNEL_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#define CORE __attribute__((preserve_access_index))

#endif
