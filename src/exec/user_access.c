/* user_access.c — guest data access from helpers in user mode: a guest
 * address is a host address plus guest_base.  While the access runs,
 * helper_retaddr holds the helper's return address into generated code so
 * that the host SIGSEGV handler can attribute a fault to the guest
 * instruction that called the helper (and unwind precisely). */
#include "exec/exec_internal.h"

#include <string.h>

__thread uintptr_t helper_retaddr;

/* The signal fences keep the access between the two helper_retaddr
 * stores as seen by a signal handler on this thread. */
#define DEFINE_GUEST_LOAD(name, type)                                   \
    type name(CPUX86State *env, uint64_t addr, uintptr_t ra)            \
    {                                                                   \
        type val;                                                       \
        (void)env;                                                      \
        helper_retaddr = ra;                                            \
        __atomic_signal_fence(__ATOMIC_SEQ_CST);                        \
        memcpy(&val, g2h(addr), sizeof(val));                           \
        __atomic_signal_fence(__ATOMIC_SEQ_CST);                        \
        helper_retaddr = 0;                                             \
        return val;                                                     \
    }

#define DEFINE_GUEST_STORE(name, type)                                  \
    void name(CPUX86State *env, uint64_t addr, type val, uintptr_t ra)  \
    {                                                                   \
        (void)env;                                                      \
        helper_retaddr = ra;                                            \
        __atomic_signal_fence(__ATOMIC_SEQ_CST);                        \
        memcpy(g2h(addr), &val, sizeof(val));                           \
        __atomic_signal_fence(__ATOMIC_SEQ_CST);                        \
        helper_retaddr = 0;                                             \
    }

DEFINE_GUEST_LOAD(cpu_ldub_data_ra, uint8_t)
DEFINE_GUEST_LOAD(cpu_lduw_data_ra, uint16_t)
DEFINE_GUEST_LOAD(cpu_ldl_data_ra, uint32_t)
DEFINE_GUEST_LOAD(cpu_ldq_data_ra, uint64_t)
DEFINE_GUEST_STORE(cpu_stb_data_ra, uint8_t)
DEFINE_GUEST_STORE(cpu_stw_data_ra, uint16_t)
DEFINE_GUEST_STORE(cpu_stl_data_ra, uint32_t)
DEFINE_GUEST_STORE(cpu_stq_data_ra, uint64_t)
