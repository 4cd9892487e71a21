#ifndef DIGITS_CPU_FEATURES_H
#define DIGITS_CPU_FEATURES_H

/// 1 when the CPU and the operating system support AVX2 and FMA3 (x86-64 only; 0 elsewhere).
int digits_cpu_has_avx2_fma(void);

/// 1 when the CPU and the operating system support AVX-512 F, CD, BW, DQ and VL (x86-64 only).
int digits_cpu_has_avx512(void);

#endif
