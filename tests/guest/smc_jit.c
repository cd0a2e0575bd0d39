/* Self-modifying code the way JITs do it: machine code written into an
 * mmap'd RWX buffer, run, rewritten in place and run again; writes next
 * to code on the same page; a block that patches an instruction further
 * down itself; a loop whose body is rewritten on every iteration; code
 * run from a read-only page that mprotect then makes writable (rewritten
 * twice) or takes execution from (the call must fault). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*fn0)(void);
typedef long (*fn1)(long);

static uint8_t *buf;

/* mov $imm, %eax; ret */
static void emit_return_imm(uint8_t *p, int32_t imm)
{
    p[0] = 0xb8;
    memcpy(p + 1, &imm, 4);
    p[5] = 0xc3;
}

/* sum of i*k for i in [1, n]: xor eax,eax; 1: mov rdx,rdi; imul rdx,rdx,k;
 * add rax,rdx; dec rdi; jnz 1b; ret */
static void emit_weighted_sum(uint8_t *p, int8_t k)
{
    const uint8_t code[] = { 0x31, 0xc0, 0x48, 0x89, 0xfa, 0x48, 0x6b, 0xd2, (uint8_t)k,
                             0x48, 0x01, 0xd0, 0x48, 0xff, 0xcf, 0x75, 0xf1, 0xc3 };
    memcpy(p, code, sizeof(code));
}

/* A function that stores its argument into the immediate of an
 * instruction further down its own block, then executes it:
 *   lea imm(%rip), %rdx; mov %edi, (%rdx); mov $0, %eax (imm); add $1, %eax; ret */
static void emit_self_patcher(uint8_t *p)
{
    const uint8_t code[] = { 0x48, 0x8d, 0x15, 0x03, 0x00, 0x00, 0x00, /* lea 3(%rip), %rdx */
                             0x89, 0x3a,                               /* mov %edi, (%rdx) */
                             0xb8, 0x00, 0x00, 0x00, 0x00,             /* mov $imm, %eax */
                             0x83, 0xc0, 0x01,                         /* add $1, %eax */
                             0xc3 };
    memcpy(p, code, sizeof(code));
}

/* A loop whose body's add immediate is rewritten each iteration with the
 * loop counter: xor eax,eax; mov edi,ecx; 1: lea imm(%rip),%rdx;
 * mov %ecx,(%rdx); add $imm32,%rax; dec %ecx; jnz 1b; ret */
static void emit_patching_loop(uint8_t *p)
{
    const uint8_t code[] = { 0x31, 0xc0,                               /* xor %eax,%eax */
                             0x89, 0xf9,                               /* mov %edi,%ecx */
                             0x48, 0x8d, 0x15, 0x04, 0x00, 0x00, 0x00, /* 1: lea 4(%rip),%rdx */
                             0x89, 0x0a,                               /* mov %ecx,(%rdx) */
                             0x48, 0x05, 0x00, 0x00, 0x00, 0x00,       /* add $imm32,%rax */
                             0xff, 0xc9,                               /* dec %ecx */
                             0x75, 0xed,                               /* jnz 1b */
                             0xc3 };
    memcpy(p, code, sizeof(code));
}

static sigjmp_buf fault_jmp;

static void on_segv(int sig)
{
    siglongjmp(fault_jmp, sig);
}

/* A page whose code ran while it was read-only and executable, then
 * made writable: each rewrite must be seen.  Then made non-executable:
 * the call must fault.  (A translator that remembers what it learnt of
 * the page's protection must forget it at mprotect: run twice, so that
 * the second time it translates nothing but the page's code on the way.) */
static void mprotect_scenarios(uint8_t *page, uint8_t *fresh_elsewhere)
{
    emit_return_imm(page, 1);
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    /* code never run before, on another page, translated in between */
    emit_return_imm(fresh_elsewhere, 0);
    ((fn0)fresh_elsewhere)();
    printf("read-only page: %ld\n", ((fn0)page)());
    mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    for (int i = 2; i <= 4; i++) {
        emit_return_imm(page, i);
        printf("made writable, rewrite %d: %ld\n", i, ((fn0)page)());
    }
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
    signal(SIGSEGV, on_segv);
    int sig = sigsetjmp(fault_jmp, 1);
    if (sig == 0)
        printf("made non-executable: returned %ld\n", ((fn0)page)());
    else
        printf("made non-executable: signal %d\n", sig);
    signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
    buf = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }

    /* rewrite a function between calls */
    for (int i = 0; i < 5; i++) {
        emit_return_imm(buf, 100 + i * i);
        printf("return_imm %d: %ld\n", i, ((fn0)buf)());
    }

    /* replace a loop with a different one at the same address */
    for (int k = 1; k <= 4; k++) {
        emit_weighted_sum(buf + 64, (int8_t)k);
        printf("weighted_sum k=%d: %ld\n", k, ((fn1)(buf + 64))(1000));
    }

    /* a function and its data-like neighbour on the same page: writing
     * next to code must not break it */
    emit_return_imm(buf + 4096, 7);
    for (int i = 0; i < 3; i++) {
        buf[4096 + 2048 + i] = (uint8_t)i;
        printf("neighbour write %d: %ld\n", i, ((fn0)(buf + 4096))());
    }

    /* the block patches itself */
    emit_self_patcher(buf + 8192);
    for (long v = 10; v < 14; v++)
        printf("self_patcher(%ld): %ld\n", v, ((fn1)(buf + 8192))(v));

    /* a loop that rewrites its own body each iteration */
    emit_patching_loop(buf + 8192 + 256);
    printf("patching_loop(50): %ld\n", ((fn1)(buf + 8192 + 256))(50));
    printf("patching_loop(7): %ld\n", ((fn1)(buf + 8192 + 256))(7));

    mprotect_scenarios(buf + 3 * 4096, buf + 8192 + 2048);
    mprotect_scenarios(buf + 4 * 4096, buf + 8192 + 3072);

    munmap(buf, 5 * 4096);
    return 0;
}
