/* argv (from env_argv.args) and selected environment variables set by the
 * harness, plus auxv page size: what the loader hands to a new process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] = [%s] len %zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL %d\n", argv[argc] == NULL);
    const char *base = strrchr(argv[0], '/');
    printf("argv[0] basename %s\n", base ? base + 1 : argv[0]);
    const char *vars[] = {"TERN_GUEST_VAR", "TERN_GUEST_EMPTY", "TERN_GUEST_UNSET"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        printf("%s = %s\n", vars[i], v ? v : "(unset)");
    }
    setenv("TERN_GUEST_NEW", "set inside", 1);
    printf("setenv then getenv: %s\n", getenv("TERN_GUEST_NEW"));
    unsetenv("TERN_GUEST_VAR");
    printf("after unsetenv: %s\n", getenv("TERN_GUEST_VAR") ? "still set" : "gone");
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_RANDOM present %d\n", getauxval(AT_RANDOM) != 0);
    return 0;
}
