/* host_maps.c — the file mappings of this process as the host kernel
 * lists them in /proc/self/maps.
 *
 * Guest addresses are host addresses, so a file the guest maps (ld.so
 * mapping libc.so.6, a program mapping a data file) is a host file
 * mapping at the same address: the host knows its offset, device, inode
 * and path, which the guest's /proc/self/maps (procfs.c) should show.
 * Only file mappings are kept: anonymous host mappings say nothing the
 * guest memory map does not know better. */
#define _GNU_SOURCE
#include "user/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_line(const char *line, HostFileMap *m)
{
    unsigned long long start, end, offset;
    unsigned long inode;
    char perms[8], dev[16];
    int path_at = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %15s %lu %n", &start, &end, perms, &offset, dev, &inode, &path_at) != 6 ||
        !path_at || line[path_at] != '/')
        return false;
    *m = (HostFileMap){ .start = start, .end = end, .offset = offset, .inode = inode, .shared = perms[3] == 's' };
    snprintf(m->dev, sizeof(m->dev), "%s", dev);
    m->path = strndup(line + path_at, strcspn(line + path_at, "\n"));
    return m->path != NULL;
}

void host_file_maps_read(HostFileMaps *maps)
{
    *maps = (HostFileMaps){ 0 };
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0, room = 0;
    while (getline(&line, &cap, f) > 0) {
        HostFileMap m;
        if (!parse_line(line, &m))
            continue;
        if (maps->n == room) {
            HostFileMap *v = realloc(maps->v, (room = room ? room * 2 : 64) * sizeof(*v));
            if (!v) {
                free(m.path);
                break;
            }
            maps->v = v;
        }
        maps->v[maps->n++] = m;
    }
    free(line);
    fclose(f);
}

void host_file_maps_free(HostFileMaps *maps)
{
    for (size_t i = 0; i < maps->n; i++)
        free(maps->v[i].path);
    free(maps->v);
    *maps = (HostFileMaps){ 0 };
}

const HostFileMap *host_file_map_at(const HostFileMaps *maps, uint64_t addr)
{
    for (size_t i = 0; i < maps->n; i++)
        if (addr >= maps->v[i].start && addr < maps->v[i].end)
            return &maps->v[i];
    return NULL;
}

uint64_t host_file_map_boundary_after(const HostFileMaps *maps, uint64_t addr)
{
    uint64_t next = UINT64_MAX;
    for (size_t i = 0; i < maps->n; i++) {
        if (maps->v[i].start > addr && maps->v[i].start < next)
            next = maps->v[i].start;
        if (maps->v[i].end > addr && maps->v[i].end < next)
            next = maps->v[i].end;
    }
    return next;
}
