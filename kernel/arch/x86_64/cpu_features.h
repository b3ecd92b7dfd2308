/* cpu_features.h — SSE for user code, SMEP, SMAP and UMIP for the kernel. */
#ifndef RINGLAB_CPU_FEATURES_H
#define RINGLAB_CPU_FEATURES_H

void cpu_features_init(void);

#endif
