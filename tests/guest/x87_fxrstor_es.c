/* fxrstor replaces the x87 control and status words wholesale: the status
 * word's ES/B summary must then say whether an unmasked exception is
 * flagged (read back with the non-waiting fnstsw). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t area[512] __attribute__((aligned(16)));

static unsigned restore_and_read(uint16_t fcw, uint16_t fsw)
{
    unsigned short sw;
    __asm__ volatile("fninit\n\tfxsave %0" : "=m"(area));
    memcpy(area + 0, &fcw, 2);
    memcpy(area + 2, &fsw, 2);
    __asm__ volatile("fxrstor %1\n\tfnstsw %0\n\tfninit" : "=a"(sw) : "m"(area));
    return sw;
}

int main(void)
{
    printf("IE flagged, masked:     %#06x\n", restore_and_read(0x37f, 0x0001));
    printf("IE flagged, unmasked:   %#06x\n", restore_and_read(0x37e, 0x0001));
    printf("ZE flagged, unmasked:   %#06x\n", restore_and_read(0x37b, 0x0004));
    printf("ES set, nothing pending:%#06x\n", restore_and_read(0x37f, 0x8080));
    return 0;
}
