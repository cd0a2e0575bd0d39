/* x87_state.c — the x87 state across everything that takes it out of
 * straight-line code: a fault in the middle of an x87 computation (on an
 * x87 load, an x87 store and an integer load: the FPU image in the signal
 * frame, then the state after the handler returns and the instruction is
 * retried), an unmasked exception (SIGFPE at the next waiting
 * instruction), a fork with values on the x87 stack, threads computing
 * under their own control words, and loops whose blocks pass the stack
 * from one to the next.  Prints control, status and tag words and the
 * valid registers as hex.  Also a store of the x87 into the page of the
 * code doing it (self-modifying code, with values on the x87 stack), and
 * MMX instructions between x87 ones. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

typedef struct { uint16_t cw, pad0, sw, pad1, tw, pad2; uint32_t ip, op, dp, ds; uint8_t regs[80]; } Image;

static void show_reg(const uint8_t *r)
{
    printf(" ");
    for (int b = 9; b >= 0; b--)
        printf("%02x", r[b]);
}

/* an fnsave image: the registers that are not empty */
static void show_image(const char *what, const Image *im)
{
    printf("%s cw=%04x sw=%04x tw=%04x", what, im->cw, im->sw, im->tw);
    int top = (im->sw >> 11) & 7;
    for (int i = 0; i < 8; i++)
        if (((im->tw >> (2 * ((top + i) & 7))) & 3) != 3)
            show_reg(im->regs + 10 * i);
    printf("\n");
}

/* the FPU image of a signal frame (fxsave layout: abridged tags) */
static void show_frame(const char *what, const ucontext_t *uc)
{
    const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
    printf("%s frame cw=%04x sw=%04x tw=%02x", what, fp->cwd, fp->swd, fp->ftw & 0xff);
    int top = (fp->swd >> 11) & 7;
    for (int i = 0; i < 8; i++)
        if ((fp->ftw >> ((top + i) & 7)) & 1)
            show_reg((const uint8_t *)&fp->_st[i]);
    printf("\n");
}

static uint8_t *page;
static const char *fault_name;

/* show the frame, then let the access succeed on its retry */
static void on_segv(int sig, siginfo_t *si, void *puc)
{
    (void)sig;
    printf("%s: SIGSEGV at page+%ld\n", fault_name, (long)((uint8_t *)si->si_addr - page));
    show_frame(fault_name, puc);
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static const long double operand = 2.5L, third = 1.0L / 3;

static void arm(const char *name, int prot)
{
    fault_name = name;
    memcpy(page, &operand, sizeof(operand));
    mprotect(page, 4096, prot);
}

/* fld1, fldpi, fdiv; then the faulting instruction; then more arithmetic */
#define FAULT_CASE(name, prot, insn)                                                             \
    static void name(void)                                                                       \
    {                                                                                            \
        Image im;                                                                                \
        arm(#name, prot);                                                                        \
        __asm__ volatile("fninit\n\tfldt %[t]\n\tfld1\n\tfldpi\n\tfdiv %%st(2), %%st\n\t" insn     \
                         "\n\tfmul %%st(1), %%st\n\tfnsave %[im]"                                 \
                         : [im] "=m"(im) : [p] "r"(page), [t] "m"(third) : "rax", "memory");     \
        show_image(#name " after", &im);                                                         \
    }

FAULT_CASE(fault_on_fld, PROT_NONE, "fldt (%[p])\n\tfaddp")
FAULT_CASE(fault_on_fstp, PROT_READ, "fstpt (%[p])\n\tfldt (%[p])")
FAULT_CASE(fault_on_mov, PROT_NONE, "movq (%[p]), %%rax\n\tfsqrt")

/* ZE unmasked: the division flags it, the next waiting instruction traps */
static sigjmp_buf fpe_escape;

static void on_fpe(int sig, siginfo_t *si, void *puc)
{
    (void)sig;
    printf("unmasked: SIGFPE code %d\n", si->si_code);
    show_frame("unmasked", puc);
    siglongjmp(fpe_escape, 1);
}

static void unmasked_exception(void)
{
    static const uint16_t cw = 0x037b;
    Image im;
    if (!sigsetjmp(fpe_escape, 1))
        __asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfldz\n\tfdivrp\n\tfwait" : : "m"(cw) : "memory");
    __asm__ volatile("fnsave %0" : "=m"(im));
    show_image("after the handler", &im);
}

/* fldpi; fldt (%rdi); fld1; faddp; fstpt 0x100(%rsi) into this code's
 * page; fldt 0x100(%rsi); fmul %st(0), %st; faddp; fstpt (%rdx); ret */
static const uint8_t store_into_own_page[] = {
    0xd9, 0xeb, 0xdb, 0x2f, 0xd9, 0xe8, 0xde, 0xc1, 0xdb, 0xbe, 0x00, 0x01, 0x00, 0x00,
    0xdb, 0xae, 0x00, 0x01, 0x00, 0x00, 0xd8, 0xc8, 0xde, 0xc1, 0xdb, 0x3a, 0xc3,
};

static void self_modifying(void)
{
    uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(code, store_into_own_page, sizeof(store_into_own_page));
    void (*fn)(const long double *, uint8_t *, long double *) = (void (*)(const long double *, uint8_t *, long double *))(void *)code;
    for (int i = 0; i < 3; i++) {
        long double x = operand * i, out;
        __asm__ volatile("fninit");
        fn(&x, code, &out);
        printf("self-modifying %d", i);
        show_reg((const uint8_t *)&out);
        printf("\n");
    }
    munmap(code, 4096);
}

/* MMX between x87 instructions of one block: MMX state (top 0, every tag
 * valid), then an x87 push overflows */
static void mmx_between(void)
{
    static const uint64_t q = 0x0123456789abcdefull;
    Image im;
    __asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tmovq %[q], %%mm2\n\tpaddw %%mm2, %%mm2\n\t"
                     "fld1\n\tfaddp\n\tfnsave %[im]\n\temms"
                     : [im] "=m"(im) : [q] "m"(q) : "memory");
    show_image("mmx between", &im);
}

/* values on the stack across the fork system call */
static void fork_with_stack(void)
{
    Image im;
    long pid;
    __asm__ volatile("fninit\n\tfldt %[t]\n\tfldpi\n\tfmul %%st(1), %%st\n\t"
                     "movl %[nr], %%eax\n\tsyscall\n\t"
                     "fadd %%st(1), %%st\n\tfnsave %[im]"
                     : [im] "=m"(im), "=a"(pid) : [t] "m"(third), [nr] "i"(SYS_fork) : "rcx", "r11", "memory");
    if (pid == 0) {
        show_image("fork child", &im);
        fflush(stdout);
        _exit(0);
    }
    waitpid((pid_t)pid, NULL, 0);
    show_image("fork parent", &im);
}

/* a loop whose blocks chain while the stack holds the running values */
static long double horner(long double x, int n)
{
    long double acc;
    __asm__ volatile("fldt %[x]\n\tfld1\n"
                     "1:\tfmul %%st(1), %%st\n\tfld1\n\tfaddp\n\tfsqrt\n\tdecl %[n]\n\tjnz 1b\n\t"
                     "fstpt %[acc]\n\tfstp %%st(0)"
                     : [acc] "=m"(acc), [n] "+r"(n) : [x] "m"(x) : "memory");
    return acc;
}

/* each thread under its own rounding and precision control */
static void *rounding_thread(void *arg)
{
    uint16_t cw = (uint16_t)(uintptr_t)arg;
    long double sum;
    __asm__ volatile("fldcw %[cw]\n\tfldz\n\tmovl $100000, %%ecx\n"
                     "1:\tfldt %[t]\n\tfaddp\n\tdecl %%ecx\n\tjnz 1b\n\tfstpt %[s]"
                     : [s] "=m"(sum) : [cw] "m"(cw), [t] "m"(third) : "rcx", "memory");
    long double *out = malloc(sizeof(*out));
    *out = sum;
    return out;
}

static void threads(void)
{
    static const uint16_t cws[4] = { 0x037f, 0x077f, 0x0b7f, 0x027f };
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, rounding_thread, (void *)(uintptr_t)cws[i]);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("thread cw=%04x", cws[i]);
        show_reg(r);
        printf("\n");
        free(r);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    sa.sa_sigaction = on_fpe;
    sigaction(SIGFPE, &sa, NULL);
    fault_on_fld();
    fault_on_fstp();
    fault_on_mov();
    unmasked_exception();
    self_modifying();
    mmx_between();
    fork_with_stack();
    long double h = horner(0.75L, 1000);
    printf("horner");
    show_reg((const uint8_t *)&h);
    printf("\n");
    threads();
    return 0;
}
