/* syscall_proc.c — guest processes: fork-style clone, fork, vfork, execve.
 *
 * Guest memory is tern's own memory, so a guest fork is a host fork of
 * tern: the child inherits guest memory, translations and write
 * protections as they are and continues in its cpu loop.  A vfork-style
 * clone (CLONE_VM|CLONE_VFORK, as posix_spawn and vfork use) becomes a
 * fork whose parent waits until the child execs or exits, as vfork's
 * does; only memory written by the child is not seen by the parent.
 *
 * A thread (CLONE_VM|CLONE_THREAD, as pthread_create asks) is a host
 * thread with its own CPUState and cpu loop, started with a copy of the
 * parent's registers; the parent waits until the child has published its
 * thread id, as the kernel's CLONE_PARENT_SETTID guarantees.
 *
 * execve runs tern again (the binary found through /proc/self/exe at
 * start-up) on the new program, with tern's own options carried over, so
 * that the new program is emulated too.  Errors the kernel would report
 * for the target (missing file, no permission, unknown format) are found
 * before tern is replaced. */
#define _GNU_SOURCE
#include "user/user.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec/tb_hints.h"
#include "util/log.h"

/* Set by main.c; defined here because main.c is not part of libtern.a,
 * which the unit tests link. */
UserOptions user_options;

/* Guest threads alive in this process: the last one to exit ends it. */
static int live_threads = 1;

/* ---- threads ---- */

#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

typedef struct ThreadStart {
    CPUX86State env; /* the parent's registers at the clone */
    uint64_t flags, ptid, ctid;
    uint64_t sigmask;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pid_t tid; /* 0 until the child is running */
} ThreadStart;

/* Every signal but the four that faults raise: those tern's own guarded
 * copies of guest memory need, and blocking them would make a fault fatal. */
static void block_async_signals(sigset_t *old)
{
    sigset_t set;
    sigfillset(&set);
    sigdelset(&set, SIGSEGV);
    sigdelset(&set, SIGBUS);
    sigdelset(&set, SIGFPE);
    sigdelset(&set, SIGILL);
    pthread_sigmask(SIG_SETMASK, &set, old);
}

static void *guest_thread_main(void *arg)
{
    ThreadStart *st = arg;
    CPUState *cpu = cpu_create();
    thread_cpu = cpu;
    cpu->env = st->env;
    cpu->env.exit_request = 0;
    task_init(cpu);
    TaskState *ts = cpu->opaque;
    pid_t tid = ts->tid;
    if (st->flags & CLONE_CHILD_SETTID)
        copy_to_guest(st->ctid, &tid, sizeof(tid));
    if (st->flags & CLONE_CHILD_CLEARTID)
        ts->clear_child_tid = st->ctid;
    if (st->flags & CLONE_PARENT_SETTID)
        copy_to_guest(st->ptid, &tid, sizeof(tid));
    signal_thread_init();
    uint64_t mask = st->sigmask;
    pthread_mutex_lock(&st->lock);
    st->tid = tid;
    pthread_cond_signal(&st->cond);
    pthread_mutex_unlock(&st->lock); /* st belongs to the parent again */
    signal_set_mask(ts, mask);
    cpu_loop(cpu);
}

static long clone_thread(CPUX86State *env, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                         uint64_t tls)
{
    ThreadStart *st = aligned_alloc(64, (sizeof(ThreadStart) + 63) & ~(size_t)63);
    if (!st)
        return -ENOMEM;
    st->env = *env;
    st->env.regs[R_EAX] = 0;
    st->env.regs[R_ESP] = newsp;
    if (flags & CLONE_SETTLS)
        st->env.seg_base[R_FS] = tls;
    st->flags = flags;
    st->ptid = ptid;
    st->ctid = ctid;
    st->sigmask = ((TaskState *)env_cpu(env)->opaque)->sigmask;
    st->tid = 0;
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->cond, NULL);

    /* The new thread starts with the guest's signals blocked until it has
     * a TaskState. */
    sigset_t old;
    block_async_signals(&old);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
    int err = pthread_create(&thread, &attr, guest_thread_main, st);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    long ret;
    if (err) {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
        ret = -err;
    } else {
        pthread_mutex_lock(&st->lock);
        while (!st->tid)
            pthread_cond_wait(&st->cond, &st->lock);
        ret = st->tid;
        pthread_mutex_unlock(&st->lock);
    }
    pthread_mutex_destroy(&st->lock);
    pthread_cond_destroy(&st->cond);
    free(st);
    return ret;
}

/* The host alternate stack signal_thread_init gave this thread: thousands
 * of short threads would otherwise leak one each.  Nothing can fault on it
 * any more (only tern's own code runs from here to pthread_exit). */
static void free_signal_stack(void)
{
    stack_t off = { .ss_flags = SS_DISABLE }, old;
    if (sigaltstack(&off, &old) == 0 && old.ss_sp && !(old.ss_flags & SS_ONSTACK))
        free(old.ss_sp);
}

long guest_exit_thread(CPUX86State *env, int status)
{
    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0)
        user_exit(status);
    /* An exiting thread takes no more signals: a process-directed one
     * goes to a thread that can still run its handler. */
    block_async_signals(NULL);
    CPUState *cpu = env_cpu(env);
    TaskState *ts = cpu->opaque;
    /* What the kernel does for CLONE_CHILD_CLEARTID: pthread_join waits on it. */
    if (ts && ts->clear_child_tid) {
        uint32_t zero = 0;
        if (copy_to_guest(ts->clear_child_tid, &zero, sizeof(zero)))
            syscall(SYS_futex, ts->clear_child_tid, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    cpu_destroy(cpu);
    free(ts);
    free_signal_stack();
    pthread_exit(NULL);
}

/* ---- fork ---- */

#define CLONE_FORK_FLAGS (CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID | CLONE_SETTLS)

/* vfork's promise: the parent resumes once the child has exec'd or exited. */
static void wait_for_vfork_child(int fd)
{
    char c;
    while (read(fd, &c, 1) < 0 && errno == EINTR)
        ;
}

long guest_clone(CPUX86State *env, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    if ((flags & CLONE_THREAD_FLAGS) == CLONE_THREAD_FLAGS && !(flags & ~(CLONE_THREAD_FLAGS | CLONE_FORK_FLAGS)) &&
        newsp)
        return clone_thread(env, flags, newsp, ptid, ctid, tls);
    uint64_t vfork_flags = flags & (CLONE_VM | CLONE_VFORK);
    if ((vfork_flags && vfork_flags != (CLONE_VM | CLONE_VFORK)) || (flags & ~(CLONE_FORK_FLAGS | CLONE_VM | CLONE_VFORK))) {
        if (tern_log_enabled(LOG_UNIMP))
            tern_log("tern: clone flags %#llx are not supported\n", (unsigned long long)flags);
        return -ENOSYS;
    }
    /* what this process tree translated elsewhere, the child inherits */
    tb_hints_before_fork(env_cpu(env));
    fflush(NULL); /* or buffered log lines would be written twice */
    /* Other vCPUs leave generated code first, so that no lock of the exec
     * engine is held by a thread that the child will not have. */
    int vfork_pipe[2] = { -1, -1 };
    if (vfork_flags && pipe2(vfork_pipe, O_CLOEXEC) != 0)
        return -errno;
    start_exclusive();
    pid_t pid = fork();
    int fork_errno = errno;
    if (pid == 0) {
        cpu_fork_child(env_cpu(env));
        tb_hints_fork_child();
    } else {
        end_exclusive();
    }
    if (pid != 0 && vfork_flags) {
        close(vfork_pipe[1]);
        if (pid > 0)
            wait_for_vfork_child(vfork_pipe[0]);
        close(vfork_pipe[0]);
    }
    if (pid < 0)
        return -fork_errno;
    if (pid > 0) {
        if (flags & CLONE_PARENT_SETTID)
            copy_to_guest(ptid, &pid, sizeof(pid));
        return pid;
    }
    if (vfork_flags)
        close(vfork_pipe[0]); /* the write end closes when the child execs or exits */
    live_threads = 1; /* only the forking thread lives on in the child */
    TaskState *ts = env_cpu(env)->opaque;
    pid_t tid = gettid();
    if (ts)
        ts->tid = tid;
    if (flags & CLONE_CHILD_SETTID)
        copy_to_guest(ctid, &tid, sizeof(tid));
    if ((flags & CLONE_CHILD_CLEARTID) && ts)
        ts->clear_child_tid = ctid;
    if (flags & CLONE_PARENT_SETTID)
        copy_to_guest(ptid, &tid, sizeof(tid));
    if (flags & CLONE_SETTLS)
        env->seg_base[R_FS] = tls;
    if (newsp)
        env->regs[R_ESP] = newsp;
    return 0;
}

/* ---- execve ---- */

#define MAX_EXEC_STRINGS 65536

/* A NULL-terminated guest array of strings, copied; NULL on a bad pointer. */
static char **copy_string_array(uint64_t addr, long *err)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof(char *));
    *err = -EFAULT;
    while (v) {
        uint64_t p = 0;
        if (addr && !copy_from_guest(&p, addr + n * 8, sizeof(p)))
            break;
        if (n + 1 >= cap) {
            char **nv = n + 1 >= MAX_EXEC_STRINGS ? NULL : realloc(v, (cap *= 2) * sizeof(char *));
            if (!nv) {
                *err = -E2BIG;
                break;
            }
            v = nv;
        }
        if (!p) {
            v[n] = NULL;
            return v;
        }
        /* Linux's limit on one argument string (MAX_ARG_STRLEN). */
        char *buf = malloc(32 * 4096);
        long len = buf ? copy_string_from_guest(buf, p, 32 * 4096) : -1;
        v[n] = len < 0 ? NULL : strdup(buf);
        free(buf);
        if (!v[n]) {
            *err = len < 0 ? -E2BIG : -ENOMEM;
            break;
        }
        n++;
    }
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
    return NULL;
}

static void free_string_array(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* What the kernel would say about executing path, before we commit. */
static long check_executable(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -errno;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)
        return -EACCES;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    char magic[4] = "";
    ssize_t n = read(fd, magic, sizeof(magic));
    close(fd);
    if (n >= 4 && !memcmp(magic, "\177ELF", 4))
        return 0;
    if (n >= 2 && magic[0] == '#' && magic[1] == '!')
        return 0;
    return -ENOEXEC;
}

/* tern's command line for the new program. */
static char **tern_command_line(const char *path, char **argv)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **v = calloc(user_options.ncarry + argc + 6, sizeof(char *));
    if (!v)
        return NULL;
    size_t n = 0;
    v[n++] = (char *)user_options.tern_path;
    for (int i = 0; i < user_options.ncarry; i++)
        v[n++] = user_options.carry[i];
    v[n++] = "-0";
    v[n++] = argc ? argv[0] : "";
    v[n++] = "--";
    v[n++] = (char *)path;
    for (size_t i = 1; i < argc; i++)
        v[n++] = argv[i];
    v[n] = NULL;
    return v;
}

long guest_execve(int dirfd, uint64_t path_addr, uint64_t argv_addr, uint64_t envp_addr, int flags)
{
    char path[PATH_MAX];
    if (copy_string_from_guest(path, path_addr, sizeof(path)) < 0)
        return -EFAULT;
    if (flags & ~AT_SYMLINK_NOFOLLOW || (dirfd != AT_FDCWD && path[0] != '/'))
        return -ENOSYS; /* execveat relative to a directory fd: not yet */
    if (!strcmp(path, "/proc/self/exe"))
        snprintf(path, sizeof(path), "%s", guest_exe());
    long err = check_executable(path);
    if (err)
        return err;
    char **argv = copy_string_array(argv_addr, &err);
    char **envp = argv ? copy_string_array(envp_addr, &err) : NULL;
    char **cmd = envp ? tern_command_line(path, argv) : NULL;
    if (cmd) {
        fflush(NULL);
        execve(user_options.tern_path, cmd, hide_loader_variables(envp));
        err = -errno;
    }
    free(cmd);
    free_string_array(argv);
    free_string_array(envp);
    return err;
}
