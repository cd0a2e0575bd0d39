/* exec_env.c — keep the guest's dynamic-loader variables away from tern's
 * own loader across execve.
 *
 * A guest execve starts a new tern, itself a dynamically linked host
 * program: LD_PRELOAD, LD_LIBRARY_PATH, LD_TRACE_LOADED_OBJECTS (ldd),
 * LD_SHOW_AUXV, GLIBC_TUNABLES... in the guest's environment would be
 * obeyed by the host's ld.so for tern (ldd would list tern's libraries).
 * So they cross the execve renamed with a marker prefix, in place (the
 * environment's order is visible to the guest), and the new tern gives
 * them back their names before the guest sees its environment. */
#define _GNU_SOURCE
#include "user/user.h"

#include <stdlib.h>
#include <string.h>

#define HIDDEN_PREFIX "TERN_GUEST_HIDDEN_"

static bool read_by_host_loader(const char *var)
{
    return !strncmp(var, "LD_", 3) || !strncmp(var, "GLIBC_TUNABLES=", 15);
}

char **hide_loader_variables(char **envp)
{
    for (size_t i = 0; envp && envp[i]; i++) {
        if (!read_by_host_loader(envp[i]))
            continue;
        char *renamed = malloc(strlen(HIDDEN_PREFIX) + strlen(envp[i]) + 1);
        if (!renamed)
            continue;
        strcpy(renamed, HIDDEN_PREFIX);
        strcat(renamed, envp[i]);
        free(envp[i]);
        envp[i] = renamed;
    }
    return envp;
}

void reveal_loader_variables(char **envp)
{
    size_t n = strlen(HIDDEN_PREFIX);
    for (size_t i = 0; envp && envp[i]; i++)
        if (!strncmp(envp[i], HIDDEN_PREFIX, n))
            envp[i] += n;
}
