/* Makes system calls through the i386 (int 0x80) and x32 ABIs, which a
 * native-only filter would not see. Reaching the end means the calls ran. */
#include <unistd.h>
#include "common.h"

int main(void)
{
    long ret;
#if defined(__x86_64__)
    /* i386 getpid is 20 */
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
    printf("int 0x80 getpid returned %ld\n", ret);
    if (ret > 0)
        won("i386 ABI syscall");
    /* x32 getpid: 39 | 0x40000000 */
    __asm__ volatile("syscall" : "=a"(ret) : "a"(39L | 0x40000000L)
                     : "rcx", "r11", "memory");
    printf("x32 getpid returned %ld\n", ret);
    if (ret > 0)
        won("x32 ABI syscall");
#endif
    return verdict();
}
