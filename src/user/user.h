/* user.h — Linux user mode's internal interfaces: the loaded image, the
 * guest memory map, syscalls, signals and the per-thread TaskState.
 *
 * Guest addresses equal host addresses (guest_base = 0): guest pointers
 * given to syscalls are passed to the host kernel unchanged.  tern still
 * tracks which ranges belong to the guest so that the guest can never
 * unmap, overwrite or read tern's own memory through mmap & co. */
#ifndef TERN_USER_USER_H
#define TERN_USER_USER_H

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <ucontext.h>

#include "exec/exec.h"

#define TARGET_PAGE_SIZE 4096ul
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
#define PAGE_ALIGN_UP(x) (((x) + TARGET_PAGE_SIZE - 1) & TARGET_PAGE_MASK)

/* ---- the loaded program (elfload.c) ---- */
typedef struct ImageInfo {
    uint64_t load_bias;   /* ET_DYN: where the image landed; ET_EXEC: 0 */
    uint64_t entry;
    uint64_t phdr;        /* guest address of the program headers (AT_PHDR) */
    uint64_t phnum, phent;
    uint64_t start_code, end_code;
    uint64_t start_data, end_data;
    uint64_t brk;         /* end of the highest segment's bss */
    uint64_t image_start, image_end; /* the pages of the loaded segments */
    uint64_t stack_limit, stack_top; /* the stack mapping */
    uint64_t rsp;         /* initial stack pointer (points at argc) */
    uint64_t auxv;        /* guest address of the auxiliary vector */
    bool exec_stack;      /* PT_GNU_STACK asked for an executable stack */
    /* PT_INTERP programs: the dynamic loader tern loaded beside them. */
    uint64_t interp_base;  /* its load address (AT_BASE); 0 without one */
    uint64_t interp_entry; /* where the guest starts; 0: at entry */
    uint64_t interp_start, interp_end; /* its pages */
    const char *interp_path; /* the file it was loaded from (lives on) */
} ImageInfo;

/* What the initial stack holds besides argv/envp. */
typedef struct StackParams {
    int argc;
    char *const *argv;
    char *const *envp;
    const char *execfn;   /* AT_EXECFN: the path as given */
    uint64_t stack_size;
    uint32_t hwcap, hwcap2;
} StackParams;

/* Load the ELF at path.  On failure returns false and writes a one-line
 * reason into err (no prefix, no newline); nothing is left mapped. */
bool elf_load(const char *path, ImageInfo *info, char *err, size_t errlen);
/* Only check that path is a program elf_load would accept (headers, program
 * headers, interpreter path), mapping nothing: for tools and fuzzers. */
bool elf_check(const char *path, char *err, size_t errlen);
/* Map the stack and write argc/argv/envp/auxv; sets info->rsp.  False
 * (with err) if the stack cannot be mapped or the strings do not fit. */
bool elf_setup_stack(ImageInfo *info, const StackParams *sp, char *err, size_t errlen);

/* ---- the guest memory map (mmap.c) ---- */
/* The guest's view of each mapped range: PROT_READ/WRITE/EXEC bits plus
 * PAGE_GUEST on every range the guest owns. */
#define PAGE_GUEST 0x100
/* Record [start, end) as guest-owned with prot (end page-aligned up). */
void guest_map_set(uint64_t start, uint64_t end, int prot);
/* Forget [start, end): no longer guest memory. */
void guest_map_clear(uint64_t start, uint64_t end);
/* PAGE_GUEST|prot of the page holding addr, 0 if not guest memory. */
int guest_page_flags(uint64_t addr);
/* True if every page of [addr, addr+len) is guest memory with all of prot. */
bool guest_range_ok(uint64_t addr, uint64_t len, int prot);

/* Copies between tern and guest memory that never fault: false if the
 * range is not accessible to the guest (the syscall then returns EFAULT). */
bool copy_from_guest(void *dst, uint64_t src, size_t len);
bool copy_to_guest(uint64_t dst, const void *src, size_t len);
/* Copy a NUL-terminated guest string of at most max-1 chars; length or -1. */
long copy_string_from_guest(char *dst, uint64_t src, size_t max);
/* Set while a guarded copy runs: the fault handlers jump back through it. */
extern __thread sigjmp_buf *guest_access_jmp;

/* Call fn on every guest range, in address order (a consistent copy is
 * not guaranteed while other threads map memory). */
void guest_map_walk(void (*fn)(uint64_t start, uint64_t end, int flags, void *opaque), void *opaque);
/* The brk heap's pages: [start, end). */
void guest_brk_range(uint64_t *start, uint64_t *end);
/* The brk area starts at the page after the image; called once by main. */
void guest_brk_init(uint64_t image_end);
/* The memory syscalls, with Linux semantics; results are -errno on error. */
long guest_brk(uint64_t new_brk);
long guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);
long guest_munmap(uint64_t addr, uint64_t len);
long guest_mprotect(uint64_t addr, uint64_t len, int prot);
long guest_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
long guest_shmat(int shmid, uint64_t addr, int flags);
long guest_shmdt(uint64_t addr);
/* Map at a fixed guest address for the loader, refusing to replace
 * anything already there; returns 0 or -errno. */
long guest_map_fixed_noreplace(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);

/* ---- per-thread state ---- */
typedef struct TaskState {
    CPUState *cpu;
    pid_t tid;
    uint64_t sigmask;           /* the guest's blocked signals (bit n-1 = signal n) */
    stack_t sigaltstack;        /* the guest's sigaltstack (SA_ONSTACK frames go there) */
    uint64_t clear_child_tid;   /* set_tid_address */
    uint64_t robust_list, robust_list_len;
    /* Signals caught on the host, waiting for the cpu loop to deliver
     * them to the guest (bit n-1 = signal n), with their siginfo. */
    uint64_t pending;
    siginfo_t pending_info[65];
    /* sigsuspend, ppoll & co. run with a temporary mask; the mask to
     * go back to once a signal has been delivered (Linux's saved_sigmask). */
    uint64_t saved_sigmask;
    bool restore_sigmask;
} TaskState;

/* What a hardware fault adds to the signal context (sigcontext's err,
 * trapno and cr2). */
typedef struct GuestFault {
    uint64_t error_code, trapno, cr2;
} GuestFault;

/* ---- options that outlive start-up (main.c) ---- */
typedef struct UserOptions {
    const char *interp_prefix; /* -L */
    const char *cpu_model;     /* -cpu */
    const char *tern_path;     /* tern's own binary, to run execve'd programs */
    char *carry[12];           /* options that execve'd programs inherit */
    int ncarry;
} UserOptions;
extern UserOptions user_options;

/* ---- the host's file mappings (host_maps.c) ---- */
typedef struct HostFileMap {
    uint64_t start, end, offset;
    unsigned long inode;
    char dev[16];
    bool shared;
    char *path;
} HostFileMap;
typedef struct HostFileMaps {
    HostFileMap *v;
    size_t n;
} HostFileMaps;
/* Read the file mappings of /proc/self/maps (empty on failure). */
void host_file_maps_read(HostFileMaps *maps);
void host_file_maps_free(HostFileMaps *maps);
/* The file mapping holding addr, or NULL. */
const HostFileMap *host_file_map_at(const HostFileMaps *maps, uint64_t addr);
/* The first start or end of a file mapping above addr (UINT64_MAX if none). */
uint64_t host_file_map_boundary_after(const HostFileMaps *maps, uint64_t addr);

/* ---- -L prefix (path.c) ---- */
/* prefix+path into out if path is absolute (not /proc) and exists under
 * the -L prefix; false (out unspecified) otherwise. */
bool prefix_path(const char *path, char *out, size_t outlen);
/* Point syscall nr's path argument at buf, holding the prefixed path,
 * when prefix_path applies to it. */
void prefix_syscall_path(long nr, uint64_t *args, char *buf, size_t buflen);

/* ---- the dynamic loader's variables across execve (exec_env.c) ---- */
/* Rename envp's LD_* and GLIBC_TUNABLES (malloc'd strings) so the host
 * loader of the next tern ignores them; returns envp. */
char **hide_loader_variables(char **envp);
/* Give them back their names (pointers into the same strings). */
void reveal_loader_variables(char **envp);

/* ---- syscalls (syscall.c, strace.c) ---- */
/* Once at start-up: the guest program (for /proc/self/exe and maps). */
void syscall_init(const char *exe_path, const ImageInfo *info);
/* The guest program's absolute path (what /proc/self/exe shows it). */
const char *guest_exe(void);
/* /proc/self views (procfs.c). */
void procfs_init(const ImageInfo *info, const char *exe_path);
void procfs_set_command(int argc, char *const *argv, char *const *envp);
bool is_proc_self_file(const char *path, const char *leaf);
/* A file descriptor reading the guest's /proc/self/<leaf> (maps, cmdline,
 * environ or auxv), or -errno. */
int open_proc_file(const char *leaf, int flags);
/* Process syscalls (syscall_proc.c). */
long guest_clone(CPUX86State *env, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid, uint64_t tls);
long guest_execve(int dirfd, uint64_t path, uint64_t argv, uint64_t envp, int flags);
/* exit(2): ends the calling guest thread (the process with the last one). */
_Noreturn long guest_exit_thread(CPUX86State *env, int status);
/* Run the syscall in env (number in rax) and put the result in rax. */
void do_syscall(CPUX86State *env);
/* -strace: print the call before it runs and its result after. */
void strace_print_call(long nr, const uint64_t args[6]);
void strace_print_result(long nr, long ret);
const char *syscall_name(long nr);
/* -strace: a signal on its way to the guest (or killing it). */
void strace_print_signal(int sig, const siginfo_t *info);

/* ---- signals (signal.c) ---- */
/* Install the fault handlers on an alternate stack for this thread. */
void signal_init(void);
void signal_thread_init(void);
/* Guest rt_sigaction / rt_sigprocmask / sigaltstack. */
long guest_rt_sigaction(int sig, uint64_t act, uint64_t oldact, uint64_t sigsetsize);
long guest_rt_sigprocmask(int how, uint64_t set, uint64_t oldset, uint64_t sigsetsize);
long guest_sigaltstack(uint64_t ss, uint64_t old_ss);
/* Set the calling thread's guest signal mask (and the host's to match). */
void signal_set_mask(TaskState *ts, uint64_t mask);
/* A synchronous guest signal (a fault): runs the guest's handler next,
 * or kills the process as Linux would (no handler, or signal blocked). */
void force_guest_signal(CPUX86State *env, int sig, int code, uint64_t addr, const GuestFault *fault);
/* Deliver the signals caught on the host since the last call. */
void process_pending_signals(CPUX86State *env);
/* Signals emulated around the host's calls: rt_sigsuspend,
 * rt_sigpending, rt_sigtimedwait, and the mask argument of ppoll,
 * pselect6 and epoll_pwait(2) (a is the guest's six arguments). */
long guest_rt_sigsuspend(uint64_t set, uint64_t sigsetsize);
long guest_rt_sigpending(uint64_t set, uint64_t sigsetsize);
long guest_rt_sigtimedwait(uint64_t set, uint64_t info, uint64_t timeout, uint64_t sigsetsize);
long guest_call_with_sigmask(long nr, const uint64_t a[6]);
/* The host call tern makes on the guest's behalf: -errno on failure. */
long host_syscall(long nr, const uint64_t a[6]);
/* (syscall_safe.c) The same, abandoned if a deliverable signal arrives
 * before the host kernel has started it: then -TERN_ERESTART, and the
 * guest's syscall runs again after the handler. */
#define TERN_ERESTART 512
long safe_host_syscall(TaskState *ts, long nr, const uint64_t a[6]);
/* For host signal handlers: move a call caught before it started to its
 * "not started" exit. */
void safe_syscall_check_interrupted(void *host_ucontext);
/* True if signals are pending and every one's action has SA_RESTART. */
bool pending_signals_restart(const TaskState *ts);
long guest_rt_sigreturn(CPUX86State *env);
/* The index in mcontext_t's gregs of each x86 general register, by
 * register number (signal_frame.c). */
extern const int greg_of_reg[16];
/* A host signal context's general registers by x86 register number (the
 * numbering of generated code and its fault sites: for
 * cpu_restore_fault_globals). */
void host_registers(const ucontext_t *uc, uint64_t regs[16]);
/* The rt_sigframe (signal_frame.c): false if it does not fit the stack. */
bool setup_rt_frame(CPUX86State *env, TaskState *ts, int sig, const siginfo_t *info, uint64_t handler,
                    uint64_t flags, uint64_t restorer, uint64_t oldmask, const GuestFault *fault);
bool restore_rt_frame(CPUX86State *env, uint64_t *mask);

/* ---- process exit (cpu_loop.c) ---- */
/* Flush logs, print -d stats, and end the process with status. */
_Noreturn void user_exit(int status);
/* Die of sig the way the native program would (no core dump). */
_Noreturn void user_die_by_signal(int sig);
_Noreturn void cpu_loop(CPUState *cpu);
/* Give the calling thread's CPU its TaskState. */
void task_init(CPUState *cpu);

#endif
