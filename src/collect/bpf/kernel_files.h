// kernel_files: the few fields of open files the sockscope eBPF programs read (CO-RE, see
// kernel_types.h): a file's inode and filesystem (sockets live on sockfs), and a socket file's
// struct socket.
#ifndef SOCKSCOPE_BPF_KERNEL_FILES_H
#define SOCKSCOPE_BPF_KERNEL_FILES_H

#include "kernel_types.h"

#define SOCKFS_MAGIC 0x534F434B

struct super_block {
  unsigned long s_magic;
} CORE;
struct inode {
  struct super_block *i_sb;
  unsigned long i_ino;
} CORE;
struct file {
  struct inode *f_inode;
  void *private_data;  // struct socket for sockfs files
} CORE;

#endif
