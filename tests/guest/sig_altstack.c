/* sig_altstack.c — sigaltstack: a handler with SA_ONSTACK runs on the
 * alternate stack and sees SS_ONSTACK; without SA_ONSTACK it does not;
 * a stack overflow (SIGSEGV) is caught on the alternate stack and left
 * with siglongjmp; SS_DISABLE and the error cases. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the result and whether errno is the expected one, reading errno
 * only after the call (argument evaluation order is unspecified). */
static void errno_case(const char *label, long r, int expect, const char *name)
{
    int e = errno;
    printf("%s %ld errno %s\n", label, r, e == expect ? name : "other");
}

static char altstack[1 << 16];
static volatile int on_alt, flags_inside;
static sigjmp_buf back;

static int in_alt(void *p) { return (char *)p >= altstack && (char *)p < altstack + sizeof altstack; }

static void on_usr(int sig)
{
    (void)sig;
    char probe;
    stack_t cur;
    sigaltstack(NULL, &cur);
    on_alt = in_alt(&probe);
    flags_inside = cur.ss_flags;
}

static void on_overflow(int sig)
{
    char probe;
    on_alt = in_alt(&probe);
    siglongjmp(back, sig);
}

static int deep(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    return deep(n + 1) + pad[0];
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack }, old;
    printf("install %d\n", sigaltstack(&ss, &old));
    printf("old disabled %d\n", (old.ss_flags & SS_DISABLE) != 0);

    set_handler(SIGUSR1, on_usr, SA_ONSTACK);
    raise(SIGUSR1);
    printf("SA_ONSTACK: on alt %d flags %d\n", on_alt, flags_inside);
    set_handler(SIGUSR1, on_usr, 0);
    raise(SIGUSR1);
    printf("no SA_ONSTACK: on alt %d flags %d\n", on_alt, flags_inside);

    stack_t tiny = { .ss_sp = altstack, .ss_size = 100 };
    errno = 0;
    errno_case("too small", sigaltstack(&tiny, NULL), ENOMEM, "ENOMEM");
    stack_t bad = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 12345 };
    errno = 0;
    errno_case("bad flags", sigaltstack(&bad, NULL), EINVAL, "EINVAL");

    set_handler(SIGSEGV, on_overflow, SA_ONSTACK);
    for (int i = 0; i < 3; i++) {
        on_alt = 0;
        int sig = sigsetjmp(back, 1);
        if (sig == 0)
            deep(0);
        printf("overflow %d caught by signal %d on alt %d\n", i, sig, on_alt);
    }

    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, NULL);
    sigaltstack(NULL, &old);
    printf("disabled %d\n", (old.ss_flags & SS_DISABLE) != 0);
    return 0;
}
