/* strace.c — the -strace / -d strace log: each guest syscall with its
 * arguments decoded (strings, flags, fds) and its result, one line per
 * call in the style of qemu-user's -strace.  Guest strings are read with
 * the guarded copies, so a bad pointer prints as such instead of faulting. */
#define _GNU_SOURCE
#include "user/user.h"

#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/log.h"

#define NB_SYSCALL_NAMES 451

static const char *const syscall_names[NB_SYSCALL_NAMES] = {
    [0] = "read", [1] = "write", [2] = "open", [3] = "close", [4] = "stat", [5] = "fstat", [6] = "lstat",
    [7] = "poll", [8] = "lseek", [9] = "mmap", [10] = "mprotect", [11] = "munmap", [12] = "brk",
    [13] = "rt_sigaction", [14] = "rt_sigprocmask", [15] = "rt_sigreturn", [16] = "ioctl", [17] = "pread64",
    [18] = "pwrite64", [19] = "readv", [20] = "writev", [21] = "access", [22] = "pipe", [23] = "select",
    [24] = "sched_yield", [25] = "mremap", [26] = "msync", [27] = "mincore", [28] = "madvise",
    [29] = "shmget", [30] = "shmat", [31] = "shmctl", [32] = "dup", [33] = "dup2", [34] = "pause",
    [35] = "nanosleep", [36] = "getitimer", [37] = "alarm", [38] = "setitimer", [39] = "getpid",
    [40] = "sendfile", [41] = "socket", [42] = "connect", [43] = "accept", [44] = "sendto", [45] = "recvfrom",
    [46] = "sendmsg", [47] = "recvmsg", [48] = "shutdown", [49] = "bind", [50] = "listen",
    [51] = "getsockname", [52] = "getpeername", [53] = "socketpair", [54] = "setsockopt", [55] = "getsockopt",
    [56] = "clone", [57] = "fork", [58] = "vfork", [59] = "execve", [60] = "exit", [61] = "wait4",
    [62] = "kill", [63] = "uname", [64] = "semget", [65] = "semop", [66] = "semctl", [67] = "shmdt",
    [68] = "msgget", [69] = "msgsnd", [70] = "msgrcv", [71] = "msgctl", [72] = "fcntl", [73] = "flock",
    [74] = "fsync", [75] = "fdatasync", [76] = "truncate", [77] = "ftruncate", [78] = "getdents",
    [79] = "getcwd", [80] = "chdir", [81] = "fchdir", [82] = "rename", [83] = "mkdir", [84] = "rmdir",
    [85] = "creat", [86] = "link", [87] = "unlink", [88] = "symlink", [89] = "readlink", [90] = "chmod",
    [91] = "fchmod", [92] = "chown", [93] = "fchown", [94] = "lchown", [95] = "umask", [96] = "gettimeofday",
    [97] = "getrlimit", [98] = "getrusage", [99] = "sysinfo", [100] = "times", [101] = "ptrace",
    [102] = "getuid", [103] = "syslog", [104] = "getgid", [105] = "setuid", [106] = "setgid",
    [107] = "geteuid", [108] = "getegid", [109] = "setpgid", [110] = "getppid", [111] = "getpgrp",
    [112] = "setsid", [113] = "setreuid", [114] = "setregid", [115] = "getgroups", [116] = "setgroups",
    [117] = "setresuid", [118] = "getresuid", [119] = "setresgid", [120] = "getresgid", [121] = "getpgid",
    [122] = "setfsuid", [123] = "setfsgid", [124] = "getsid", [125] = "capget", [126] = "capset",
    [127] = "rt_sigpending", [128] = "rt_sigtimedwait", [129] = "rt_sigqueueinfo", [130] = "rt_sigsuspend",
    [131] = "sigaltstack", [132] = "utime", [133] = "mknod", [134] = "uselib", [135] = "personality",
    [136] = "ustat", [137] = "statfs", [138] = "fstatfs", [139] = "sysfs", [140] = "getpriority",
    [141] = "setpriority", [142] = "sched_setparam", [143] = "sched_getparam", [144] = "sched_setscheduler",
    [145] = "sched_getscheduler", [146] = "sched_get_priority_max", [147] = "sched_get_priority_min",
    [148] = "sched_rr_get_interval", [149] = "mlock", [150] = "munlock", [151] = "mlockall",
    [152] = "munlockall", [153] = "vhangup", [154] = "modify_ldt", [155] = "pivot_root", [156] = "_sysctl",
    [157] = "prctl", [158] = "arch_prctl", [159] = "adjtimex", [160] = "setrlimit", [161] = "chroot",
    [162] = "sync", [163] = "acct", [164] = "settimeofday", [165] = "mount", [166] = "umount2",
    [167] = "swapon", [168] = "swapoff", [169] = "reboot", [170] = "sethostname", [171] = "setdomainname",
    [172] = "iopl", [173] = "ioperm", [174] = "create_module", [175] = "init_module", [176] = "delete_module",
    [177] = "get_kernel_syms", [178] = "query_module", [179] = "quotactl", [180] = "nfsservctl",
    [181] = "getpmsg", [182] = "putpmsg", [183] = "afs_syscall", [184] = "tuxcall", [185] = "security",
    [186] = "gettid", [187] = "readahead", [188] = "setxattr", [189] = "lsetxattr", [190] = "fsetxattr",
    [191] = "getxattr", [192] = "lgetxattr", [193] = "fgetxattr", [194] = "listxattr", [195] = "llistxattr",
    [196] = "flistxattr", [197] = "removexattr", [198] = "lremovexattr", [199] = "fremovexattr",
    [200] = "tkill", [201] = "time", [202] = "futex", [203] = "sched_setaffinity",
    [204] = "sched_getaffinity", [205] = "set_thread_area", [206] = "io_setup", [207] = "io_destroy",
    [208] = "io_getevents", [209] = "io_submit", [210] = "io_cancel", [211] = "get_thread_area",
    [212] = "lookup_dcookie", [213] = "epoll_create", [214] = "epoll_ctl_old", [215] = "epoll_wait_old",
    [216] = "remap_file_pages", [217] = "getdents64", [218] = "set_tid_address", [219] = "restart_syscall",
    [220] = "semtimedop", [221] = "fadvise64", [222] = "timer_create", [223] = "timer_settime",
    [224] = "timer_gettime", [225] = "timer_getoverrun", [226] = "timer_delete", [227] = "clock_settime",
    [228] = "clock_gettime", [229] = "clock_getres", [230] = "clock_nanosleep", [231] = "exit_group",
    [232] = "epoll_wait", [233] = "epoll_ctl", [234] = "tgkill", [235] = "utimes", [236] = "vserver",
    [237] = "mbind", [238] = "set_mempolicy", [239] = "get_mempolicy", [240] = "mq_open", [241] = "mq_unlink",
    [242] = "mq_timedsend", [243] = "mq_timedreceive", [244] = "mq_notify", [245] = "mq_getsetattr",
    [246] = "kexec_load", [247] = "waitid", [248] = "add_key", [249] = "request_key", [250] = "keyctl",
    [251] = "ioprio_set", [252] = "ioprio_get", [253] = "inotify_init", [254] = "inotify_add_watch",
    [255] = "inotify_rm_watch", [256] = "migrate_pages", [257] = "openat", [258] = "mkdirat",
    [259] = "mknodat", [260] = "fchownat", [261] = "futimesat", [262] = "newfstatat", [263] = "unlinkat",
    [264] = "renameat", [265] = "linkat", [266] = "symlinkat", [267] = "readlinkat", [268] = "fchmodat",
    [269] = "faccessat", [270] = "pselect6", [271] = "ppoll", [272] = "unshare", [273] = "set_robust_list",
    [274] = "get_robust_list", [275] = "splice", [276] = "tee", [277] = "sync_file_range", [278] = "vmsplice",
    [279] = "move_pages", [280] = "utimensat", [281] = "epoll_pwait", [282] = "signalfd",
    [283] = "timerfd_create", [284] = "eventfd", [285] = "fallocate", [286] = "timerfd_settime",
    [287] = "timerfd_gettime", [288] = "accept4", [289] = "signalfd4", [290] = "eventfd2",
    [291] = "epoll_create1", [292] = "dup3", [293] = "pipe2", [294] = "inotify_init1", [295] = "preadv",
    [296] = "pwritev", [297] = "rt_tgsigqueueinfo", [298] = "perf_event_open", [299] = "recvmmsg",
    [300] = "fanotify_init", [301] = "fanotify_mark", [302] = "prlimit64", [303] = "name_to_handle_at",
    [304] = "open_by_handle_at", [305] = "clock_adjtime", [306] = "syncfs", [307] = "sendmmsg",
    [308] = "setns", [309] = "getcpu", [310] = "process_vm_readv", [311] = "process_vm_writev",
    [312] = "kcmp", [313] = "finit_module", [314] = "sched_setattr", [315] = "sched_getattr",
    [316] = "renameat2", [317] = "seccomp", [318] = "getrandom", [319] = "memfd_create",
    [320] = "kexec_file_load", [321] = "bpf", [322] = "execveat", [323] = "userfaultfd", [324] = "membarrier",
    [325] = "mlock2", [326] = "copy_file_range", [327] = "preadv2", [328] = "pwritev2",
    [329] = "pkey_mprotect", [330] = "pkey_alloc", [331] = "pkey_free", [332] = "statx",
    [333] = "io_pgetevents", [334] = "rseq", [424] = "pidfd_send_signal", [425] = "io_uring_setup",
    [426] = "io_uring_enter", [427] = "io_uring_register", [428] = "open_tree", [429] = "move_mount",
    [430] = "fsopen", [431] = "fsconfig", [432] = "fsmount", [433] = "fspick", [434] = "pidfd_open",
    [435] = "clone3", [436] = "close_range", [437] = "openat2", [438] = "pidfd_getfd", [439] = "faccessat2",
    [440] = "process_madvise", [441] = "epoll_pwait2", [442] = "mount_setattr", [443] = "quotactl_fd",
    [444] = "landlock_create_ruleset", [445] = "landlock_add_rule", [446] = "landlock_restrict_self",
    [447] = "memfd_secret", [448] = "process_mrelease", [449] = "futex_waitv",
    [450] = "set_mempolicy_home_node",
};

const char *syscall_name(long nr)
{
    return nr >= 0 && nr < NB_SYSCALL_NAMES && syscall_names[nr] ? syscall_names[nr] : NULL;
}

/* Argument formats, one letter per argument:
 *   d int   D 64-bit signed   u unsigned   x hex   p pointer   s string   F fd or AT_FDCWD
 *   o octal mode   O open flags   P mmap prot   M mmap flags   C clone flags
 *   S signal   H sigprocmask how   A address family   T socket type
 *   c fcntl command   f futex op   a AT_* flags   w lseek whence   I ioctl request */
static const struct {
    int nr;
    const char *fmt;
} arg_formats[] = {
    { SYS_read, "dpu" }, { SYS_write, "dpu" }, { SYS_open, "sOo" }, { SYS_close, "d" },
    { SYS_stat, "sp" }, { SYS_fstat, "dp" }, { SYS_lstat, "sp" }, { SYS_lseek, "dDw" },
    { SYS_mmap, "puPMdx" }, { SYS_mprotect, "puP" }, { SYS_munmap, "pu" }, { SYS_brk, "p" },
    { SYS_rt_sigaction, "Sppu" }, { SYS_rt_sigprocmask, "Hppu" }, { SYS_ioctl, "dIp" },
    { SYS_pread64, "dpuD" }, { SYS_pwrite64, "dpuD" }, { SYS_readv, "dpd" }, { SYS_writev, "dpd" },
    { SYS_access, "so" }, { SYS_pipe, "p" }, { SYS_mremap, "puuxp" }, { SYS_madvise, "pud" },
    { SYS_dup, "d" }, { SYS_dup2, "dd" }, { SYS_nanosleep, "pp" }, { SYS_getpid, "" },
    { SYS_exit, "d" }, { SYS_uname, "p" }, { SYS_fcntl, "dcx" }, { SYS_getcwd, "pu" },
    { SYS_chdir, "s" }, { SYS_rename, "ss" }, { SYS_mkdir, "so" }, { SYS_rmdir, "s" },
    { SYS_unlink, "s" }, { SYS_readlink, "spu" }, { SYS_umask, "o" }, { SYS_gettimeofday, "pp" },
    { SYS_getrlimit, "dp" }, { SYS_getrusage, "dp" }, { SYS_sysinfo, "p" }, { SYS_times, "p" },
    { SYS_getuid, "" }, { SYS_getgid, "" }, { SYS_geteuid, "" }, { SYS_getegid, "" },
    { SYS_getppid, "" }, { SYS_sigaltstack, "pp" }, { SYS_arch_prctl, "xp" }, { SYS_prctl, "dxxxx" },
    { SYS_setrlimit, "dp" }, { SYS_gettid, "" }, { SYS_time, "p" }, { SYS_futex, "pfxppx" },
    { SYS_sched_getaffinity, "dup" }, { SYS_sched_setaffinity, "dup" }, { SYS_getdents64, "dpu" },
    { SYS_set_tid_address, "p" }, { SYS_clock_gettime, "dp" }, { SYS_clock_getres, "dp" },
    { SYS_clock_nanosleep, "dxpp" }, { SYS_clock_settime, "dp" }, { SYS_exit_group, "d" },
    { SYS_openat, "FsOo" }, { SYS_mkdirat, "Fso" }, { SYS_newfstatat, "Fspa" }, { SYS_unlinkat, "Fsa" },
    { SYS_renameat, "FsFs" }, { SYS_renameat2, "FsFsx" }, { SYS_readlinkat, "Fspu" }, { SYS_faccessat, "Fso" },
    { SYS_faccessat2, "Fsoa" }, { SYS_set_robust_list, "pu" }, { SYS_dup3, "ddO" }, { SYS_pipe2, "pO" },
    { SYS_prlimit64, "ddpp" }, { SYS_getrandom, "pux" }, { SYS_statx, "Fsaxp" }, { SYS_rseq, "pudx" },
    { SYS_membarrier, "dx" }, { SYS_kill, "dS" }, { SYS_tgkill, "ddS" }, { SYS_tkill, "dS" },
    { SYS_wait4, "dpdp" }, { SYS_waitid, "ddpdp" }, { SYS_sched_yield, "" }, { SYS_clone, "Cpppx" },
    { SYS_fork, "" }, { SYS_vfork, "" }, { SYS_execve, "spp" }, { SYS_execveat, "Fsppa" },
    { SYS_rt_sigreturn, "" }, { SYS_getdents, "dpu" }, { SYS_chmod, "so" }, { SYS_fchmod, "do" },
    { SYS_fchmodat, "Fso" }, { SYS_chown, "sdd" }, { SYS_fchown, "ddd" }, { SYS_lchown, "sdd" },
    { SYS_fchownat, "Fsdda" }, { SYS_symlink, "ss" }, { SYS_symlinkat, "sFs" }, { SYS_link, "ss" },
    { SYS_linkat, "FsFsa" }, { SYS_mknod, "sox" }, { SYS_mknodat, "Fsox" }, { SYS_truncate, "sD" },
    { SYS_ftruncate, "dD" }, { SYS_poll, "pud" }, { SYS_ppoll, "puppu" }, { SYS_select, "dpppp" },
    { SYS_pselect6, "dppppp" }, { SYS_socket, "ATd" }, { SYS_socketpair, "ATdp" }, { SYS_connect, "dpu" },
    { SYS_bind, "dpu" }, { SYS_listen, "dd" }, { SYS_accept, "dpp" }, { SYS_accept4, "dppO" },
    { SYS_sendto, "dpuxpu" }, { SYS_recvfrom, "dpuxpp" }, { SYS_sendmsg, "dpx" }, { SYS_recvmsg, "dpx" },
    { SYS_shutdown, "dd" }, { SYS_getsockname, "dpp" }, { SYS_getpeername, "dpp" },
    { SYS_setsockopt, "dddpu" }, { SYS_getsockopt, "dddpp" }, { SYS_statfs, "sp" }, { SYS_fstatfs, "dp" },
    { SYS_fsync, "d" }, { SYS_fdatasync, "d" }, { SYS_sync, "" }, { SYS_syncfs, "d" }, { SYS_chroot, "s" },
    { SYS_utimensat, "Fspa" }, { SYS_fchdir, "d" }, { SYS_setpgid, "dd" }, { SYS_getpgid, "d" },
    { SYS_getsid, "d" }, { SYS_getpgrp, "" }, { SYS_setsid, "" }, { SYS_alarm, "u" }, { SYS_pause, "" },
    { SYS_shmget, "xux" }, { SYS_shmat, "dpx" }, { SYS_shmdt, "p" }, { SYS_shmctl, "ddp" },
    { SYS_epoll_create, "d" }, { SYS_epoll_create1, "O" }, { SYS_epoll_ctl, "dddp" },
    { SYS_epoll_wait, "dpdd" }, { SYS_epoll_pwait, "dpddpu" }, { SYS_eventfd, "u" }, { SYS_eventfd2, "uO" },
    { SYS_timerfd_create, "dO" }, { SYS_timerfd_settime, "dxpp" }, { SYS_timerfd_gettime, "dp" },
    { SYS_signalfd, "dpu" }, { SYS_signalfd4, "dpuO" }, { SYS_memfd_create, "sx" },
    { SYS_copy_file_range, "dpdpux" }, { SYS_sendfile, "ddpu" }, { SYS_splice, "dpdpux" },
    { SYS_tee, "ddux" }, { SYS_flock, "dx" }, { SYS_fallocate, "dxDD" }, { SYS_fadvise64, "dDDd" },
    { SYS_inotify_init1, "O" }, { SYS_inotify_add_watch, "dsx" }, { SYS_inotify_rm_watch, "dd" },
    { SYS_getgroups, "dp" }, { SYS_setgroups, "dp" }, { SYS_setuid, "d" }, { SYS_setgid, "d" },
    { SYS_setreuid, "dd" }, { SYS_setregid, "dd" }, { SYS_setresuid, "ddd" }, { SYS_setresgid, "ddd" },
    { SYS_getresuid, "ppp" }, { SYS_getresgid, "ppp" }, { SYS_personality, "x" },
    { SYS_sched_getparam, "dp" }, { SYS_sched_setparam, "dp" }, { SYS_sched_getscheduler, "d" },
    { SYS_sched_setscheduler, "ddp" }, { SYS_rt_sigsuspend, "pu" }, { SYS_rt_sigpending, "pu" },
    { SYS_rt_sigtimedwait, "pppu" }, { SYS_rt_sigqueueinfo, "dSp" }, { SYS_setitimer, "dpp" },
    { SYS_getitimer, "dp" }, { SYS_getcpu, "ppp" }, { SYS_close_range, "ddx" }, { SYS_madvise, "pud" },
};

static const char *arg_format(long nr)
{
    for (size_t i = 0; i < sizeof(arg_formats) / sizeof(arg_formats[0]); i++)
        if (arg_formats[i].nr == nr)
            return arg_formats[i].fmt;
    return NULL;
}

typedef struct FlagName {
    uint64_t bit;
    const char *name;
} FlagName;

static void print_flags(FILE *f, uint64_t v, const FlagName *names, size_t n, const char *zero, bool first)
{
    for (size_t i = 0; i < n; i++) {
        if (names[i].bit && (v & names[i].bit) == names[i].bit) {
            fprintf(f, "%s%s", first ? "" : "|", names[i].name);
            v &= ~names[i].bit;
            first = false;
        }
    }
    if (v)
        fprintf(f, "%s%#" PRIx64, first ? "" : "|", v);
    else if (first)
        fputs(zero, f);
}

static void print_open_flags(FILE *f, uint64_t v)
{
    static const char *const access_modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
    static const FlagName names[] = {
        { O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" }, { O_NOCTTY, "O_NOCTTY" }, { O_TRUNC, "O_TRUNC" },
        { O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" }, { O_DIRECTORY, "O_DIRECTORY" },
        { O_NOFOLLOW, "O_NOFOLLOW" }, { O_CLOEXEC, "O_CLOEXEC" }, { 0100000, "O_LARGEFILE" },
        { O_PATH, "O_PATH" },
    };
    fputs(access_modes[v & O_ACCMODE], f);
    print_flags(f, v & ~(uint64_t)O_ACCMODE, names, sizeof(names) / sizeof(names[0]), "", false);
}

static void print_prot(FILE *f, uint64_t v)
{
    static const FlagName names[] = {
        { PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" }, { PROT_EXEC, "PROT_EXEC" },
    };
    print_flags(f, v, names, sizeof(names) / sizeof(names[0]), "PROT_NONE", true);
}

static void print_mmap_flags(FILE *f, uint64_t v)
{
    static const FlagName names[] = {
        { MAP_SHARED, "MAP_SHARED" }, { MAP_PRIVATE, "MAP_PRIVATE" }, { MAP_FIXED, "MAP_FIXED" },
        { MAP_ANONYMOUS, "MAP_ANONYMOUS" }, { MAP_GROWSDOWN, "MAP_GROWSDOWN" },
        { MAP_NORESERVE, "MAP_NORESERVE" }, { MAP_POPULATE, "MAP_POPULATE" }, { MAP_STACK, "MAP_STACK" },
        { MAP_32BIT, "MAP_32BIT" }, { MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE" },
    };
    print_flags(f, v, names, sizeof(names) / sizeof(names[0]), "0", true);
}

static void print_string(FILE *f, uint64_t addr)
{
    char buf[256];
    long n = copy_string_from_guest(buf, addr, sizeof(buf));
    if (n < 0) {
        /* Too long or unreadable: show what can be shown. */
        if (addr && copy_from_guest(buf, addr, 64)) {
            fprintf(f, "\"%.64s\"...", buf);
            return;
        }
        fprintf(f, "%#" PRIx64, addr);
        return;
    }
    fputc('"', f);
    for (long i = 0; i < n; i++) {
        unsigned char c = buf[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c >= 32 && c < 127)
            fputc(c, f);
        else
            fprintf(f, "\\x%02x", c);
    }
    fputc('"', f);
}

static void print_clone_flags(FILE *f, uint64_t v)
{
    static const FlagName names[] = {
        { CLONE_VM, "CLONE_VM" }, { CLONE_FS, "CLONE_FS" }, { CLONE_FILES, "CLONE_FILES" },
        { CLONE_SIGHAND, "CLONE_SIGHAND" }, { CLONE_PIDFD, "CLONE_PIDFD" }, { CLONE_PTRACE, "CLONE_PTRACE" },
        { CLONE_VFORK, "CLONE_VFORK" }, { CLONE_PARENT, "CLONE_PARENT" }, { CLONE_THREAD, "CLONE_THREAD" },
        { CLONE_NEWNS, "CLONE_NEWNS" }, { CLONE_SYSVSEM, "CLONE_SYSVSEM" }, { CLONE_SETTLS, "CLONE_SETTLS" },
        { CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" }, { CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
        { CLONE_DETACHED, "CLONE_DETACHED" }, { CLONE_UNTRACED, "CLONE_UNTRACED" },
        { CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" }, { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
        { CLONE_NEWUTS, "CLONE_NEWUTS" }, { CLONE_NEWIPC, "CLONE_NEWIPC" }, { CLONE_NEWUSER, "CLONE_NEWUSER" },
        { CLONE_NEWPID, "CLONE_NEWPID" }, { CLONE_NEWNET, "CLONE_NEWNET" }, { CLONE_IO, "CLONE_IO" },
    };
    print_flags(f, v & ~(uint64_t)CSIGNAL, names, sizeof(names) / sizeof(names[0]), "", true);
    int sig = v & CSIGNAL;
    if (sig) {
        const char *abbrev = sigabbrev_np(sig);
        fprintf(f, "%s", v & ~(uint64_t)CSIGNAL ? "|" : "");
        if (abbrev)
            fprintf(f, "SIG%s", abbrev);
        else
            fprintf(f, "%d", sig);
    } else if (!(v & ~(uint64_t)CSIGNAL)) {
        fputc('0', f);
    }
}

static void print_signal(FILE *f, uint64_t v)
{
    const char *abbrev = (int64_t)v > 0 && v < 65 ? sigabbrev_np((int)v) : NULL;
    if (abbrev)
        fprintf(f, "SIG%s", abbrev);
    else
        fprintf(f, "%" PRId64, (int64_t)v);
}

/* A small enumeration: its name, or the number. */
static void print_enum(FILE *f, uint64_t v, const char *const *names, size_t n)
{
    if (v < n && names[v])
        fputs(names[v], f);
    else
        fprintf(f, "%" PRId64, (int64_t)v);
}
#define PRINT_ENUM(f, v, names) print_enum(f, v, names, sizeof(names) / sizeof(names[0]))

static void print_socket_type(FILE *f, uint64_t v)
{
    static const char *const types[] = { [SOCK_STREAM] = "SOCK_STREAM", [SOCK_DGRAM] = "SOCK_DGRAM",
                                         [SOCK_RAW] = "SOCK_RAW", [SOCK_RDM] = "SOCK_RDM",
                                         [SOCK_SEQPACKET] = "SOCK_SEQPACKET", [SOCK_PACKET] = "SOCK_PACKET" };
    static const FlagName flags[] = { { SOCK_NONBLOCK, "SOCK_NONBLOCK" }, { SOCK_CLOEXEC, "SOCK_CLOEXEC" } };
    PRINT_ENUM(f, v & 0xf, types);
    print_flags(f, v & ~0xfull, flags, sizeof(flags) / sizeof(flags[0]), "", false);
}

static void print_at_flags(FILE *f, uint64_t v)
{
    static const FlagName names[] = {
        { AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW" }, { AT_REMOVEDIR, "AT_REMOVEDIR" },
        { AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW" }, { AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT" },
        { AT_EMPTY_PATH, "AT_EMPTY_PATH" }, { AT_EACCESS, "AT_EACCESS" },
    };
    print_flags(f, v, names, sizeof(names) / sizeof(names[0]), "0", true);
}

static void print_futex_op(FILE *f, uint64_t v)
{
    static const char *const ops[] = {
        [FUTEX_WAIT] = "FUTEX_WAIT", [FUTEX_WAKE] = "FUTEX_WAKE", [FUTEX_FD] = "FUTEX_FD",
        [FUTEX_REQUEUE] = "FUTEX_REQUEUE", [FUTEX_CMP_REQUEUE] = "FUTEX_CMP_REQUEUE",
        [FUTEX_WAKE_OP] = "FUTEX_WAKE_OP", [FUTEX_LOCK_PI] = "FUTEX_LOCK_PI", [FUTEX_UNLOCK_PI] = "FUTEX_UNLOCK_PI",
        [FUTEX_TRYLOCK_PI] = "FUTEX_TRYLOCK_PI", [FUTEX_WAIT_BITSET] = "FUTEX_WAIT_BITSET",
        [FUTEX_WAKE_BITSET] = "FUTEX_WAKE_BITSET",
    };
    PRINT_ENUM(f, v & FUTEX_CMD_MASK, ops);
    if (v & FUTEX_PRIVATE_FLAG)
        fputs("|FUTEX_PRIVATE_FLAG", f);
    if (v & FUTEX_CLOCK_REALTIME)
        fputs("|FUTEX_CLOCK_REALTIME", f);
}

static void print_ioctl_request(FILE *f, uint64_t v)
{
    static const struct {
        uint32_t request;
        const char *name;
    } requests[] = {
        { TCGETS, "TCGETS" }, { TCSETS, "TCSETS" }, { TCSETSW, "TCSETSW" }, { TCSETSF, "TCSETSF" },
        { TCSBRK, "TCSBRK" }, { TCXONC, "TCXONC" }, { TCFLSH, "TCFLSH" }, { TIOCSCTTY, "TIOCSCTTY" },
        { TIOCGPGRP, "TIOCGPGRP" }, { TIOCSPGRP, "TIOCSPGRP" }, { TIOCOUTQ, "TIOCOUTQ" },
        { TIOCGWINSZ, "TIOCGWINSZ" }, { TIOCSWINSZ, "TIOCSWINSZ" }, { FIONREAD, "FIONREAD" },
        { TIOCNOTTY, "TIOCNOTTY" }, { FIONBIO, "FIONBIO" }, { TIOCGSID, "TIOCGSID" }, { TIOCGPTN, "TIOCGPTN" },
        { TIOCSPTLCK, "TIOCSPTLCK" }, { FIONCLEX, "FIONCLEX" }, { FIOCLEX, "FIOCLEX" }, { FIOASYNC, "FIOASYNC" },
    };
    for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
        if (requests[i].request == (uint32_t)v) {
            fputs(requests[i].name, f);
            return;
        }
    fprintf(f, "%#" PRIx64, v);
}

static void print_enum_arg(FILE *f, char fmt, uint64_t v)
{
    static const char *const how[] = { "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK" };
    static const char *const whence[] = { "SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE" };
    static const char *const families[] = { [AF_UNSPEC] = "AF_UNSPEC", [AF_UNIX] = "AF_UNIX",
                                            [AF_INET] = "AF_INET", [AF_INET6] = "AF_INET6",
                                            [AF_NETLINK] = "AF_NETLINK", [AF_PACKET] = "AF_PACKET" };
    static const char *const fcntl_cmds[] = {
        [F_DUPFD] = "F_DUPFD", [F_GETFD] = "F_GETFD", [F_SETFD] = "F_SETFD", [F_GETFL] = "F_GETFL",
        [F_SETFL] = "F_SETFL", [F_GETLK] = "F_GETLK", [F_SETLK] = "F_SETLK", [F_SETLKW] = "F_SETLKW",
        [F_SETOWN] = "F_SETOWN", [F_GETOWN] = "F_GETOWN", [F_SETSIG] = "F_SETSIG", [F_GETSIG] = "F_GETSIG",
        [F_OFD_GETLK] = "F_OFD_GETLK", [F_OFD_SETLK] = "F_OFD_SETLK", [F_OFD_SETLKW] = "F_OFD_SETLKW",
    };
    switch (fmt) {
    case 'H': PRINT_ENUM(f, v, how); break;
    case 'w': PRINT_ENUM(f, v, whence); break;
    case 'A': PRINT_ENUM(f, v, families); break;
    case 'c':
        if (v == F_DUPFD_CLOEXEC)
            fputs("F_DUPFD_CLOEXEC", f);
        else if (v == F_SETPIPE_SZ || v == F_GETPIPE_SZ)
            fputs(v == F_SETPIPE_SZ ? "F_SETPIPE_SZ" : "F_GETPIPE_SZ", f);
        else
            PRINT_ENUM(f, v, fcntl_cmds);
        break;
    }
}

static void print_arg(FILE *f, char fmt, uint64_t v)
{
    switch (fmt) {
    case 'd': fprintf(f, "%d", (int)v); break;
    case 'D': fprintf(f, "%" PRId64, (int64_t)v); break;
    case 'u': fprintf(f, "%" PRIu64, v); break;
    case 's': print_string(f, v); break;
    case 'o': fprintf(f, "0%" PRIo64, v); break;
    case 'O': print_open_flags(f, v); break;
    case 'P': print_prot(f, v); break;
    case 'M': print_mmap_flags(f, v); break;
    case 'C': print_clone_flags(f, v); break;
    case 'S': print_signal(f, v); break;
    case 'T': print_socket_type(f, v); break;
    case 'a': print_at_flags(f, v); break;
    case 'f': print_futex_op(f, v); break;
    case 'I': print_ioctl_request(f, v); break;
    case 'H': case 'w': case 'A': case 'c': print_enum_arg(f, fmt, v); break;
    case 'F':
        if ((int)v == AT_FDCWD)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int)v);
        break;
    case 'p':
        if (!v) {
            fputs("NULL", f);
            break;
        }
        /* fall through */
    default: fprintf(f, "%#" PRIx64, v); break;
    }
}

/* Each thread's call text waits here until its result is known, so that
 * a line is written whole even when threads and processes interleave. */
static __thread char pending_line[1024];

static bool never_returns(long nr)
{
    return nr == SYS_exit || nr == SYS_exit_group || nr == SYS_execve || nr == SYS_execveat;
}

void strace_print_call(long nr, const uint64_t args[6])
{
    FILE *f = fmemopen(pending_line, sizeof(pending_line), "w");
    if (!f)
        return;
    const char *name = syscall_name(nr);
    const char *fmt = arg_format(nr);
    fprintf(f, "%d ", (int)getpid());
    if (name)
        fprintf(f, "%s(", name);
    else
        fprintf(f, "syscall_%ld(", nr);
    if (!fmt)
        fmt = "xxxxxx";
    for (int i = 0; fmt[i] && i < 6; i++) {
        /* open's mode means something only when a file may be created */
        if (fmt[i] == 'o' && i > 0 && fmt[i - 1] == 'O' && !(args[i - 1] & (O_CREAT | __O_TMPFILE)))
            break;
        if (i)
            fputc(',', f);
        print_arg(f, fmt[i], args[i]);
    }
    fputc(')', f);
    fclose(f);
    if (never_returns(nr)) {
        /* A successful one leaves no chance to print later. */
        tern_log("%s\n", pending_line);
        pending_line[0] = 0;
    }
}

void strace_print_result(long nr, long ret)
{
    const char *call = pending_line[0] ? pending_line : syscall_name(nr) ? syscall_name(nr) : "syscall";
    if (nr == SYS_rt_sigreturn) {
        /* not a result: the interrupted code's rax, back in place */
        tern_log("%s = %#lx\n", call, (unsigned long)ret);
    } else if (ret < 0 && ret >= -4095) {
        const char *name = strerrorname_np(-ret);
        if (!name)
            name = ret == -TERN_ERESTART ? "ERESTARTSYS" : "unknown";
        tern_log("%s = -1 errno=%ld (%s)\n", call, -ret, name);
    }
    else if (nr == SYS_mmap || nr == SYS_brk || nr == SYS_mremap || nr == SYS_shmat)
        tern_log("%s = %#lx\n", call, (unsigned long)ret);
    else
        tern_log("%s = %ld\n", call, ret);
    pending_line[0] = 0;
}

/* ---- signals ---- */

static const char *si_code_name(int sig, int code)
{
    static const char *const generic[] = { "SI_TKILL", "SI_SIGIO", "SI_ASYNCIO", "SI_MESGQ", "SI_TIMER", "SI_QUEUE",
                                           "SI_USER" };
    static const char *const segv[] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR" };
    static const char *const bus[] = { NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR" };
    static const char *const fpe[] = { NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF",
                                       "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB" };
    static const char *const ill[] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
                                       "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK" };
    static const char *const trap[] = { NULL, "TRAP_BRKPT", "TRAP_TRACE" };
    static const char *const cld[] = { NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED",
                                       "CLD_STOPPED", "CLD_CONTINUED" };
#define PICK(names) ((size_t)code < sizeof(names) / sizeof(names[0]) ? names[code] : NULL)
    if (code == SI_KERNEL)
        return "SI_KERNEL";
    if (code <= 0)
        return code >= SI_TKILL ? generic[code - SI_TKILL] : NULL;
    switch (sig) {
    case SIGSEGV: return PICK(segv);
    case SIGBUS: return PICK(bus);
    case SIGFPE: return PICK(fpe);
    case SIGILL: return PICK(ill);
    case SIGTRAP: return PICK(trap);
    case SIGCHLD: return PICK(cld);
    default: return NULL;
    }
#undef PICK
}

static bool is_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
}

void strace_print_signal(int sig, const siginfo_t *info)
{
    char line[256], name[24];
    FILE *f = fmemopen(line, sizeof(line), "w");
    if (!f)
        return;
    if (sigabbrev_np(sig))
        snprintf(name, sizeof(name), "SIG%s", sigabbrev_np(sig));
    else if (sig >= 32)
        snprintf(name, sizeof(name), "SIGRT_%d", sig - 32); /* the kernel's numbering, as strace prints it */
    else
        snprintf(name, sizeof(name), "%d", sig);
    const char *code = si_code_name(sig, info->si_code);
    fprintf(f, "--- %s {si_signo=%s, si_code=", name, name);
    if (code)
        fputs(code, f);
    else
        fprintf(f, "%d", info->si_code);
    if (info->si_code <= 0 || (sig == SIGCHLD && info->si_code != SI_KERNEL))
        fprintf(f, ", si_pid=%d, si_uid=%u", (int)info->si_pid, (unsigned)info->si_uid);
    if (sig == SIGCHLD && info->si_code > 0 && info->si_code != SI_KERNEL)
        fprintf(f, ", si_status=%d", info->si_status);
    else if (info->si_code == SI_QUEUE)
        fprintf(f, ", si_value=%d", info->si_value.sival_int);
    else if (is_fault(sig) && info->si_code > 0 && info->si_code != SI_KERNEL)
        fprintf(f, ", si_addr=%p", info->si_addr);
    fputs("} ---", f);
    fclose(f);
    tern_log("%s\n", line);
}
