/*
 * How much CPU does it cost to bring a classic pcap file's records into a process, by read(2) or
 * by mmap(2) in sliding windows? Walks every record header (and the first cache line of each
 * packet) the way the capture reader does, then prints user and system time and minor faults.
 *
 *   cc -O2 -o /tmp/read-vs-mmap Benchmarks/read-vs-mmap.c
 *   /tmp/read-vs-mmap FILE read KIB                     read(2) into a KIB buffer
 *   /tmp/read-vs-mmap FILE map KIB [FLAG] [AHEAD]       KIB windows, unmapped behind the reader
 *
 * FLAG: none, populate (MAP_POPULATE), popread (madvise MADV_POPULATE_READ, Linux >= 5.14),
 * willneed (MADV_WILLNEED), sequential (MADV_SEQUENTIAL). AHEAD: prefetch every cache line this
 * many bytes ahead of the current record (0: none). HUGE=1 in the environment gives the read
 * buffer MADV_HUGEPAGE. Compare modes with Benchmarks/cpu-times.py (interleaved rounds, medians).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

static uint64_t sink;
static size_t ahead;

static uint32_t load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Walks the whole records in [p, p + n); returns the bytes they take. */
static size_t walk(const uint8_t *p, size_t n, uint64_t *packets) {
    size_t o = 0, prefetched = 0;
    while (o + 16 <= n) {
        if (ahead) {
            size_t target = o + ahead < n ? o + ahead : n;
            if (prefetched < o) prefetched = o;
            for (; prefetched < target; prefetched += 64) __builtin_prefetch(p + prefetched);
        }
        uint32_t captured = load32(p + o + 8);
        if (o + 16 + captured > n) break;
        sink += load32(p + o) + captured + (captured ? p[o + 16] : 0);
        o += 16 + captured;
        (*packets)++;
    }
    return o;
}

static double ms(struct timeval t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; }

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s FILE read|map KIB [FLAG] [AHEAD]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[2], *flag = argc > 4 ? argv[4] : "none";
    size_t window = (size_t)atol(argv[3]) << 10;
    ahead = argc > 5 ? (size_t)atol(argv[5]) : 0;
    int fd = open(argv[1], O_RDONLY);
    struct stat info;
    if (fd < 0 || fstat(fd, &info) != 0) { perror(argv[1]); return 1; }
    size_t size = (size_t)info.st_size;
    uint64_t packets = 0;
    if (!strcmp(mode, "read")) {
        size_t slack = 256 << 10, total = slack + window;
        uint8_t *buffer;
        if (getenv("HUGE")) {
            size_t huge = (total + (2 << 20) - 1) & ~(size_t)((2 << 20) - 1);
            buffer = aligned_alloc(2 << 20, huge);
            madvise(buffer, huge, MADV_HUGEPAGE);
            memset(buffer, 0, huge);
        } else {
            buffer = aligned_alloc(4096, total);
        }
        size_t left = 0, skip = 24; /* the file header */
        for (;;) {
            ssize_t count = read(fd, buffer + slack, window);
            if (count <= 0) break;
            uint8_t *from = buffer + slack - left;
            size_t n = left + (size_t)count, used = skip;
            skip = 0;
            used += walk(from + used, n - used, &packets);
            left = n - used;
            memmove(buffer + slack - left, from + used, left);
        }
    } else {
        size_t position = 24, page = (size_t)sysconf(_SC_PAGESIZE);
        int flags = MAP_PRIVATE | (!strcmp(flag, "populate") ? MAP_POPULATE : 0);
        while (position < size) {
            size_t start = position & ~(page - 1), length = window < size - start ? window : size - start;
            uint8_t *map = mmap(NULL, length, PROT_READ, flags, fd, (off_t)start);
            if (map == MAP_FAILED) { perror("mmap"); return 1; }
            if (!strcmp(flag, "popread")) madvise(map, length, MADV_POPULATE_READ);
            if (!strcmp(flag, "willneed")) madvise(map, length, MADV_WILLNEED);
            if (!strcmp(flag, "sequential")) madvise(map, length, MADV_SEQUENTIAL);
            size_t used = walk(map + (position - start), length - (position - start), &packets);
            munmap(map, length);
            if (used == 0) break;
            position += used;
        }
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("%s %zu KiB %s ahead %zu: %llu packets, user %.0f ms, sys %.0f ms, total %.0f ms, %ld minor faults\n",
           mode, window >> 10, flag, ahead, (unsigned long long)packets, ms(usage.ru_utime), ms(usage.ru_stime),
           ms(usage.ru_utime) + ms(usage.ru_stime), usage.ru_minflt);
    return sink == 42;
}
