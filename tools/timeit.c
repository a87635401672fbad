/* timeit.c - times short runs that /usr/bin/time cannot (its wall clock
 * counts in hundredths of a second; a city's run takes a few of them).
 *   timeit RUNS DIR CMD... [::: CMD...]...
 * Runs each command RUNS times, the commands in turn (so a change in the
 * machine's load falls on all of them alike). Every "{}" argument becomes
 * a folder that no run used before, DIR/run-K (fresh output, as a cron run
 * has; the folders are left for the caller to remove, never right before
 * a timed run). Prints, per command: the median and lowest wall time in
 * milliseconds (CLOCK_MONOTONIC around fork and wait), the median CPU
 * time (user + system of the process and the children it waited for) and
 * the largest peak RSS of one process (wait4's ru_maxrss: the command's
 * own process, which for tablero is the largest). Exit 1 when a run
 * failed or the arguments are wrong. Not a test: figures for make bench. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

typedef struct cmd {
    char **argv;   /* points into main's argv; "{}" slots are rewritten */
    int argc;
    double *wall, *cpu;
    long maxrss;
} cmd;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run of c with its "{}" arguments set to dir. Returns 0 or -1. */
static int run_once(cmd *c, char *const *orig, const char *dir, int k)
{
    char *args[256];
    for (int i = 0; i < c->argc && i < 255; i++)
        args[i] = strcmp(orig[i], "{}") ? orig[i] : (char *)dir;
    args[c->argc < 255 ? c->argc : 255] = NULL;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(127);
        execvp(args[0], args);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) return -1;
    c->wall[k] = now_ms() - t0;
    c->cpu[k] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    if (ru.ru_maxrss > c->maxrss) c->maxrss = ru.ru_maxrss;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "uso: timeit RUNS DIR CMD... [::: CMD...]\n");
        return 1;
    }
    int runs = atoi(argv[1]);
    const char *dir = argv[2];
    if (runs < 1 || runs > 100000) return 1;
    cmd cmds[MAX_CMDS];
    int n = 0;
    for (int i = 3; i < argc && n < MAX_CMDS;) {
        int j = i;
        while (j < argc && strcmp(argv[j], ":::")) j++;
        if (j > i) {
            cmds[n].argv = &argv[i];
            cmds[n].argc = j - i;
            cmds[n].wall = calloc((size_t)runs, sizeof(double));
            cmds[n].cpu = calloc((size_t)runs, sizeof(double));
            cmds[n].maxrss = 0;
            if (!cmds[n].wall || !cmds[n].cpu) return 1;
            n++;
        }
        i = j + 1;
    }
    int bad = 0, serial = 0;
    char path[4096];
    for (int k = 0; k < runs && !bad; k++)
        for (int c = 0; c < n && !bad; c++) {
            snprintf(path, sizeof path, "%s/run-%d", dir, ++serial);
            if (run_once(&cmds[c], cmds[c].argv, path, k)) {
                fprintf(stderr, "timeit: falló la corrida %d de la orden %d\n", k + 1, c + 1);
                bad = 1;
            }
        }
    for (int c = 0; c < n && !bad; c++) {
        double low = cmds[c].wall[0];
        for (int k = 1; k < runs; k++)
            if (cmds[c].wall[k] < low) low = cmds[c].wall[k];
        printf("%d corridas: pared mediana %.1f ms (mínima %.1f), CPU mediana %.1f ms, memoria máxima %.1f MiB\n",
               runs, median(cmds[c].wall, runs), low, median(cmds[c].cpu, runs),
               cmds[c].maxrss / 1024.0);
    }
    for (int c = 0; c < n; c++) {
        free(cmds[c].wall);
        free(cmds[c].cpu);
    }
    return bad;
}
