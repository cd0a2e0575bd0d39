/* dump.c — tcg_dump_ops: the IR as text for -d op / op_opt.
 *
 * One line per op: name (with the type when it is i64), outputs, inputs,
 * then constant arguments decoded by kind (condition, label, memop,
 * offset, ...).  After liveness, dying arguments and synced outputs are
 * listed so allocator decisions can be followed. */
#include "tcg.h"

#include <inttypes.h>
#include <stdio.h>

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge", [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu", [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

static void print_temp(TCGContext *s, FILE *f, TCGv t)
{
    const TCGTemp *ts = &s->temps[t];
    switch (ts->kind) {
    case TEMP_GLOBAL: fprintf(f, "%s", ts->name ? ts->name : "?"); break;
    case TEMP_CONST: fprintf(f, "$0x%" PRIx64, (uint64_t)ts->val); break;
    case TEMP_TB: fprintf(f, "loc%u", (unsigned)t); break;
    default: fprintf(f, "tmp%u", (unsigned)t); break;
    }
}

static const char *cond_name(TCGArg c)
{
    return c < sizeof(cond_names) / sizeof(cond_names[0]) ? cond_names[c] : "?";
}

static void print_memop(FILE *f, TCGArg arg)
{
    static const char *const sizes[] = { "b", "w", "l", "q" };
    MemOp mop = get_memop((MemOpIdx)arg);
    fprintf(f, "%s%s,%d", (mop & MO_SIGN) ? "s" : "u", sizes[mop & MO_SIZE], get_mmuidx((MemOpIdx)arg));
}

static void print_cargs(FILE *f, const TCGOp *op, const TCGArg *c)
{
    switch (op->opc) {
    case INDEX_op_set_label: case INDEX_op_br:
        fprintf(f, "$L%d", (int)c[0]);
        break;
    case INDEX_op_brcond:
        fprintf(f, "%s,$L%d", cond_name(c[0]), (int)c[1]);
        break;
    case INDEX_op_loop_back:
        fprintf(f, "$L%d,$%#llx,$%lld", (int)c[0], (unsigned long long)c[1], (long long)(int64_t)c[2]);
        break;
    case INDEX_op_brcond_exit:
        fprintf(f, "%s,$%#llx,$%lld", cond_name(c[0]), (unsigned long long)c[1], (long long)(int64_t)c[2]);
        break;
    case INDEX_op_setcond: case INDEX_op_movcond:
        fprintf(f, "%s", cond_name(c[0]));
        break;
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st: case INDEX_op_atomic_cmpxchg:
    case INDEX_op_atomic_xchg: case INDEX_op_atomic_fetch_add:
        print_memop(f, c[0]);
        break;
    case INDEX_op_call:
        fprintf(f, "%p,$0x%x", (void *)(uintptr_t)c[0], (unsigned)c[1]);
        break;
    case INDEX_op_insn_start:
        fprintf(f, "$0x%" PRIx64 ",$0x%" PRIx64, (uint64_t)c[0], (uint64_t)c[1]);
        break;
    default:
        for (int i = 0; i < op->nb_cargs; i++)
            fprintf(f, "%s$0x%" PRIx64, i ? "," : "", (uint64_t)c[i]);
        break;
    }
}

static void print_life(FILE *f, const TCGOp *op)
{
    if (!op->life)
        return;
    fprintf(f, "  dead:");
    for (int i = 0; i < 16; i++)
        if (arg_is_dead(op, i))
            fprintf(f, " %d", i);
    if (op->life >> 16) {
        fprintf(f, " sync:");
        for (int i = 0; i < 16; i++)
            if (arg_needs_sync(op, i))
                fprintf(f, " %d", i);
    }
}

void tcg_dump_ops(TCGContext *s, void *file)
{
    FILE *f = file;
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop)
            continue;
        if (op->opc == INDEX_op_insn_start)
            fprintf(f, "\n");
        fprintf(f, " %s%s ", tcg_op_defs[op->opc].name,
                op->type == TCG_TYPE_I64 && op->nb_oargs + op->nb_iargs ? "_i64" : "");
        int n = op->nb_oargs + op->nb_iargs;
        for (int j = 0; j < n; j++) {
            if (j)
                fprintf(f, ",");
            print_temp(s, f, (TCGv)op->args[j]);
        }
        if (op->nb_cargs) {
            if (n)
                fprintf(f, ",");
            print_cargs(f, op, &op->args[n]);
        }
        print_life(f, op);
        fprintf(f, "\n");
    }
}
