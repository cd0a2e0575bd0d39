/* Self-modifying code in the program's own text: make the text pages
 * writable with mprotect, patch an immediate of a function that has
 * already run (so an emulator has it translated), call it again; then
 * protect the text again and check the patched code stays in effect. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* patchable_value: mov $imm32, %eax; ret — imm32 at patchable_value + 1 */
__asm__(".text\n"
        ".globl patchable_value\n"
        ".type patchable_value, @function\n"
        "patchable_value:\n"
        "    mov $1234, %eax\n"
        "    ret\n"
        /* patchable_op: a + b, its add later rewritten into sub */
        ".globl patchable_op\n"
        ".type patchable_op, @function\n"
        "patchable_op:\n"
        "    mov %rdi, %rax\n"
        "    add %rsi, %rax\n"
        "    ret\n");

int patchable_value(void);
long patchable_op(long a, long b);

static int set_text_writable(void *addr, size_t len, int writable)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t start = (uintptr_t)addr & ~(uintptr_t)(page - 1);
    uintptr_t end = ((uintptr_t)addr + len + page - 1) & ~(uintptr_t)(page - 1);
    int prot = PROT_READ | PROT_EXEC | (writable ? PROT_WRITE : 0);
    return mprotect((void *)start, end - start, prot);
}

int main(void)
{
    int (*volatile value)(void) = patchable_value;
    long (*volatile op)(long, long) = patchable_op;
    uint8_t *code = (uint8_t *)patchable_value;
    uint8_t *opcode = (uint8_t *)patchable_op;

    printf("before: value %d, op(40, 2) %ld\n", value(), op(40, 2));
    if (set_text_writable(code, 16, 1) || set_text_writable(opcode, 16, 1)) {
        perror("mprotect");
        return 1;
    }
    for (int32_t v = 1; v <= 3; v++) {
        memcpy(code + 1, &v, 4);
        printf("patched value %d: %d\n", v, value());
    }
    /* add %rsi,%rax (48 01 f0) becomes sub %rsi,%rax (48 29 f0) */
    printf("op before patch: %ld\n", op(40, 2));
    opcode[4] = 0x29;
    printf("op after patch: %ld\n", op(40, 2));

    if (set_text_writable(code, 16, 0) || set_text_writable(opcode, 16, 0)) {
        perror("mprotect");
        return 1;
    }
    printf("after protecting again: value %d, op(40, 2) %ld\n", value(), op(40, 2));
    return 0;
}
