#ifndef CPAICHA_SUPPORT_H
#define CPAICHA_SUPPORT_H

/// Asks the processor to bring the cache line at `address` in for reading soon. A hint only: it never faults,
/// whatever the address, and changes no result.
static inline void paicha_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
