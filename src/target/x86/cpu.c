/* cpu.c — the x86-64 CPU object: models and their CPUID bits, the
 * initial 64-bit user-mode state, the TCG globals for env fields, the
 * restore half of precise exceptions, and raising guest exceptions.
 *
 * Models are a read-only table; each advertises only what tern
 * implements (no AVX, no XSAVE; BMI1/BMI2 on "max"). */
#include <stdio.h>
#include <string.h>

#include "exec/exec.h"
#include "target/x86/fpu_helper.h"
#include "target/x86/translate.h"

#define FEATURES_BASE                                                                    \
    (CPUID_FP87 | (1u << 2) | (1u << 3) | CPUID_TSC | (1u << 5) | (1u << 6) | (1u << 7) | \
     CPUID_CX8 | (1u << 9) | (1u << 11) | (1u << 12) | (1u << 13) | (1u << 14) |           \
     CPUID_CMOV | (1u << 16) | (1u << 17) | (1u << 19) | CPUID_MMX | CPUID_FXSR |          \
     CPUID_SSE | CPUID_SSE2)
#define EXT_V2 (CPUID_EXT_SSE3 | CPUID_EXT_SSSE3 | CPUID_EXT_CX16 | CPUID_EXT_SSE41 | \
                CPUID_EXT_SSE42 | CPUID_EXT_POPCNT)
#define EXT2_BASE (CPUID_EXT2_SYSCALL | CPUID_EXT2_NX | CPUID_EXT2_LM)

typedef struct X86CPUModel {
    const char *name;
    const char *description;
    uint32_t version;
    uint32_t features, ext_features, ext2_features, ext3_features, leaf7_ebx;
    const char *model_id;
} X86CPUModel;

static const X86CPUModel models[] = {
    { "qemu64", "x86-64 baseline (SSE2)", 0x00000663,
      FEATURES_BASE, 0, EXT2_BASE, 0, 0, "QEMU Virtual CPU version 2.5+" },
    { "Nehalem", "x86-64-v2 (SSE4.2, POPCNT, CX16, LAHF)", 0x000106a2,
      FEATURES_BASE, EXT_V2, EXT2_BASE, CPUID_EXT3_LAHF_LM, 0,
      "Intel Core i7 9xx (Nehalem Class Core i7)" },
    { "max", "everything tern implements", 0x000106a2,
      FEATURES_BASE, EXT_V2 | CPUID_EXT_MOVBE | CPUID_EXT_PCLMULQDQ, EXT2_BASE | CPUID_EXT2_RDTSCP,
      CPUID_EXT3_LAHF_LM | CPUID_EXT3_ABM, CPUID_7_EBX_BMI1 | CPUID_7_EBX_BMI2, "tern max CPU" },
};

bool x86_cpu_init(CPUX86State *env, const char *model)
{
    const X86CPUModel *m = NULL;
    if (!model)
        model = "max";
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        if (strcmp(models[i].name, model) == 0)
            m = &models[i];
    }
    if (!m)
        return false;
    env->cpuid_version = m->version;
    env->cpuid_features = m->features;
    env->cpuid_ext_features = m->ext_features;
    env->cpuid_ext2_features = m->ext2_features;
    env->cpuid_ext3_features = m->ext3_features;
    env->cpuid_7_ebx = m->leaf7_ebx;
    snprintf(env->cpuid_vendor, sizeof(env->cpuid_vendor), "%s", "GenuineIntel");
    snprintf(env->cpuid_model_id, sizeof(env->cpuid_model_id), "%s", m->model_id);

    env->hflags = HF_CS64 | 3;
    env->eflags = IF_MASK | 2;  /* what user code sees with pushf */
    env->df = 1;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->cc_dst = 0;
    x86_fpu_reset(env);
    env->mxcsr = 0x1f80;
    return true;
}

void x86_cpu_list(void *file)
{
    FILE *f = file;
    fprintf(f, "Available CPU models:\n");
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
        fprintf(f, "  %-10s %s%s\n", models[i].name, models[i].description,
                strcmp(models[i].name, "max") == 0 ? " (default)" : "");
}

void x86_tcg_init(TCGContext *s)
{
    static const char *const reg_names[16] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    X86Globals g;
    for (int i = 0; i < 16; i++)
        g.regs[i] = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(CPUX86State, regs[i]), reg_names[i]);
    g.rip = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(CPUX86State, rip), "rip");
    g.cc_dst = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(CPUX86State, cc_dst), "cc_dst");
    g.cc_src = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(CPUX86State, cc_src), "cc_src");
    g.cc_src2 = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(CPUX86State, cc_src2), "cc_src2");
    g.cc_op = tcg_global_mem_new(s, TCG_TYPE_I32, (int)offsetof(CPUX86State, cc_op), "cc_op");
    /* x86_restore_state_to_opc */
    s->insn_word1_global = g.cc_op;
    s->insn_word1_none = CC_OP_DYNAMIC;
    /* every context declares the same globals in the same order, so the
     * indices are identical and this store is idempotent */
    x86_globals = g;
}

void x86_restore_state_to_opc(CPUX86State *env, const uint64_t data[2])
{
    env->rip = data[0];
    if (data[1] != CC_OP_DYNAMIC)
        env->cc_op = (uint32_t)data[1];
}

_Noreturn void x86_raise_exception_err(CPUX86State *env, int excp, int error_code, uintptr_t retaddr)
{
    env->exception_index = excp;
    env->error_code = error_code;
    if (retaddr)
        cpu_loop_exit_restore(env_cpu(env), retaddr);
    cpu_loop_exit(env_cpu(env));
}

_Noreturn void x86_raise_exception(CPUX86State *env, int excp, uintptr_t retaddr)
{
    x86_raise_exception_err(env, excp, 0, retaddr);
}
