/* A small stack-based bytecode VM (switch dispatch) running loops that
 * compute primes, Fibonacci numbers modulo a prime and a checksum: the
 * classic interpreter workload of unpredictable indirect branches. */
#include <stdio.h>
#include <stdint.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, PRINT, HALT, DUP, DROP };

static void vm(const int32_t *code)
{
    int64_t stack[64], vars[16] = {0};
    int sp = 0, pc = 0;
    for (;;) {
        int op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
        case JMP: pc = code[pc]; break;
        case PRINT: printf("%lld\n", (long long)stack[--sp]); break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return;
        }
    }
}

int main(void)
{
    /* count primes below 30000 by trial division: v0=n v1=d v2=count v3=isprime */
    static const int32_t primes[] = {
        PUSH, 2, STORE, 0, PUSH, 0, STORE, 2,
        /* 8: outer */ LOAD, 0, PUSH, 30000, LT, JZ, 74,
        PUSH, 2, STORE, 1, PUSH, 1, STORE, 3,
        /* 23: inner */ LOAD, 1, LOAD, 1, MUL, LOAD, 0, PUSH, 1, ADD, LT, JZ, 58,
        LOAD, 0, LOAD, 1, MOD, JZ, 52, LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 23,
        /* 52: */ PUSH, 0, STORE, 3, JMP, 58,
        /* 58: */ LOAD, 2, LOAD, 3, ADD, STORE, 2, LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,
        /* 74 */ LOAD, 2, PRINT, HALT};
    vm(primes);
    /* fib mod 1000003, 300000 steps: v0=a v1=b v2=i */
    static const int32_t fib[] = {
        PUSH, 0, STORE, 0, PUSH, 1, STORE, 1, PUSH, 0, STORE, 2,
        /* 12 */ LOAD, 2, PUSH, 300000, LT, JZ, 42,
        LOAD, 0, LOAD, 1, ADD, PUSH, 1000003, MOD, LOAD, 1, STORE, 0, STORE, 1,
        LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 12,
        /* 42 */ LOAD, 0, PRINT, HALT};
    vm(fib);
    return 0;
}
