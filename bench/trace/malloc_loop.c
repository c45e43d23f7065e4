/* SPDX-License-Identifier: Apache-2.0 */
/* Times malloc(64)+free pairs in rounds of 200,000, one line per round, a second apart; for uprobe_cost.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int rounds = atoi(argv[1]);
    printf("READY %d\n", getpid()); fflush(stdout);
    for (int r = 0; r < rounds; r++) {
        struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < 200000; i++) { void *volatile p = malloc(64); free(p); }
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("%.1f ns per malloc+free\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 200000.0); fflush(stdout);
        sleep(1);
    }
    return 0;
}
