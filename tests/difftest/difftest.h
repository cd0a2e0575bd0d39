/* difftest.h — what the parts of the random instruction tester share.
 *
 * A test is one random instruction sequence plus one random machine state.
 * The sequence is made of items (one instruction form, with the few set-up
 * instructions it needs, such as the lea that points a base register into
 * the memory buffer); items stay separate so that a failing sequence can be
 * shrunk item by item.  The machine state is kept as an FXSAVE image plus
 * the GPRs and RFLAGS, the format both the kernel (signal frames) and the
 * native harness use, so the native side needs no conversion at all. */
#ifndef TERN_DIFFTEST_H
#define TERN_DIFFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fixed addresses, the same in the native child and in the tern process:
 * below 4 GiB so 32-bit address-size forms and absolute disp32 reach. */
#define CODE_ADDR 0x30000000ull
#define CODE_SIZE 0x4000ull
#define DATA_ADDR 0x30100000ull
#define DATA_SIZE 0x2000ull
#define GUARD_ADDR (DATA_ADDR + DATA_SIZE) /* one PROT_NONE page */
#define BASE_VALUE (DATA_ADDR + 0x1000)    /* r15: the memory base */
#define STACK_VALUE (DATA_ADDR + 0x1e00)   /* rsp */

/* RFLAGS bits the tester compares */
#define FL_CF 0x001
#define FL_PF 0x004
#define FL_AF 0x010
#define FL_ZF 0x040
#define FL_SF 0x080
#define FL_DF 0x400
#define FL_OF 0x800
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* x87 status word condition codes */
#define FSW_C0 0x0100
#define FSW_C1 0x0200
#define FSW_C2 0x0400
#define FSW_C3 0x4000
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)

/* FXSAVE image offsets */
#define FX_FCW 0
#define FX_FSW 2
#define FX_FTW 4
#define FX_MXCSR 24
#define FX_ST(i) (32 + 16 * (i))
#define FX_XMM(i) (160 + 16 * (i))

typedef struct MachineState {
    uint8_t fx[512] __attribute__((aligned(16)));
    uint64_t gpr[16];
    uint64_t rip;
    uint64_t rflags;
} MachineState;

/* Where and how a run stopped: every run ends in a signal, normally the
 * SIGILL of the ud2 that closes the sequence. */
typedef struct Outcome {
    MachineState st;
    int sig;
    int si_code;
    uint64_t addr;           /* fault address of a page fault */
    uint8_t data[DATA_SIZE]; /* the memory buffer afterwards */
} Outcome;

/* CPUID features a form needs (tern's model and the host must have it) */
enum {
    FEAT_NONE, FEAT_SSE3, FEAT_SSSE3, FEAT_SSE41, FEAT_SSE42, FEAT_POPCNT, FEAT_LZCNT,
    FEAT_BMI1, FEAT_BMI2, FEAT_MOVBE, FEAT_PCLMUL, FEAT_CX16, FEAT_NB
};

/* one item of a sequence */
#define ITEM_MAX 48
typedef struct Item {
    uint8_t bytes[ITEM_MAX];
    uint8_t len;
    uint8_t main_off;     /* offset of the form's instruction (after set-up) */
    uint8_t feat;         /* FEAT_* of the form's instruction */
    uint8_t lz_tz;        /* lzcnt/tzcnt: without the feature they are bsr/bsf */
    int8_t jump_skip;     /* >0: a forward branch over that many items */
    uint8_t jump_rel32;   /* branch displacement size: 0 = rel8 */
    uint8_t jump_disp_off;/* offset of the displacement in bytes[] */
    uint8_t nrip;         /* RIP-relative disp32s to patch: */
    uint8_t rip_disp_off[4]; /* at this offset */
    uint8_t rip_insn_end[4]; /* relative to the end of its instruction at this offset */
    uint64_t rip_target[4];  /* so that it addresses this */
    uint16_t fl_in, fl_def, fl_undef; /* flags read / made defined / made undefined */
    bool fl_keep;         /* may leave flags unchanged (shift by cl): defines nothing */
    uint16_t fsw_in, fsw_def, fsw_undef; /* x87 condition codes, the same way */
    const char *name;
} Item;

#define SEQ_MAX 64
typedef struct Sequence {
    Item items[SEQ_MAX];
    int n;
    int disabled_feat;    /* FEAT_*: tern's CPU model lacks it (0 = full model) */
} Sequence;

/* A sequence laid out in memory: code for tern and for the native run
 * (which differ only where a disabled feature must #UD), plus the flags
 * and x87 condition codes left undefined before each item. */
typedef struct Layout {
    uint8_t code[CODE_SIZE];
    uint8_t native[CODE_SIZE];
    size_t len;
    uint64_t item_addr[SEQ_MAX + 1];
    uint16_t undef_before[SEQ_MAX + 1], fsw_undef_before[SEQ_MAX + 1];
    bool valid;           /* no item reads a flag that may be undefined */
} Layout;

/* forms.c */
typedef struct Gen Gen;
void forms_init(const uint32_t host_feats[FEAT_NB], const uint32_t tern_feats[FEAT_NB]);
int forms_count(void);
void generate_sequence(Sequence *seq, uint64_t (*rnd)(void), int length);
void layout_sequence(const Sequence *seq, Layout *lay);
void random_state(MachineState *st, uint8_t *data, uint64_t (*rnd)(void));

/* native.c: the child that runs code on the host CPU */
bool native_start(void);
bool native_run(const Layout *lay, const MachineState *init, const uint8_t *data, Outcome *out);
void native_stop(void);

#endif
