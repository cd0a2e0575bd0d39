/* fuzz_loader.c — libFuzzer harness: arbitrary files through tern's ELF
 * loader.
 *
 * The input becomes an executable memfd.  elf_check validates it without
 * mapping anything; a file it accepts is then loaded for real (elf_load:
 * segments read into fresh guest mappings, the interpreter it names loaded
 * too) and unmapped again, and its initial stack is built.  No crash, hang
 * or sanitizer report is allowed, and a file that passes elf_check must
 * either load or fail with a reason. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user/user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void unmap_image(const ImageInfo *info)
{
    if (info->image_end > info->image_start)
        guest_munmap(info->image_start, info->image_end - info->image_start);
    if (info->interp_end > info->interp_start)
        guest_munmap(info->interp_start, info->interp_end - info->interp_start);
    if (info->stack_top > info->stack_limit)
        guest_munmap(info->stack_limit - TARGET_PAGE_SIZE, info->stack_top - info->stack_limit + TARGET_PAGE_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-elf", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size || fchmod(fd, 0755) != 0) {
        close(fd);
        return 0;
    }
    char path[64], err[512] = "";
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    if (elf_check(path, err, sizeof(err))) {
        ImageInfo info;
        memset(&info, 0, sizeof(info));
        if (elf_load(path, &info, err, sizeof(err))) {
            char *argv[] = { "prog", NULL }, *envp[] = { "A=1", NULL };
            StackParams sp = { .argc = 1, .argv = argv, .envp = envp, .execfn = "prog", .stack_size = 1 << 20 };
            elf_setup_stack(&info, &sp, err, sizeof(err));
            unmap_image(&info);
            free((char *)info.interp_path); /* tern keeps it for the process's life */
        } else if (!err[0]) {
            abort(); /* a refusal must say why */
        }
    } else if (!err[0]) {
        abort();
    }
    close(fd);
    return 0;
}
