// What the CPU can run, from CPUID and XGETBV directly (no runtime library needed), so the engine can
// pick the widest kernels at run time. An instruction set counts only when the OS also saves its
// registers (the XCR0 bits), as a virtual machine may hide them.
#include "CPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

static unsigned long long digits_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static int digits_os_saves(unsigned long long mask) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 27))) return 0;  // OSXSAVE: XGETBV usable
    return (digits_xcr0() & mask) == mask;
}

int digits_cpu_has_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int fma = (ecx >> 12) & 1, avx = (ecx >> 28) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int avx2 = (ebx >> 5) & 1;
    return fma && avx && avx2 && digits_os_saves(0x6);  // XMM and YMM state
}

int digits_cpu_has_avx512(void) {
    if (!digits_cpu_has_avx2_fma()) return 0;
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    unsigned int needed = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);  // F DQ CD BW VL
    return (ebx & needed) == needed && digits_os_saves(0xE6);  // opmask, ZMM0-15 upper, ZMM16-31
}
#else
int digits_cpu_has_avx2_fma(void) { return 0; }
int digits_cpu_has_avx512(void) { return 0; }
#endif
