/* main.c — tern-x86_64's command line and start-up: parse qemu-x86_64
 * style options, load the program, build its stack and environment, then
 * hand the main thread to the cpu loop.  Every failure before the guest
 * runs is a one-line message and exit status 1, as with qemu-x86_64. */
#define _GNU_SOURCE
#include "user/user.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/log.h"

#define TERN_VERSION "0.1"
#define DEFAULT_STACK_SIZE (8ull << 20)
#define MAX_STACK_SIZE (256ull << 20)

typedef struct Options {
    unsigned log_mask;
    const char *log_file;
    uint64_t stack_size;       /* 0: from RLIMIT_STACK */
    const char *argv0;
    char **env_edits;          /* "VAR=value" sets, "VAR" unsets, in order */
    int nenv_edits;
    bool strace;
    const char *log_spec;      /* the -d argument */
} Options;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tern-x86_64 [options] program [arguments...]\n"
            "Run an x86-64 Linux program through tern's dynamic translator.\n"
            "\n"
            "Options:\n"
            "  -h, -help, --help    print this help and exit\n"
            "  -version, --version  print the version and exit\n"
            "  -d item[,...]        enable logging of the given items (-d help lists them)\n"
            "  -D logfile           write the log to logfile instead of stderr\n"
            "  -cpu model           select the guest CPU model (-cpu help lists them)\n"
            "  -E var=value         set an environment variable for the program\n"
            "  -U var               remove an environment variable for the program\n"
            "  -strace              log every system call (same as -d strace)\n"
            "  -perfmap             name translated blocks in /tmp/perf-PID.map for perf\n"
            "  -s size              stack size in bytes (suffixes k, M, G)\n"
            "  -L path              prefix for the dynamic linker and absolute paths the\n"
            "                       program opens (default $QEMU_LD_PREFIX)\n"
            "  -0 argv0             the program's argv[0]\n");
}

static _Noreturn void bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "tern-x86_64: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'tern-x86_64 -h' for more information.\n");
    exit(1);
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return false;
    int shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    if (*end || v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* An option that takes an argument: its value, or a usage error. */
static const char *option_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        bad_usage("option '%s' needs an argument", argv[*i]);
    return argv[++*i];
}

/* Options an execve'd program is run with, as given here. */
static void carry_option(const char *opt, const char *val)
{
    if (user_options.ncarry + 2 > (int)(sizeof(user_options.carry) / sizeof(user_options.carry[0])))
        return;
    user_options.carry[user_options.ncarry++] = (char *)opt;
    if (val)
        user_options.carry[user_options.ncarry++] = (char *)val;
}

static void parse_value_option(const char *name, const char *val, Options *o)
{
    if (!strcmp(name, "cpu") || !strcmp(name, "L") || !strcmp(name, "s"))
        carry_option(!strcmp(name, "cpu") ? "-cpu" : !strcmp(name, "L") ? "-L" : "-s", val);
    if (!strcmp(name, "d")) {
        if (!tern_log_parse(val, &o->log_mask))
            exit(strcmp(val, "help") ? 1 : 0);
        o->log_spec = val;
    } else if (!strcmp(name, "D")) {
        o->log_file = val;
    } else if (!strcmp(name, "cpu")) {
        if (!strcmp(val, "help")) {
            x86_cpu_list(stdout);
            exit(0);
        }
        user_options.cpu_model = val;
    } else if (!strcmp(name, "E") || !strcmp(name, "U")) {
        if (!strcmp(name, "E") && !strchr(val, '='))
            bad_usage("-E needs var=value, got '%s'", val);
        o->env_edits[o->nenv_edits++] = (char *)val;
    } else if (!strcmp(name, "s")) {
        if (!parse_size(val, &o->stack_size) || o->stack_size < 65536 || o->stack_size > (1ull << 34))
            bad_usage("bad stack size '%s' (64k to 16G)", val);
    } else if (!strcmp(name, "L")) {
        user_options.interp_prefix = val;
    } else {
        o->argv0 = val;
    }
}

/* Parse options up to the program name; returns its index in argv. */
static int parse_options(int argc, char **argv, Options *o)
{
    static const char *const with_value[] = { "d", "D", "cpu", "E", "U", "s", "L", "0" };
    int i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *name = argv[i] + 1 + (argv[i][1] == '-');
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (!strcmp(name, "h") || !strcmp(name, "help")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(name, "version")) {
            printf("tern-x86_64 version " TERN_VERSION "\n");
            exit(0);
        }
        if (!strcmp(name, "strace")) {
            o->strace = true;
            continue;
        }
        if (!strcmp(name, "perfmap")) {
            perfmap_enable();
            carry_option("-perfmap", NULL);
            continue;
        }
        bool known = false;
        for (size_t k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++) {
            if (!strcmp(name, with_value[k])) {
                const char *val = option_arg(argc, argv, &i);
                if (!strcmp(name, "U") && strchr(val, '='))
                    bad_usage("-U takes a variable name, got '%s'", val);
                parse_value_option(name, val, o);
                known = true;
                break;
            }
        }
        if (!known)
            bad_usage("unknown option '%s'", argv[i]);
    }
    if (i >= argc)
        bad_usage("%s", "no program given");
    const char *env_prefix = getenv("QEMU_LD_PREFIX");
    if (!user_options.interp_prefix && env_prefix && *env_prefix) {
        user_options.interp_prefix = env_prefix;
        carry_option("-L", env_prefix);
    }
    /* Children log to the same stream only when it is stderr: reopening
     * a -D file would truncate the parent's log. */
    if (!o->log_file && o->log_spec)
        carry_option("-d", o->log_spec);
    if (!o->log_file && o->strace)
        carry_option("-strace", NULL);
    return i;
}

/* The host environment with -E/-U applied in order. */
static char **guest_environment(const Options *o)
{
    extern char **environ;
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + o->nenv_edits + 1, sizeof(char *));
    if (!env)
        return environ;
    memcpy(env, environ, n * sizeof(char *));
    for (int k = 0; k < o->nenv_edits; k++) {
        const char *edit = o->env_edits[k];
        const char *eq = strchr(edit, '=');
        size_t namelen = eq ? (size_t)(eq - edit) : strlen(edit);
        size_t j = 0;
        while (j < n && !(strncmp(env[j], edit, namelen) == 0 && env[j][namelen] == '='))
            j++;
        if (eq) {
            env[j] = (char *)edit;
            if (j == n)
                n++;
        } else if (j < n) {
            memmove(&env[j], &env[j + 1], (n - j) * sizeof(char *));
            n--;
        }
    }
    env[n] = NULL;
    reveal_loader_variables(env);
    return env;
}

static uint64_t choose_stack_size(const Options *o)
{
    if (o->stack_size)
        return o->stack_size;
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur < 65536)
        return DEFAULT_STACK_SIZE;
    return rl.rlim_cur > MAX_STACK_SIZE ? MAX_STACK_SIZE : rl.rlim_cur;
}

static void init_logging(const Options *o)
{
    tern_log_file = stderr;
    tern_log_mask = o->log_mask | (o->strace ? LOG_STRACE : 0);
    if (o->log_file && !tern_log_set_file(o->log_file))
        exit(1);
}

static CPUState *create_cpu(void)
{
    tcg_exec_init(0);
    CPUState *cpu = cpu_create();
    thread_cpu = cpu;
    const char *model = user_options.cpu_model ? user_options.cpu_model : "max";
    if (!x86_cpu_init(&cpu->env, model)) {
        fprintf(stderr, "tern-x86_64: unknown CPU model '%s' (try -cpu help)\n", model);
        exit(1);
    }
    return cpu;
}

/* The guest's command line: argv[0..argc) and the file to load. */
typedef struct GuestCommand {
    const char *path;
    char **argv;
    int argc;
} GuestCommand;

/* "#!interpreter [arg]" scripts, as the kernel runs them: the interpreter
 * gets [interpreter, arg, script path, script arguments...].  Nested up
 * to four levels like Linux. */
static void resolve_scripts(GuestCommand *cmd)
{
    for (int depth = 0; depth < 4; depth++) {
        char line[256] = "";
        FILE *f = fopen(cmd->path, "r");
        if (!f)
            return;
        bool script = fgets(line, sizeof(line), f) && line[0] == '#' && line[1] == '!';
        fclose(f);
        if (!script)
            return;
        char *save, *interp = strtok_r(line + 2, " \t\n", &save);
        char *arg = interp ? strtok_r(NULL, "\n", &save) : NULL;
        while (arg && (*arg == ' ' || *arg == '\t'))
            arg++;
        if (!interp)
            return; /* the loader will name the problem */
        char **v = calloc(cmd->argc + 3, sizeof(char *));
        if (!v)
            return;
        int n = 0;
        v[n++] = strdup(interp);
        if (arg && *arg)
            v[n++] = strdup(arg);
        v[n++] = (char *)cmd->path;
        for (int i = 1; i < cmd->argc; i++)
            v[n++] = cmd->argv[i];
        cmd->argv = v;
        cmd->argc = n;
        cmd->path = v[0];
    }
}

static void load_program(const char *path, ImageInfo *info)
{
    char err[256];
    if (!elf_load(path, info, err, sizeof(err))) {
        fprintf(stderr, "tern: %s: %s\n", path, err);
        exit(1);
    }
    guest_brk_init(info->brk);
}

int main(int argc, char **argv)
{
    Options o = { 0 };
    o.env_edits = calloc(argc, sizeof(char *));
    if (!o.env_edits)
        return 1;
    int prog = parse_options(argc, argv, &o);
    init_logging(&o);
    user_options.tern_path = realpath("/proc/self/exe", NULL);
    const char *execfn = argv[prog];
    GuestCommand cmd = { .path = argv[prog], .argv = &argv[prog], .argc = argc - prog };
    if (o.argv0)
        cmd.argv[0] = (char *)o.argv0;
    resolve_scripts(&cmd);
    const char *path = cmd.path;
    ImageInfo info;
    load_program(path, &info);
    CPUState *cpu = create_cpu();
    StackParams sp = {
        .argc = cmd.argc,
        .argv = cmd.argv,
        .envp = guest_environment(&o),
        .execfn = execfn,
        .stack_size = choose_stack_size(&o),
        .hwcap = cpu->env.cpuid_features,
        .hwcap2 = 0,
    };
    char err[256];
    if (!elf_setup_stack(&info, &sp, err, sizeof(err))) {
        fprintf(stderr, "tern: %s: %s\n", path, err);
        return 1;
    }

    CPUX86State *env = &cpu->env;
    env->regs[R_ESP] = info.rsp;
    env->regs[R_EDX] = 0; /* no atexit function from a dynamic linker */
    env->rip = info.interp_entry ? info.interp_entry : info.entry;
    task_init(cpu);
    syscall_init(path, &info);
    procfs_set_command(sp.argc, sp.argv, sp.envp);
    signal_init();
    cpu_loop(cpu);
}
