/* Benchmark: a register bytecode interpreter (switch dispatch) running a
 * nested-loop program: the indirect-branch-bound workload of scripting
 * language runtimes. */
#include <stdio.h>
#include <stdint.h>

enum op { LI, ADD, ADDI, SUB, MUL, AND, XOR, SHR, BLT, JMP, MOD, HALT };
struct insn { uint8_t op, a, b, c; int32_t imm; };

static int64_t run(const struct insn *code)
{
    int64_t r[8] = {0};
    for (const struct insn *pc = code;; pc++) {
        switch (pc->op) {
        case LI: r[pc->a] = pc->imm; break;
        case ADD: r[pc->a] = r[pc->b] + r[pc->c]; break;
        case ADDI: r[pc->a] = r[pc->b] + pc->imm; break;
        case SUB: r[pc->a] = r[pc->b] - r[pc->c]; break;
        case MUL: r[pc->a] = r[pc->b] * r[pc->c]; break;
        case AND: r[pc->a] = r[pc->b] & r[pc->c]; break;
        case XOR: r[pc->a] = r[pc->b] ^ r[pc->c]; break;
        case SHR: r[pc->a] = (int64_t)((uint64_t)r[pc->b] >> pc->imm); break;
        case MOD: r[pc->a] = r[pc->b] % r[pc->c]; break;
        case BLT: if (r[pc->a] < r[pc->b]) pc = code + pc->imm - 1; break;
        case JMP: pc = code + pc->imm - 1; break;
        case HALT: return r[0];
        }
    }
}

int main(void)
{
    /* r0 = hash, r1 = i, r2 = limit, r3 = j, r4 = inner limit, r5/r6 temps, r7 = modulus */
    static const struct insn prog[] = {
        {LI, 0, 0, 0, 1},    {LI, 1, 0, 0, 0},     {LI, 2, 0, 0, 30000}, {LI, 4, 0, 0, 2000},
        {LI, 7, 0, 0, 1000003},
        /* 5: outer */ {LI, 3, 0, 0, 0},
        /* 6: inner */ {MUL, 5, 0, 1, 0}, {ADD, 5, 5, 3, 0}, {SHR, 6, 5, 0, 7}, {XOR, 0, 5, 6, 0},
        {MOD, 0, 0, 7, 0}, {ADDI, 3, 3, 0, 1}, {BLT, 3, 4, 0, 6},
        {ADDI, 1, 1, 0, 1}, {BLT, 1, 2, 0, 5}, {HALT, 0, 0, 0, 0}};
    printf("%lld\n", (long long)run(prog));
    return 0;
}
