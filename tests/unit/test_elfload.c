/* test_elfload.c — the user-mode loader and memory map against their
 * oracles: programs compiled here (gcc -static, -static-pie, dynamic PIE
 * and dynamic non-PIE) are loaded, and memory is compared with the file's
 * bytes (the program's and its dynamic loader's), the auxv with the ELF
 * headers, the protections with the host's /proc/self/maps; the memory
 * map must refuse to touch memory the guest does not own; -L finds the
 * interpreter under its prefix. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user/user.h"

static int failures;

#define CHECK(cond, name, ...)                                                                                        \
    do {                                                                                                              \
        if (cond) {                                                                                                   \
            printf("ok %s\n", name);                                                                                  \
        } else {                                                                                                      \
            printf("FAIL %s: ", name);                                                                                \
            printf(__VA_ARGS__);                                                                                      \
            printf("\n");                                                                                             \
            failures++;                                                                                               \
        }                                                                                                             \
    } while (0)

static char tmpdir[] = "/tmp/test_elfload.XXXXXX";

static const char tiny_c[] =
    "#include <stdio.h>\n"
    "int data_word = 0x12345678;\n"
    "char big_bss[100000];\n"
    "int main(int argc, char **argv) { big_bss[argc] = 1; printf(\"%s %d\\n\", argv[0], data_word); return 3; }\n";

/* Compile tiny_c with extra gcc flags; path of the binary or NULL. */
static const char *build_program(const char *name, const char *flags)
{
    static char path[2][256];
    static int which;
    char src[256], cmd[1024];
    snprintf(src, sizeof(src), "%s/tiny.c", tmpdir);
    FILE *f = fopen(src, "w");
    if (!f)
        return NULL;
    fputs(tiny_c, f);
    fclose(f);
    char *out = path[which++ & 1];
    snprintf(out, 256, "%s/%s", tmpdir, name);
    snprintf(cmd, sizeof(cmd), "gcc -O1 %s -o %s %s 2>/dev/null", flags, out, src);
    return system(cmd) == 0 ? out : NULL;
}

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    void *buf = malloc(*size);
    if (buf && fread(buf, 1, *size, f) != *size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* The host protection of the page at addr from /proc/self/maps ("r-xp"...). */
static int host_prot_of(uint64_t addr)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int prot = -1;
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && addr >= lo && addr < hi) {
            prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
                   (perms[2] == 'x' ? PROT_EXEC : 0);
            break;
        }
    }
    if (f)
        fclose(f);
    return prot;
}

static int elf_prot(uint32_t pf)
{
    return (pf & PF_R ? PROT_READ : 0) | (pf & PF_W ? PROT_WRITE : 0) | (pf & PF_X ? PROT_EXEC : 0);
}

/* Segment bytes equal the file, bss is zero, rights match p_flags. */
static void check_segments(const char *tag, const uint8_t *file, const ImageInfo *info)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(file + eh->e_phoff);
    char name[128];
    int nload = 0;
    bool bytes_ok = true, bss_ok = true, prot_ok = true;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        nload++;
        const uint8_t *mem = g2h(ph[i].p_vaddr + info->load_bias);
        if (memcmp(mem, file + ph[i].p_offset, ph[i].p_filesz) != 0)
            bytes_ok = false;
        for (uint64_t k = ph[i].p_filesz; k < ph[i].p_memsz; k++)
            if (mem[k])
                bss_ok = false;
        /* Check a page wholly inside the segment (shared pages take the later segment's rights). */
        uint64_t page = PAGE_ALIGN_UP(ph[i].p_vaddr + info->load_bias);
        if (page + TARGET_PAGE_SIZE <= ph[i].p_vaddr + info->load_bias + ph[i].p_memsz) {
            int want = elf_prot(ph[i].p_flags);
            int guest = guest_page_flags(page);
            int host = host_prot_of(page);
            if ((guest & (PROT_READ | PROT_WRITE | PROT_EXEC)) != want || !(guest & PAGE_GUEST) ||
                host != (want & ~PROT_EXEC)) {
                printf("# segment %d: want %d guest %#x host %d\n", i, want, guest, host);
                prot_ok = false;
            }
        }
    }
    snprintf(name, sizeof(name), "%s_segments_match_file", tag);
    CHECK(nload > 0 && bytes_ok, name, "segment bytes differ from the file");
    snprintf(name, sizeof(name), "%s_bss_zero", tag);
    CHECK(bss_ok, name, "bss not zero");
    snprintf(name, sizeof(name), "%s_segment_protections", tag);
    CHECK(prot_ok, name, "protections differ from p_flags");
    snprintf(name, sizeof(name), "%s_entry", tag);
    CHECK(info->entry == eh->e_entry + info->load_bias, name, "entry %#lx", (unsigned long)info->entry);
    snprintf(name, sizeof(name), "%s_code_readable_by_translator", tag);
    uint8_t insn[16];
    CHECK(guest_code_read(NULL, info->entry, insn, sizeof(insn)) &&
              !memcmp(insn, g2h(info->entry), sizeof(insn)),
          name, "guest_code_read failed at the entry point");
}

static uint64_t auxv_get(const ImageInfo *info, uint64_t type, bool *found)
{
    const uint64_t *a = g2h(info->auxv);
    for (; a[0] != AT_NULL; a += 2)
        if (a[0] == type) {
            *found = true;
            return a[1];
        }
    *found = false;
    return 0;
}

static void check_stack(const char *tag, const uint8_t *file, ImageInfo *info)
{
    char *argv[] = { "prog", "arg one", "", NULL };
    char *envp[] = { "A=1", "HOME=/nowhere", NULL };
    StackParams sp = { .argc = 3, .argv = argv, .envp = envp, .execfn = "/path/to/prog",
                       .stack_size = 1 << 20, .hwcap = 0x178bfbff, .hwcap2 = 0 };
    char err[256], name[128];
    bool ok = elf_setup_stack(info, &sp, err, sizeof(err));
    snprintf(name, sizeof(name), "%s_stack_setup", tag);
    CHECK(ok, name, "%s", err);
    if (!ok)
        return;
    const uint64_t *sp64 = g2h(info->rsp);
    snprintf(name, sizeof(name), "%s_stack_aligned", tag);
    CHECK(info->rsp % 16 == 0 && info->rsp < info->stack_top && info->rsp > info->stack_limit, name, "rsp %#lx",
          (unsigned long)info->rsp);
    snprintf(name, sizeof(name), "%s_argc_argv", tag);
    CHECK(sp64[0] == 3 && !strcmp(g2h(sp64[1]), "prog") && !strcmp(g2h(sp64[2]), "arg one") &&
              !strcmp(g2h(sp64[3]), "") && sp64[4] == 0,
          name, "argc/argv wrong");
    snprintf(name, sizeof(name), "%s_envp", tag);
    CHECK(!strcmp(g2h(sp64[5]), "A=1") && !strcmp(g2h(sp64[6]), "HOME=/nowhere") && sp64[7] == 0 &&
              info->auxv == info->rsp + 8 * 8,
          name, "envp wrong");

    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
    bool f1, f2, f3, f4, f5, f6, f7, f8, f9, f10;
    uint64_t phdr = auxv_get(info, AT_PHDR, &f1), phnum = auxv_get(info, AT_PHNUM, &f2);
    uint64_t phent = auxv_get(info, AT_PHENT, &f3), entry = auxv_get(info, AT_ENTRY, &f4);
    uint64_t pagesz = auxv_get(info, AT_PAGESZ, &f5), rnd = auxv_get(info, AT_RANDOM, &f6);
    uint64_t plat = auxv_get(info, AT_PLATFORM, &f7), execfn = auxv_get(info, AT_EXECFN, &f8);
    uint64_t hwcap = auxv_get(info, AT_HWCAP, &f9), uid = auxv_get(info, AT_UID, &f10);
    snprintf(name, sizeof(name), "%s_auxv_phdr", tag);
    CHECK(f1 && f2 && f3 && phnum == eh->e_phnum && phent == sizeof(Elf64_Phdr) &&
              !memcmp(g2h(phdr), file + eh->e_phoff, eh->e_phnum * sizeof(Elf64_Phdr)),
          name, "AT_PHDR does not point at the program headers");
    snprintf(name, sizeof(name), "%s_auxv_values", tag);
    CHECK(f4 && f5 && f9 && f10 && entry == eh->e_entry + info->load_bias && pagesz == 4096 &&
              hwcap == 0x178bfbff && uid == getuid(),
          name, "entry %#lx pagesz %lu hwcap %#lx", (unsigned long)entry, (unsigned long)pagesz,
          (unsigned long)hwcap);
    snprintf(name, sizeof(name), "%s_auxv_strings", tag);
    CHECK(f6 && f7 && f8 && rnd % 16 == 0 && !strcmp(g2h(plat), "x86_64") && !strcmp(g2h(execfn), "/path/to/prog") &&
              guest_range_ok(rnd, 16, PROT_READ | PROT_WRITE),
          name, "AT_RANDOM/AT_PLATFORM/AT_EXECFN wrong");
    snprintf(name, sizeof(name), "%s_stack_guard", tag);
    CHECK((guest_page_flags(info->stack_limit - 1) & (PROT_READ | PROT_WRITE)) == 0, name, "no guard page");
}

/* The program's PT_INTERP path from the file, or NULL. */
static const char *file_interp(const uint8_t *file)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(file + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_INTERP)
            return (const char *)file + ph[i].p_offset;
    return NULL;
}

/* The interpreter's segments are where AT_BASE says, and the guest starts
 * at its entry; a static program has neither. */
static void check_interp(const char *tag, const uint8_t *file, const ImageInfo *info)
{
    char name[128];
    bool found;
    uint64_t base = auxv_get(info, AT_BASE, &found);
    const char *interp = file_interp(file);
    snprintf(name, sizeof(name), "%s_interp", tag);
    if (!interp) {
        CHECK(found && base == 0 && info->interp_entry == 0, name, "AT_BASE %#lx for a static program",
              (unsigned long)base);
        return;
    }
    size_t size;
    uint8_t *ld = read_file(interp, &size);
    if (!ld) {
        CHECK(false, name, "cannot read %s", interp);
        return;
    }
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)ld;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(ld + eh->e_phoff);
    bool bytes_ok = true;
    for (int i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && memcmp(g2h(base + ph[i].p_vaddr), ld + ph[i].p_offset, ph[i].p_filesz))
            bytes_ok = false;
    CHECK(found && base && base == info->interp_base && base % TARGET_PAGE_SIZE == 0 && bytes_ok &&
              info->interp_entry == base + eh->e_entry,
          name, "AT_BASE %#lx, entry %#lx, bytes %s", (unsigned long)base, (unsigned long)info->interp_entry,
          bytes_ok ? "match" : "differ");
    free(ld);
}

static void test_program(const char *tag, const char *flags, uint16_t want_type)
{
    char name[128], err[256];
    const char *path = build_program(tag, flags);
    snprintf(name, sizeof(name), "%s_compile", tag);
    CHECK(path != NULL, name, "gcc %s failed", flags);
    if (!path)
        return;
    size_t size;
    uint8_t *file = read_file(path, &size);
    ImageInfo info;
    bool ok = elf_load(path, &info, err, sizeof(err));
    snprintf(name, sizeof(name), "%s_load", tag);
    CHECK(ok && file && ((Elf64_Ehdr *)file)->e_type == want_type, name, "%s", ok ? "wrong ELF type" : err);
    if (ok && file) {
        check_segments(tag, file, &info);
        check_stack(tag, file, &info);
        check_interp(tag, file, &info);
        guest_brk_init(info.brk);
        long start = guest_brk(0);
        snprintf(name, sizeof(name), "%s_brk_room", tag);
        CHECK(start == (long)PAGE_ALIGN_UP(info.brk) && guest_brk(start + (64 << 20)) == start + (64 << 20), name,
              "brk cannot grow 64 MiB above the image");
    }
    free(file);
}

/* The guest may not unmap, replace or reprotect memory that is not its own. */
static void test_memory_ownership(void)
{
    uint8_t *mine = mmap(NULL, 4 * TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(mine, 0xab, 4 * TARGET_PAGE_SIZE);
    uint64_t a = (uintptr_t)mine;
    long r = guest_mmap(a, TARGET_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(r == -ENOMEM && mine[0] == 0xab, "map_fixed_refuses_tern_memory", "returned %ld", r);
    r = guest_munmap(a, 4 * TARGET_PAGE_SIZE);
    CHECK(r == 0 && mine[TARGET_PAGE_SIZE] == 0xab, "munmap_leaves_tern_memory", "returned %ld", r);
    r = guest_mprotect(a, TARGET_PAGE_SIZE, PROT_NONE);
    CHECK(r == -ENOMEM && host_prot_of(a) == (PROT_READ | PROT_WRITE), "mprotect_refuses_tern_memory",
          "returned %ld", r);
    uint8_t buf[8];
    CHECK(!copy_from_guest(buf, a, sizeof(buf)), "copy_refuses_tern_memory", "copied");
    munmap(mine, 4 * TARGET_PAGE_SIZE);

    long g = guest_mmap(0, 3 * TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(g > 0 && guest_range_ok(g, 3 * TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE), "mmap_anonymous", "%ld", g);
    r = guest_mmap(g + TARGET_PAGE_SIZE, TARGET_PAGE_SIZE, PROT_READ | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(r == g + (long)TARGET_PAGE_SIZE && guest_page_flags(r) == (PAGE_GUEST | PROT_READ | PROT_EXEC) &&
              host_prot_of(r) == PROT_READ,
          "map_fixed_over_guest_memory", "%ld flags %#x", r, guest_page_flags(r));
    uint8_t code[4];
    CHECK(guest_code_read(NULL, r, code, 4) && !guest_code_read(NULL, g, code, 4) &&
              !guest_code_read(NULL, r + TARGET_PAGE_SIZE - 2, code, 4),
          "code_read_needs_exec", "guest_code_read ignores PROT_EXEC");
    r = guest_mprotect(g, 3 * TARGET_PAGE_SIZE, PROT_READ);
    CHECK(r == 0 && host_prot_of(g) == PROT_READ && guest_page_flags(g + TARGET_PAGE_SIZE) == (PAGE_GUEST | PROT_READ),
          "mprotect_guest_memory", "%ld", r);
    CHECK(!copy_to_guest(g, code, 4) && copy_from_guest(code, g, 4), "copy_respects_guest_rights",
          "copy_to_guest wrote a read-only page");
    r = guest_munmap(g, 3 * TARGET_PAGE_SIZE);
    CHECK(r == 0 && guest_page_flags(g) == 0 && host_prot_of(g) == -1, "munmap_guest_memory", "%ld", r);
    CHECK(guest_munmap(g + 1, 10) == -EINVAL && guest_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
                                                     -EINVAL,
          "memory_syscalls_reject_bad_arguments", "accepted");
}

static void test_brk(void)
{
    /* An image end with free address space above it, as after a real load. */
    void *hole = mmap(NULL, 2ul << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    munmap(hole, 2ul << 30);
    long top = (long)(uintptr_t)hole;
    guest_brk_init(top + 100);
    long start = guest_brk(0);
    CHECK(start == top + (long)TARGET_PAGE_SIZE, "brk_starts_after_image", "%#lx vs %#lx", start, top);
    long grown = guest_brk(start + 3 * TARGET_PAGE_SIZE + 5);
    bool writable = grown == start + 3 * (long)TARGET_PAGE_SIZE + 5 &&
                    guest_range_ok(start, 4 * TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE);
    CHECK(writable, "brk_grows", "%#lx", grown);
    if (!writable)
        return;
    memset(g2h(start), 0x5a, 4 * TARGET_PAGE_SIZE);
    long shrunk = guest_brk(start + 10);
    CHECK(shrunk == start + 10 && !guest_range_ok(start + TARGET_PAGE_SIZE, 1, PROT_READ), "brk_shrinks", "%#lx",
          shrunk);
    guest_brk(start + 2 * TARGET_PAGE_SIZE);
    CHECK(*(uint8_t *)g2h(start + TARGET_PAGE_SIZE) == 0, "brk_regrows_zeroed", "old contents came back");
    CHECK(guest_brk(start - 1) == start + 2 * (long)TARGET_PAGE_SIZE && guest_brk(1ull << 46) == guest_brk(0),
          "brk_refuses_bad_values", "moved");
}

/* A minimal valid header + one PT_LOAD, then one field broken per case. */
static void make_image(Elf64_Ehdr *eh, Elf64_Phdr *ph)
{
    memset(eh, 0, sizeof(*eh));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_version = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phoff = sizeof(*eh);
    eh->e_phnum = 1;
    eh->e_entry = 0x70000000 + sizeof(*eh);
    *ph = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0, .p_vaddr = 0x70000000,
                        .p_filesz = sizeof(*eh) + sizeof(*ph), .p_memsz = 0x3000, .p_align = 4096 };
}

/* Write a minimal image with its one PT_LOAD plus a PT_INTERP naming
 * interp (the string stored after the headers, terminated if nul). */
static bool write_interp_image(const char *path, const char *interp, bool nul, uint16_t type, uint64_t vaddr)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph[2];
    make_image(&eh, &ph[0]);
    eh.e_type = type;
    eh.e_phnum = 2;
    eh.e_entry = vaddr + sizeof(eh);
    size_t len = strlen(interp) + nul;
    ph[0].p_vaddr = vaddr;
    ph[0].p_filesz = sizeof(eh) + sizeof(ph) + len;
    ph[1] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = sizeof(eh) + sizeof(ph),
                          .p_vaddr = vaddr + sizeof(eh) + sizeof(ph), .p_filesz = len, .p_memsz = len, .p_align = 1 };
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    fwrite(&eh, sizeof(eh), 1, f);
    fwrite(ph, sizeof(ph), 1, f);
    fwrite(interp, 1, len, f);
    fclose(f);
    chmod(path, 0755);
    return true;
}

/* Interpreters that are missing, badly named, found only through -L. */
static void test_interp_files(void)
{
    char prog[256], ldso[300], err[256] = "";
    ImageInfo info;
    snprintf(prog, sizeof(prog), "%s/needs_ld", tmpdir);
    write_interp_image(prog, "/nonexistent/ld.so", true, ET_EXEC, 0x70000000);
    bool ok = elf_load(prog, &info, err, sizeof(err));
    CHECK(!ok && strstr(err, "interpreter /nonexistent/ld.so: No such file") && guest_page_flags(0x70000000) == 0,
          "missing_interp", "%s", ok ? "loaded" : err);
    write_interp_image(prog, "/nonexistent/ld.so", false, ET_EXEC, 0x70000000);
    ok = elf_load(prog, &info, err, sizeof(err));
    CHECK(!ok && strstr(err, "NUL-terminated"), "interp_path_unterminated", "%s", ok ? "loaded" : err);

    /* A fake loader that exists only under the prefix. */
    char dir[300];
    snprintf(dir, sizeof(dir), "%s/prefix", tmpdir);
    mkdir(dir, 0755);
    snprintf(dir, sizeof(dir), "%s/prefix/nonexistent", tmpdir);
    mkdir(dir, 0755);
    snprintf(ldso, sizeof(ldso), "%s/prefix/nonexistent/ld.so", tmpdir);
    write_interp_image(ldso, "/x", true, ET_DYN, 0);
    write_interp_image(prog, "/nonexistent/ld.so", true, ET_EXEC, 0x70000000);
    snprintf(dir, sizeof(dir), "%s/prefix", tmpdir);
    user_options.interp_prefix = dir;
    ok = elf_load(prog, &info, err, sizeof(err));
    user_options.interp_prefix = NULL;
    CHECK(!ok && strstr(err, "asks for an interpreter itself"), "interp_with_interp", "%s", ok ? "loaded" : err);
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    make_image(&eh, &ph);
    eh.e_type = ET_DYN;
    eh.e_entry = 0x40;
    ph.p_vaddr = 0;
    FILE *f = fopen(ldso, "wb");
    fwrite(&eh, sizeof(eh), 1, f);
    fwrite(&ph, sizeof(ph), 1, f);
    fclose(f);
    user_options.interp_prefix = dir;
    ok = elf_load(prog, &info, err, sizeof(err));
    user_options.interp_prefix = NULL;
    CHECK(ok && info.interp_base && info.interp_entry == info.interp_base + 0x40 &&
              !memcmp(g2h(info.interp_base), &eh, sizeof(eh)) && info.entry == 0x70000000 + sizeof(eh),
          "interp_under_prefix", "%s", ok ? "wrong addresses" : err);
    if (ok) {
        guest_munmap(info.interp_start, info.interp_end - info.interp_start);
        guest_munmap(info.image_start, info.image_end - info.image_start);
    }
}

/* -L redirects absolute paths that exist under the prefix, never /proc
 * or relative ones; syscall arguments are redirected the same way. */
static void test_prefix_paths(void)
{
    char dir[300], out[600], file[400];
    snprintf(dir, sizeof(dir), "%s/pfx", tmpdir);
    snprintf(file, sizeof(file), "%s/etc", dir);
    mkdir(dir, 0755);
    mkdir(file, 0755);
    snprintf(file, sizeof(file), "%s/etc/only-here", dir);
    fclose(fopen(file, "w"));
    snprintf(file, sizeof(file), "%s/proc", dir);
    mkdir(file, 0755);
    user_options.interp_prefix = dir;
    bool found = prefix_path("/etc/only-here", out, sizeof(out));
    CHECK(found && !strncmp(out, dir, strlen(dir)) && !strcmp(out + strlen(dir), "/etc/only-here"),
          "prefix_redirects_existing", "%s", found ? out : "not redirected");
    CHECK(!prefix_path("/etc/not-there", out, sizeof(out)) && !prefix_path("etc/only-here", out, sizeof(out)) &&
              !prefix_path("/proc", out, sizeof(out)) && !prefix_path("/", out, sizeof(out)),
          "prefix_leaves_others", "redirected %s", out);
    long page = guest_mmap(0, TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *guest_path = g2h(page);
    strcpy(guest_path, "/etc/only-here");
    uint64_t args[6] = { AT_FDCWD, (uint64_t)(uintptr_t)guest_path };
    char buf[600];
    prefix_syscall_path(SYS_openat, args, buf, sizeof(buf));
    uint64_t args2[6] = { (uint64_t)(uintptr_t)guest_path };
    prefix_syscall_path(SYS_write, args2, buf, sizeof(buf));
    CHECK(args[1] == (uint64_t)(uintptr_t)buf && args2[0] == (uint64_t)(uintptr_t)guest_path,
          "prefix_syscall_arguments", "openat %s, write %s", args[1] == (uint64_t)(uintptr_t)buf ? "ok" : "missed",
          args2[0] == (uint64_t)(uintptr_t)guest_path ? "ok" : "rewritten");
    guest_munmap(page, TARGET_PAGE_SIZE);
    user_options.interp_prefix = NULL;
}

/* The guest's loader variables cross execve renamed and come back. */
static void test_loader_variables(void)
{
    char *env[] = { strdup("A=1"), strdup("LD_PRELOAD=/x.so"), strdup("GLIBC_TUNABLES=t=1"), strdup("OLD_LD=2"),
                    NULL };
    hide_loader_variables(env);
    bool hidden = !strcmp(env[0], "A=1") && strncmp(env[1], "LD_", 3) && strstr(env[1], "LD_PRELOAD=/x.so") &&
                  strncmp(env[2], "GLIBC_", 6) && !strcmp(env[3], "OLD_LD=2");
    char *copy[5];
    memcpy(copy, env, sizeof(copy));
    reveal_loader_variables(copy);
    CHECK(hidden && !strcmp(copy[1], "LD_PRELOAD=/x.so") && !strcmp(copy[2], "GLIBC_TUNABLES=t=1") &&
              !strcmp(copy[0], "A=1") && !strcmp(copy[3], "OLD_LD=2"),
          "loader_variables_round_trip", "%s %s", copy[1], copy[2]);
    for (int i = 0; env[i]; i++)
        free(env[i]);
}

/* Load the image after breaking field number which; expect a failure whose
 * reason contains want (want NULL: expect success). */
static void try_image(const char *name, int which, size_t len, const char *want)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph;
    make_image(&eh, &ph);
    switch (which) {
    case 1: eh.e_ident[EI_CLASS] = ELFCLASS32; break;
    case 2: eh.e_machine = EM_AARCH64; break;
    case 3: eh.e_ident[EI_DATA] = ELFDATA2MSB; break;
    case 4: eh.e_phoff = 0x7fffffffffffffc0ull; break;
    case 5: eh.e_phentsize = 32; break;
    case 6: ph.p_offset = 1ull << 40; break;
    case 7: ph.p_filesz = 0x4000; break;
    case 8: ph.p_vaddr = 0xfffffffffffff000ull; break;
    case 9: ph.p_type = PT_INTERP; break;
    case 10: eh.e_type = ET_REL; break;
    case 11: ph.p_align = 3000; break;
    case 12: eh.e_ident[1] = 'X'; break;
    case 13: ph.p_vaddr = 0x70000010; break;
    }
    uint8_t img[sizeof(eh) + sizeof(ph)];
    memcpy(img, &eh, sizeof(eh));
    memcpy(img + sizeof(eh), &ph, sizeof(ph));
    char path[256], err[256] = "";
    snprintf(path, sizeof(path), "%s/bad", tmpdir);
    FILE *f = fopen(path, "wb");
    fwrite(img, 1, len < sizeof(img) ? len : sizeof(img), f);
    fclose(f);
    chmod(path, 0755);
    ImageInfo info;
    bool ok = elf_load(path, &info, err, sizeof(err));
    if (!want) {
        CHECK(ok && !memcmp(g2h(0x70000000), img, sizeof(img)), name, "%s", ok ? "wrong bytes" : err);
        if (ok)
            guest_munmap(0x70000000, 0x3000);
    } else {
        CHECK(!ok && strstr(err, want), name, "%s (wanted '%s')", ok ? "loaded" : err, want);
    }
}

static void test_bad_files(void)
{
    size_t full = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
    try_image("minimal_image_loads", 0, full, NULL);
    try_image("empty_file", 0, 0, "empty");
    try_image("truncated_header", 0, 40, "truncated");
    try_image("truncated_phdrs", 0, full - 8, "outside the file");
    try_image("class32", 1, full, "32-bit");
    try_image("wrong_machine", 2, full, "machine");
    try_image("big_endian", 3, full, "big-endian");
    try_image("phoff_overflow", 4, full, "outside the file");
    try_image("bad_phentsize", 5, full, "program header size");
    try_image("segment_offset_outside", 6, full, "outside the file");
    try_image("filesz_above_memsz", 7, full, "exceeds memory size");
    try_image("vaddr_overflow", 8, full, "out of range");
    try_image("no_load_segment", 9, full, "no loadable segments");
    try_image("relocatable_object", 10, full, "not an executable");
    try_image("align_not_pow2", 11, full, "power of two");
    try_image("bad_magic", 12, full, "not an ELF");
    try_image("offset_vaddr_mismatch", 13, full, "modulo the page size");
    char err[256];
    ImageInfo info;
    CHECK(!elf_load("/nonexistent/prog", &info, err, sizeof(err)) && strstr(err, "No such file"), "missing_file",
          "%s", err);
    CHECK(!elf_load("/tmp", &info, err, sizeof(err)) && strstr(err, "Is a directory"), "directory", "%s", err);
}

/* A file mapping past the end of its file raises SIGBUS: tern's own
 * copies of guest memory must report failure instead of dying. */
static void test_guarded_copies(void)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/short", tmpdir);
    FILE *f = fopen(path, "w");
    fputs("short file", f);
    fclose(f);
    FILE *rf = fopen(path, "r");
    long g = guest_mmap(0, 2 * TARGET_PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fileno(rf), 0);
    fclose(rf);
    char buf[16] = "";
    CHECK(g > 0 && copy_from_guest(buf, g, 10) && !memcmp(buf, "short file", 10), "copy_from_file_mapping",
          "%ld", g);
    CHECK(!copy_from_guest(buf, g + TARGET_PAGE_SIZE, 8) && !guest_code_read(NULL, g + TARGET_PAGE_SIZE, buf, 8),
          "copy_past_eof_fails_cleanly", "copied bytes past the end of the file");
    CHECK(copy_string_from_guest(buf, g, sizeof(buf)) == 10 && copy_string_from_guest(buf, g + TARGET_PAGE_SIZE, 8) == -1,
          "string_copy_stops_at_eof", "string copy wrong");
    guest_munmap(g, 2 * TARGET_PAGE_SIZE);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!mkdtemp(tmpdir)) {
        printf("FAIL setup: mkdtemp\n");
        return 1;
    }
    test_program("static", "-static", ET_EXEC);
    test_program("static_pie", "-static-pie -fPIE", ET_DYN);
    test_program("dynamic_pie", "-fPIE -pie", ET_DYN);
    test_program("dynamic", "-fno-pie -no-pie -Wl,-Ttext-segment=0x78000000", ET_EXEC);
    test_interp_files();
    test_prefix_paths();
    test_loader_variables();
    test_memory_ownership();
    test_brk();
    test_bad_files();
    signal_init();
    test_guarded_copies();
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", tmpdir);
    return failures != 0;
}
