/* generate.c — random sequences, their layout in memory and random
 * machine states for the random instruction tester.
 *
 * Flags (and x87 condition codes) that the manuals leave undefined are
 * tracked along the sequence, including along forward branches (a branch
 * target merges what is undefined on both paths).  The generator never
 * lets an instruction read a flag that may be undefined: it inserts a
 * flag-setting instruction first; and what is still undefined where the
 * run stops is masked out of the comparison. */
#include <string.h>

#include "forms.h"

static const Form *active[2048];
static int nactive;

static bool feature_ok(int feat, const uint32_t host[FEAT_NB], const uint32_t tern[FEAT_NB])
{
    return feat == FEAT_NONE || (host[feat] && tern[feat]);
}

void forms_init(const uint32_t host_feats[FEAT_NB], const uint32_t tern_feats[FEAT_NB])
{
    nactive = 0;
    for (int i = 0; i < int_forms_n; i++)
        if (feature_ok(int_forms[i].feat, host_feats, tern_feats))
            active[nactive++] = &int_forms[i];
    for (int i = 0; i < fp_forms_n; i++)
        if (feature_ok(fp_forms[i].feat, host_feats, tern_feats))
            active[nactive++] = &fp_forms[i];
}

/* Forms counted with each operand size they come in. */
int forms_count(void)
{
    int n = 0;
    for (int i = 0; i < nactive; i++)
        n += active[i]->sizes ? __builtin_popcount(active[i]->sizes & SZ_ALL) : 1;
    return n;
}

uint64_t random_imm(Gen *g, int size)
{
    static const uint64_t edge[] = { 0, 1, ~0ull, 0x7f, 0x80, 0x7fff, 0x8000, 0x7fffffff, 0x80000000, 2, 31, 63 };
    uint64_t r = g->rnd();
    uint64_t v = r % 3 == 0 ? edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))] : g->rnd();
    return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

int pick_size(Gen *g, uint8_t sizes)
{
    for (;;) {
        int s = 1 << (g->rnd() % 4);
        if (sizes & s)
            return s;
    }
}

void item_flags(Item *it, uint16_t in, uint16_t def, uint16_t undef)
{
    it->fl_in = in;
    it->fl_def = def;
    it->fl_undef = undef;
}

void gen_generic(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = f->sizes ? pick_size(g, f->sizes) : 4;
    bool intop = f->regk == RK_GPR || f->rmk == MK_RM || f->rmk == MK_R;
    bool norex = false;
    Insn in = { .pfx = f->pfx };
    if (f->map >= 1)
        in.ops[in.nops++] = 0x0f;
    if (f->map == 2)
        in.ops[in.nops++] = 0x38;
    if (f->map == 3)
        in.ops[in.nops++] = 0x3a;
    in.ops[in.nops++] = size == 1 ? f->op8 : f->op;
    if (intop) {
        in.opsize16 = size == 2;
        in.rex_w = size == 8;
        if (size == 1) {
            norex = g->rnd() % 3 == 0;
            in.force_rex = !norex;
        }
    } else {
        in.rex_w = size == 8;
    }
    in.has_modrm = f->rmk != MK_NONE;
    switch (f->regk) {
    case RK_DIGIT: in.reg = f->digit; break;
    case RK_GPR: in.reg = pick_gpr(g, norex); break;
    case RK_XMM: in.reg = (int)(g->rnd() % 16); break;
    default: in.reg = (int)(g->rnd() % 8); break;
    }
    bool mem = f->rmk == MK_M ||
               ((f->rmk == MK_RM || f->rmk == MK_XM || f->rmk == MK_MMM || f->rmk == MK_GM) && g->rnd() % 5 < 2);
    Mem m;
    if (mem) {
        m = gen_mem(g, f->memsz ? f->memsz : size, f->align, norex ? MEM_NOREX : 0);
        in.mem = &m;
    } else if (f->rmk == MK_XM || f->rmk == MK_X) {
        in.rm = (int)(g->rnd() % 16);
    } else if (f->rmk == MK_MMM) {
        in.rm = (int)(g->rnd() % 8);
    } else {
        in.rm = pick_gpr(g, norex);
    }
    switch (f->imm) {
    case IMM_B: in.imm_size = 1; in.imm = random_imm(g, 1); break;
    case IMM_W: in.imm_size = 2; in.imm = random_imm(g, 2); break;
    case IMM_Z: in.imm_size = size < 4 ? size : 4; in.imm = random_imm(g, in.imm_size); break;
    case IMM_CMP: in.imm_size = 1; in.imm = g->rnd() % 8; break;
    case IMM_ROUND: in.imm_size = 1; in.imm = g->rnd() % 16; break;
    default: break;
    }
    it->main_off = it->len;
    emit_insn(it, &in);
    item_flags(it, f->fin, f->fdef, f->fundef);
    it->fsw_def = f->fsw_def;
    it->fsw_undef = f->fsw_undef;
    it->feat = f->feat;
}

/* ---- what is undefined where ---- */

typedef struct Flow {
    uint16_t undef, fsw_undef;
    uint16_t pending[SEQ_MAX + 2], fsw_pending[SEQ_MAX + 2];
} Flow;

static void item_effect(const Item *it, int disabled_feat, uint16_t *in, uint16_t *def, uint16_t *undef, bool *keep)
{
    *in = it->fl_in, *def = it->fl_def, *undef = it->fl_undef, *keep = it->fl_keep;
    if (it->lz_tz && it->feat == disabled_feat) { /* decoded as bsr/bsf */
        *def = FL_ZF;
        *undef = FL_ARITH & ~FL_ZF;
    }
}

/* Merge branch targets into the state before item i. */
static void flow_enter(Flow *fl, int i)
{
    fl->undef |= fl->pending[i];
    fl->fsw_undef |= fl->fsw_pending[i];
}

static void flow_apply(Flow *fl, const Item *it, int i, int target, int disabled_feat)
{
    uint16_t in, def, undef;
    bool keep;
    item_effect(it, disabled_feat, &in, &def, &undef, &keep);
    (void)in;
    if (it->jump_skip > 0) {
        fl->pending[target] |= fl->undef;
        fl->fsw_pending[target] |= fl->fsw_undef;
    }
    fl->undef = keep ? fl->undef | undef : (uint16_t)((fl->undef & ~(def | undef)) | undef);
    fl->fsw_undef = (uint16_t)((fl->fsw_undef & ~(it->fsw_def | it->fsw_undef)) | it->fsw_undef);
    (void)i;
}

static int jump_target(const Sequence *seq, int i)
{
    int t = i + 1 + seq->items[i].jump_skip;
    return t > seq->n ? seq->n : t;
}

/* ---- the generator ---- */

/* cmp/add/sub/test of two registers, or with an immediate: all six flags */
void gen_definer(Gen *g)
{
    static const uint8_t ops[] = { 0x39, 0x01, 0x29, 0x39 };
    Item *it = g->it;
    Insn in = { .rex_w = g->rnd() & 1, .nops = 1, .has_modrm = true };
    in.ops[0] = ops[g->rnd() % 4];
    in.reg = pick_gpr(g, false);
    in.rm = pick_gpr(g, false);
    it->main_off = it->len;
    emit_insn(it, &in);
    item_flags(it, 0, FL_ARITH, 0);
    it->name = "definer";
}

static void append(Sequence *seq, const Item *it)
{
    if (seq->n < SEQ_MAX - 1)
        seq->items[seq->n++] = *it;
}

static void flow_upto(const Sequence *seq, int n, Flow *fl)
{
    memset(fl, 0, sizeof(*fl));
    for (int i = 0; i < n; i++) {
        flow_enter(fl, i);
        flow_apply(fl, &seq->items[i], i, jump_target(seq, i), seq->disabled_feat);
    }
    flow_enter(fl, n);
}

uint16_t gen_fsw_undef;
bool gen_unmask_underflow;

void generate_sequence(Sequence *seq, uint64_t (*rnd)(void), int length)
{
    Gen g = { .rnd = rnd };
    seq->n = 0;
    while (seq->n < length && seq->n < SEQ_MAX - 2) {
        const Form *f = active[rnd() % (uint64_t)nactive];
        Flow fl;
        flow_upto(seq, seq->n, &fl);
        gen_fsw_undef = fl.fsw_undef;
        Item it;
        memset(&it, 0, sizeof(it));
        g.it = &it;
        f->gen(&g, f);
        it.name = f->name;
        if (it.fsw_in & fl.fsw_undef)
            continue;
        if (it.fl_in & fl.undef) {
            Item def;
            memset(&def, 0, sizeof(def));
            g.it = &def;
            gen_definer(&g);
            append(seq, &def);
        }
        append(seq, &it);
        /* after emms, where TOP points is vendor-specific (AMD: 0, Intel:
         * kept), and with it which physical registers later code uses */
        if (f->op8 == 0x0f && f->op == 0x77)
            break;
    }
}

/* ---- layout ---- */

static void patch32(uint8_t *p, int64_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

static void place_items(const Sequence *seq, Layout *lay)
{
    uint64_t addr = CODE_ADDR;
    size_t pos = 0;
    for (int i = 0; i < seq->n; i++) {
        const Item *it = &seq->items[i];
        lay->item_addr[i] = addr;
        memcpy(lay->code + pos, it->bytes, it->len);
        for (int k = 0; k < it->nrip; k++)
            patch32(lay->code + pos + it->rip_disp_off[k], (int64_t)(it->rip_target[k] - (addr + it->rip_insn_end[k])));
        pos += it->len;
        addr += it->len;
    }
    lay->item_addr[seq->n] = addr;
    lay->code[pos] = 0x0f; /* ud2 ends every sequence */
    lay->code[pos + 1] = 0x0b;
    lay->len = pos + 2;
}

/* Branch displacements; a rel8 branch whose target is too far aims at a
 * nearer item boundary instead. */
static void patch_branches(const Sequence *seq, Layout *lay)
{
    for (int i = 0; i < seq->n; i++) {
        const Item *it = &seq->items[i];
        if (it->jump_skip <= 0)
            continue;
        uint64_t end = lay->item_addr[i] + it->len;
        uint8_t *disp = lay->code + (lay->item_addr[i] - CODE_ADDR) + it->jump_disp_off;
        int t = jump_target(seq, i);
        if (it->jump_rel32) {
            patch32(disp, (int64_t)(lay->item_addr[t] - end));
        } else {
            while (lay->item_addr[t] - end > 127)
                t--;
            *disp = (uint8_t)(lay->item_addr[t] - end);
        }
    }
}

/* The native copy: where tern's CPU model lacks a feature, the host must
 * see ud2 (or, for lzcnt/tzcnt, the bsr/bsf they decode as). */
static void native_code(const Sequence *seq, Layout *lay)
{
    memcpy(lay->native, lay->code, lay->len);
    if (!seq->disabled_feat)
        return;
    for (int i = 0; i < seq->n; i++) {
        const Item *it = &seq->items[i];
        if (it->feat != seq->disabled_feat)
            continue;
        uint8_t *p = lay->native + (lay->item_addr[i] - CODE_ADDR);
        if (it->lz_tz) {
            p[it->lz_tz - 1] = 0x2e; /* the F3 becomes an ignored segment prefix */
        } else {
            p[it->main_off] = 0x0f;
            p[it->main_off + 1] = 0x0b;
        }
    }
}

void layout_sequence(const Sequence *seq, Layout *lay)
{
    place_items(seq, lay);
    patch_branches(seq, lay);
    native_code(seq, lay);
    Flow fl;
    memset(&fl, 0, sizeof(fl));
    lay->valid = true;
    for (int i = 0; i < seq->n; i++) {
        flow_enter(&fl, i);
        lay->undef_before[i] = fl.undef;
        lay->fsw_undef_before[i] = fl.fsw_undef;
        const Item *it = &seq->items[i];
        uint16_t in, def, undef;
        bool keep;
        item_effect(it, seq->disabled_feat, &in, &def, &undef, &keep);
        if ((in & fl.undef) || (it->fsw_in & fl.fsw_undef))
            lay->valid = false;
        flow_apply(&fl, it, i, jump_target(seq, i), seq->disabled_feat);
    }
    flow_enter(&fl, seq->n);
    lay->undef_before[seq->n] = fl.undef;
    lay->fsw_undef_before[seq->n] = fl.fsw_undef;
}

/* ---- random machine states ---- */

static uint64_t interesting64(uint64_t (*rnd)(void))
{
    static const uint64_t v[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
                                  0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 2, 63,
                                  0x3ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff8000000000000ull,
                                  0x000fffffffffffffull, 0x3f800000, 0x7f800000, 0x7fc00000, 0x00400000 };
    uint64_t r = rnd();
    switch (r % 4) {
    case 0: return v[(r >> 8) % (sizeof(v) / sizeof(v[0]))];
    case 1: return r >> 40;
    case 2: return (uint64_t)(int64_t)(int32_t)(r >> 32);
    default: return rnd();
    }
}

/* an x87 value: zeros, infinities, NaNs, denormals, integers, normals */
static void random_f80(uint8_t *p, uint64_t (*rnd)(void))
{
    uint64_t r = rnd(), mant;
    uint16_t exp;
    switch (r % 10) {
    case 0: mant = 0, exp = 0; break;
    case 1: mant = 1ull << 63, exp = 0x7fff; break;                            /* inf */
    case 2: mant = 3ull << 62 | (rnd() >> 20), exp = 0x7fff; break;           /* QNaN */
    case 3: mant = 1ull << 63 | (rnd() >> 3 & ~(1ull << 62)) | 1, exp = 0x7fff; break; /* SNaN */
    case 4: mant = rnd() >> 1, exp = 0; break;                                /* denormal */
    case 5: { /* a small integer, or one and a half */
        int64_t k = (int64_t)(rnd() % 2001) - 1000;
        long double d = (long double)k + (r & 0x100 ? 0.5L : 0);
        memcpy(p, &d, 10);
        return;
    }
    case 6: mant = 1ull << 63 | rnd(), exp = (uint16_t)(0x3fff + (int)(rnd() % 130) - 65); break;
    case 7: mant = 1ull << 63 | rnd(), exp = (uint16_t)(rnd() % 0x7fff); break;
    default: mant = 1ull << 63 | rnd(), exp = (uint16_t)(0x3fff + (int)(rnd() % 16) - 8); break;
    }
    if (r & 0x1000)
        exp |= 0x8000;
    memcpy(p, &mant, 8);
    memcpy(p + 8, &exp, 2);
}

static void random_fx(uint8_t *fx, uint64_t (*rnd)(void))
{
    memset(fx, 0, 512);
    uint16_t fcw = (uint16_t)(0x0040 | (rnd() % 4) << 10 | (uint16_t[]){ 0, 2, 3, 3 }[rnd() % 4] << 8);
    fcw |= rnd() % 16 == 0 ? (uint16_t)(rnd() & 0x3f) : 0x3f;
    uint16_t top = (uint16_t)(rnd() % 8);
    uint16_t fsw = (uint16_t)(top << 11 | (rnd() & FSW_CC) | (rnd() & 0x3f & fcw));
    memcpy(fx + FX_FCW, &fcw, 2);
    memcpy(fx + FX_FSW, &fsw, 2);
    fx[FX_FTW] = (uint8_t)rnd();
    uint32_t mxcsr = 0x1f80 | (uint32_t)(rnd() % 4) << 13 | (uint32_t)(rnd() & 0x3f);
    if (rnd() % 4 == 0)
        mxcsr |= (uint32_t)(rnd() & 0x8040); /* FTZ, DAZ */
    if (rnd() % 16 == 0)
        mxcsr &= ~(uint32_t)(rnd() & (gen_unmask_underflow ? 0x1f80 : 0x1780));
    memcpy(fx + FX_MXCSR, &mxcsr, 4);
    uint32_t mask = 0xffff;
    memcpy(fx + 28, &mask, 4);
    for (int i = 0; i < 8; i++)
        random_f80(fx + FX_ST(i), rnd);
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 2; k++) {
            uint64_t v = interesting64(rnd);
            if (rnd() % 3 == 0) /* two floats */
                v = (interesting64(rnd) & 0xffffffff) | interesting64(rnd) << 32;
            memcpy(fx + FX_XMM(i) + 8 * k, &v, 8);
        }
}

void random_state(MachineState *st, uint8_t *data, uint64_t (*rnd)(void))
{
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 16; i++)
        st->gpr[i] = interesting64(rnd);
    st->gpr[4] = STACK_VALUE;
    st->gpr[15] = BASE_VALUE;
    st->rflags = 0x202 | (rnd() & (FL_ARITH | FL_DF));
    random_fx(st->fx, rnd);
    for (size_t i = 0; i < DATA_SIZE; i += 8) {
        uint64_t v = rnd() % 4 ? interesting64(rnd) : rnd();
        memcpy(data + i, &v, 8);
    }
}
