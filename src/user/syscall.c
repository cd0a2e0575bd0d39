/* syscall.c — guest system calls in user mode.
 *
 * The guest uses the host's own ABI (x86-64 Linux) and its pointers are
 * host pointers, so most calls go to the host kernel unchanged: a table
 * says which.  What touches tern's own state is emulated: memory mapping
 * (the guest map must stay in step), signals (the guest's handlers are
 * not host handlers), the thread pointer (arch_prctl: guest FS is a
 * register of the emulated CPU, never the host's), processes and threads
 * (syscall_proc.c), exit, and a few /proc/self views.  Anything else is
 * -ENOSYS, reported under -d unimp. */
#define _GNU_SOURCE
#include "user/user.h"

#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util/log.h"

#define GUEST_ADDR_LIMIT (1ull << 47)

/* Host calls that are safe to make on the guest's behalf as they are:
 * they do not map memory, change signal dispositions, create threads or
 * processes, or change the calling thread's identity as tern sees it. */
static const uint16_t passthrough_list[] = {
    SYS_read, SYS_write, SYS_open, SYS_close, SYS_stat, SYS_fstat, SYS_lstat, SYS_poll, SYS_lseek,
    SYS_ioctl, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev, SYS_access, SYS_pipe, SYS_select,
    SYS_sched_yield, SYS_msync, SYS_mincore, SYS_dup, SYS_dup2, SYS_pause, SYS_nanosleep,
    SYS_getitimer, SYS_alarm, SYS_setitimer, SYS_getpid, SYS_sendfile, SYS_socket, SYS_connect,
    SYS_accept, SYS_sendto, SYS_recvfrom, SYS_sendmsg, SYS_recvmsg, SYS_shutdown, SYS_bind, SYS_listen,
    SYS_getsockname, SYS_getpeername, SYS_socketpair, SYS_setsockopt, SYS_getsockopt, SYS_wait4,
    SYS_kill, SYS_uname, SYS_fcntl, SYS_flock, SYS_fsync, SYS_fdatasync, SYS_truncate, SYS_ftruncate,
    SYS_getdents, SYS_getcwd, SYS_chdir, SYS_fchdir, SYS_rename, SYS_mkdir, SYS_rmdir, SYS_creat,
    SYS_link, SYS_unlink, SYS_symlink, SYS_readlink, SYS_chmod, SYS_fchmod, SYS_chown, SYS_fchown,
    SYS_lchown, SYS_umask, SYS_gettimeofday, SYS_getrlimit, SYS_getrusage, SYS_sysinfo, SYS_times,
    SYS_getuid, SYS_getgid, SYS_geteuid, SYS_getegid, SYS_setpgid, SYS_getppid, SYS_getpgrp,
    SYS_setsid, SYS_getgroups, SYS_getresuid, SYS_getresgid, SYS_getpgid, SYS_getsid,
    SYS_utime, SYS_mknod, SYS_statfs,
    SYS_fstatfs, SYS_getpriority, SYS_setpriority, SYS_sched_getparam, SYS_sched_getscheduler,
    SYS_sched_get_priority_max, SYS_sched_get_priority_min, SYS_sched_rr_get_interval, SYS_mlock,
    SYS_munlock, SYS_mlockall, SYS_munlockall, SYS_setrlimit, SYS_sync, SYS_gettid, SYS_time,
    SYS_futex, SYS_sched_setaffinity, SYS_sched_getaffinity, SYS_getdents64, SYS_fadvise64,
    SYS_timer_create, SYS_timer_settime, SYS_timer_gettime, SYS_timer_getoverrun, SYS_timer_delete,
    SYS_clock_settime, SYS_clock_gettime, SYS_clock_getres, SYS_clock_nanosleep, SYS_tgkill, SYS_utimes,
    SYS_waitid, SYS_inotify_init, SYS_inotify_add_watch, SYS_inotify_rm_watch, SYS_openat, SYS_mkdirat,
    SYS_mknodat, SYS_fchownat, SYS_futimesat, SYS_newfstatat, SYS_unlinkat, SYS_renameat, SYS_linkat,
    SYS_symlinkat, SYS_readlinkat, SYS_fchmodat, SYS_faccessat, SYS_splice,
    SYS_tee, SYS_sync_file_range, SYS_utimensat, SYS_epoll_create, SYS_epoll_wait, SYS_epoll_ctl,
    SYS_epoll_create1, SYS_signalfd, SYS_signalfd4, SYS_timerfd_create,
    SYS_timerfd_settime, SYS_timerfd_gettime, SYS_eventfd, SYS_eventfd2, SYS_fallocate, SYS_accept4,
    SYS_dup3, SYS_pipe2, SYS_inotify_init1, SYS_preadv, SYS_pwritev, SYS_recvmmsg, SYS_sendmmsg,
    SYS_prlimit64, SYS_syncfs, SYS_getcpu, SYS_renameat2, SYS_getrandom, SYS_memfd_create,
    SYS_copy_file_range, SYS_preadv2, SYS_pwritev2, SYS_statx, SYS_tkill, SYS_membarrier,
    SYS_faccessat2, SYS_close_range, SYS_ustat, SYS_sysfs, SYS_setuid, SYS_setgid,
    SYS_setreuid, SYS_setregid, SYS_setresuid, SYS_setresgid, SYS_setfsuid, SYS_setfsgid,
    SYS_setgroups, SYS_capget, SYS_lookup_dcookie, SYS_ioprio_set, SYS_ioprio_get, SYS_name_to_handle_at,
    SYS_open_by_handle_at, SYS_process_vm_readv, SYS_process_vm_writev, SYS_mq_open, SYS_mq_unlink,
    SYS_mq_timedsend, SYS_mq_timedreceive, SYS_mq_notify, SYS_mq_getsetattr, SYS_openat2, SYS_pidfd_open,
    SYS_pidfd_send_signal, SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr, SYS_listxattr, SYS_llistxattr,
    SYS_flistxattr, SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, SYS_removexattr, SYS_lremovexattr,
    SYS_fremovexattr, SYS_chroot, SYS_acct, SYS_vhangup, SYS_sethostname, SYS_setdomainname,
    SYS_sched_setparam, SYS_sched_setscheduler, SYS_sched_setattr, SYS_sched_getattr, SYS_semget,
    SYS_semop, SYS_semctl, SYS_semtimedop, SYS_msgget, SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_shmget,
    SYS_shmctl, SYS_fanotify_init, SYS_fanotify_mark, SYS_readahead, SYS_vmsplice, SYS_kcmp,
    SYS_mlock2, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_personality,
};

static bool passthrough[512];

static void init_passthrough(void)
{
    for (size_t i = 0; i < sizeof(passthrough_list) / sizeof(passthrough_list[0]); i++)
        passthrough[passthrough_list[i]] = true;
}

/* ---- /proc/self/exe: the guest's program, not tern ---- */

static char guest_exe_path[PATH_MAX];

void syscall_init(const char *exe_path, const ImageInfo *info)
{
    init_passthrough();
    if (!realpath(exe_path, guest_exe_path))
        snprintf(guest_exe_path, sizeof(guest_exe_path), "%s", exe_path);
    procfs_init(info, guest_exe_path);
}

const char *guest_exe(void)
{
    return guest_exe_path;
}

/* Is the guest path /proc/self/<leaf> (or the same by pid)? */
static bool is_proc_self(uint64_t path_addr, const char *leaf)
{
    char path[64];
    return copy_string_from_guest(path, path_addr, sizeof(path)) >= 0 && is_proc_self_file(path, leaf);
}

static long readlink_exe(uint64_t buf, uint64_t size)
{
    size_t len = strlen(guest_exe_path);
    if ((int64_t)size <= 0)
        return -EINVAL;
    if (len > size)
        len = size;
    return copy_to_guest(buf, guest_exe_path, len) ? (long)len : -EFAULT;
}

/* ---- emulated calls ---- */

static long sys_arch_prctl(CPUX86State *env, int code, uint64_t addr)
{
    switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        if (addr >= GUEST_ADDR_LIMIT)
            return -EPERM;
        env->seg_base[code == ARCH_SET_FS ? R_FS : R_GS] = addr;
        return 0;
    case ARCH_GET_FS:
    case ARCH_GET_GS: {
        uint64_t v = env->seg_base[code == ARCH_GET_FS ? R_FS : R_GS];
        return copy_to_guest(addr, &v, sizeof(v)) ? 0 : -EFAULT;
    }
    default:
        return -EINVAL;
    }
}

static long sys_prctl(uint64_t option, const uint64_t *a)
{
    switch (option) {
    case PR_SET_PDEATHSIG:
    case PR_GET_PDEATHSIG:
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_SET_NAME:
    case PR_GET_NAME:
    case PR_CAPBSET_READ:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_CHILD_SUBREAPER:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
        return syscall(SYS_prctl, option, a[1], a[2], a[3], a[4]);
    default:
        if (tern_log_enabled(LOG_UNIMP))
            tern_log("tern: prctl option %llu is not supported\n", (unsigned long long)option);
        return -EINVAL;
    }
}

/* madvise may discard memory: only on guest memory, and translated code
 * in it is dropped since its bytes can change without a write. */
static long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
    if (len && !guest_range_ok(addr & TARGET_PAGE_MASK, PAGE_ALIGN_UP(addr + len) - (addr & TARGET_PAGE_MASK), 0))
        return -ENOMEM;
    long ret = syscall(SYS_madvise, addr, len, advice);
    if (ret == 0 && len && advice != MADV_WILLNEED && advice != MADV_NORMAL && advice != MADV_RANDOM &&
        advice != MADV_SEQUENTIAL)
        tb_invalidate_range(addr & TARGET_PAGE_MASK, PAGE_ALIGN_UP(addr + len));
    return ret < 0 ? -errno : ret;
}

static long sys_exit(int status)
{
    user_exit(status);
}

/* The kernel writes into these buffers: pages of translated code must
 * first become writable again, or the call would fail with EFAULT. */
static void unprotect_output(long nr, const uint64_t *a)
{
    switch (nr) {
    case SYS_read:
    case SYS_pread64:
        page_unprotect_range(a[1], a[2]);
        break;
    case SYS_readv:
    case SYS_preadv:
    case SYS_preadv2:
        for (uint64_t i = 0; i < a[2] && i < 1024; i++) {
            struct iovec iov;
            if (copy_from_guest(&iov, a[1] + i * sizeof(iov), sizeof(iov)))
                page_unprotect_range((uint64_t)(uintptr_t)iov.iov_base, iov.iov_len);
        }
        break;
    }
}

long host_syscall(long nr, const uint64_t a[6])
{
    unprotect_output(nr, a);
    TaskState *ts = thread_cpu ? thread_cpu->opaque : NULL;
    if (ts)
        return safe_host_syscall(ts, nr, a);
    long ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    return ret == -1 ? -errno : ret;
}

/* Calls that follow /proc/self/exe to a file (open, stat, access) reach
 * the guest's program, not tern: the path argument is replaced. */
static void redirect_proc_self_exe(long nr, uint64_t *a)
{
    int i;
    switch (nr) {
    case SYS_open: case SYS_stat: case SYS_access:
        i = 0;
        break;
    case SYS_openat: case SYS_faccessat: case SYS_faccessat2:
        i = 1;
        break;
    case SYS_newfstatat: case SYS_statx:
        if (a[nr == SYS_statx ? 2 : 3] & AT_SYMLINK_NOFOLLOW)
            return;
        i = 1;
        break;
    default:
        return;
    }
    if (is_proc_self(a[i], "exe"))
        a[i] = (uint64_t)(uintptr_t)guest_exe_path;
}

/* open/openat: the /proc/self files that would describe tern are served
 * from procfs.c, everything else by the host. */
static long open_file(uint64_t path_addr, int flags, long nr, const uint64_t *a)
{
    static const char *const views[] = { "maps", "cmdline", "environ", "auxv" };
    char path[64];
    if (copy_string_from_guest(path, path_addr, sizeof(path)) >= 0)
        for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
            if (is_proc_self_file(path, views[i]))
                return open_proc_file(views[i], flags);
    return host_syscall(nr, a);
}

static long unsupported(long nr)
{
    if (tern_log_enabled(LOG_UNIMP)) {
        const char *name = syscall_name(nr);
        tern_log("tern: unsupported syscall %ld (%s)\n", nr, name ? name : "unknown");
    }
    return -ENOSYS;
}

static long dispatch(CPUX86State *env, long nr, uint64_t *a)
{
    TaskState *ts = env_cpu(env)->opaque;
    redirect_proc_self_exe(nr, a);
    switch (nr) {
    case SYS_brk:
        return guest_brk(a[0]);
    case SYS_mmap:
        return guest_mmap(a[0], a[1], a[2], a[3], a[4], a[5]);
    case SYS_munmap:
        return guest_munmap(a[0], a[1]);
    case SYS_mprotect:
        return guest_mprotect(a[0], a[1], a[2]);
    case SYS_mremap:
        return guest_mremap(a[0], a[1], a[2], a[3], a[4]);
    case SYS_shmat:
        return guest_shmat(a[0], a[1], a[2]);
    case SYS_shmdt:
        return guest_shmdt(a[0]);
    case SYS_madvise:
        return sys_madvise(a[0], a[1], a[2]);
    case SYS_arch_prctl:
        return sys_arch_prctl(env, a[0], a[1]);
    case SYS_prctl:
        return sys_prctl(a[0], a);
    case SYS_rt_sigaction:
        return guest_rt_sigaction(a[0], a[1], a[2], a[3]);
    case SYS_rt_sigprocmask:
        return guest_rt_sigprocmask(a[0], a[1], a[2], a[3]);
    case SYS_rt_sigreturn:
        return guest_rt_sigreturn(env);
    case SYS_sigaltstack:
        return guest_sigaltstack(a[0], a[1]);
    case SYS_rt_sigsuspend:
        return guest_rt_sigsuspend(a[0], a[1]);
    case SYS_rt_sigpending:
        return guest_rt_sigpending(a[0], a[1]);
    case SYS_rt_sigtimedwait:
        return guest_rt_sigtimedwait(a[0], a[1], a[2], a[3]);
    case SYS_ppoll:
    case SYS_pselect6:
    case SYS_epoll_pwait:
    case SYS_epoll_pwait2:
        return guest_call_with_sigmask(nr, a);
    case SYS_set_tid_address:
        if (ts)
            ts->clear_child_tid = a[0];
        return syscall(SYS_gettid);
    case SYS_set_robust_list:
        if (a[1] != 24)
            return -EINVAL;
        if (ts) {
            ts->robust_list = a[0];
            ts->robust_list_len = a[1];
        }
        return 0;
    case SYS_rseq:
    case SYS_clone3:
        return -ENOSYS; /* glibc then does without (rseq) or falls back to clone */
    case SYS_exit:
        return guest_exit_thread(env, a[0]);
    case SYS_exit_group:
        return sys_exit(a[0]);
    case SYS_clone:
        return guest_clone(env, a[0], a[1], a[2], a[3], a[4]);
    case SYS_fork:
        return guest_clone(env, SIGCHLD, 0, 0, 0, 0);
    case SYS_vfork:
        return guest_clone(env, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
    case SYS_execve:
    case SYS_execveat:
        /* A signal caught but not yet delivered runs its handler first, as
         * natively; held back, it would stay blocked in the new program. */
        if (ts && (__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask))
            return -TERN_ERESTART;
        return nr == SYS_execve ? guest_execve(AT_FDCWD, a[0], a[1], a[2], 0)
                                : guest_execve(a[0], a[1], a[2], a[3], a[4]);
    case SYS_readlink:
        return is_proc_self(a[0], "exe") ? readlink_exe(a[1], a[2]) : host_syscall(nr, a);
    case SYS_readlinkat:
        return is_proc_self(a[1], "exe") ? readlink_exe(a[2], a[3]) : host_syscall(nr, a);
    case SYS_open:
        return open_file(a[0], a[1], nr, a);
    case SYS_openat:
        return open_file(a[1], a[2], nr, a);
    default:
        if (nr >= 0 && nr < (long)(sizeof(passthrough) / sizeof(passthrough[0])) && passthrough[nr])
            return host_syscall(nr, a);
        return unsupported(nr);
    }
}

/* The calls Linux restarts after a handler with SA_RESTART (ERESTARTSYS). */
static bool restartable(long nr)
{
    switch (nr) {
    case SYS_read: case SYS_write: case SYS_readv: case SYS_writev: case SYS_pread64: case SYS_pwrite64:
    case SYS_open: case SYS_openat: case SYS_wait4: case SYS_waitid: case SYS_ioctl: case SYS_fcntl:
    case SYS_flock: case SYS_futex: case SYS_accept: case SYS_accept4: case SYS_connect: case SYS_recvfrom:
    case SYS_sendto: case SYS_recvmsg: case SYS_sendmsg: case SYS_sendfile: case SYS_splice:
    case SYS_creat: case SYS_preadv: case SYS_pwritev: case SYS_preadv2: case SYS_pwritev2: case SYS_recvmmsg:
    case SYS_sendmmsg: case SYS_mq_timedsend: case SYS_mq_timedreceive: case SYS_getrandom:
        return true;
    default:
        return false;
    }
}

void do_syscall(CPUX86State *env)
{
    long nr = env->regs[R_EAX];
    uint64_t args[6] = { env->regs[R_EDI], env->regs[R_ESI], env->regs[R_EDX],
                         env->regs[R_R10], env->regs[R_R8],  env->regs[R_R9] };
    /* What the syscall instruction itself does to rcx and r11. */
    env->regs[R_ECX] = env->rip;
    env->regs[R_R11] = x86_get_eflags(env) & ~0x10000ull;
    if (tern_log_enabled(LOG_STRACE))
        strace_print_call(nr, args);
    char prefixed[PATH_MAX];
    prefix_syscall_path(nr, args, prefixed, sizeof(prefixed));
    long ret = dispatch(env, nr, args);
    if (tern_log_enabled(LOG_STRACE))
        strace_print_result(nr, ret);
    TaskState *ts = env_cpu(env)->opaque;
    if (ret == -TERN_ERESTART || (ret == -EINTR && ts && restartable(nr) && pending_signals_restart(ts))) {
        /* Run the syscall instruction again once the handler returns. */
        env->rip -= 2;
        ret = nr;
    }
    env->regs[R_EAX] = ret;
}
