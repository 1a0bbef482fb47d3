/* loadgen SCENARIO 127.0.0.1:PORT [--connections N] [--size BYTES] [--window N] [--warmup S] [--seconds S]
 *
 * Scenarios: connrate, pingpong, windowed (pipelined and stream), udp, idle. Prints "measuring" when the measured
 * window opens and "measured" when it closes (the benchmark samples the server at both), then one line
 * "result key=value ...": operations, bytes and errors in the window, its length, latency p50/p99 and the client's
 * own CPU time in it (getrusage; all times in ns), so that the client's cost per operation can be shown beside the
 * server's; "error=" comes last and runs to the end of the line. */
#include "loadgen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

#define NS 1000000000ULL
#define GRACE_NS (10 * NS)

uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * NS + (uint64_t)t.tv_nsec;
}

int in_window(const run_t *run, uint64_t at) { return at >= run->window_start && at < run->window_end; }

/* Errors in the warm-up are not counted, as its operations are not; the first counted one is kept for the report. */
void fail(run_t *run, const char *what, int err) {
    run->errors_total++;
    if (run->phase == WARMING)
        return;
    run->errors++;
    if (!run->first_error[0])
        snprintf(run->first_error, sizeof run->first_error, "%s%s%s", what, err ? ": " : "", err ? strerror(err) : "");
}

void watch(run_t *run, int fd, uint32_t events, void *owner) {
    struct epoll_event ev = {.events = events, .data.ptr = owner};
    if (epoll_ctl(run->epoll, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
        epoll_ctl(run->epoll, EPOLL_CTL_ADD, fd, &ev);
}

static int hist_index(long long nanos) {
    if (nanos < HIST_SUB)
        return (int)nanos;
    int msb = 63 - __builtin_clzll((unsigned long long)nanos);
    int group = msb - HIST_SUB_BITS + 1;
    if (group > HIST_GROUPS)
        return (HIST_GROUPS + 1) * HIST_SUB - 1;
    return group * HIST_SUB + (int)((nanos >> (msb - HIST_SUB_BITS)) - HIST_SUB);
}

static long long hist_lower(int index) {
    int group = index / HIST_SUB, rest = index % HIST_SUB;
    return group == 0 ? rest : (long long)(HIST_SUB + rest) << (group - 1);
}

void hist_record(hist_t *h, long long nanos) {
    h->counts[hist_index(nanos < 0 ? 0 : nanos)]++;
    h->n++;
}

long long hist_percentile(const hist_t *h, double percentile) {
    if (h->n == 0)
        return -1;
    long long rank = (long long)(h->n * percentile / 100.0 + 0.999999), seen = 0;
    if (rank < 1)
        rank = 1;
    for (int i = 0; i < (HIST_GROUPS + 1) * HIST_SUB; i++) {
        seen += h->counts[i];
        if (seen >= rank)
            return (hist_lower(i) + hist_lower(i + 1)) / 2;
    }
    return hist_lower((HIST_GROUPS + 1) * HIST_SUB);
}

double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static void usage(const char *why) {
    fprintf(stderr, "loadgen: %s\nusage: loadgen connrate|pingpong|windowed|udp|idle 127.0.0.1:PORT "
                    "[--connections N] [--size BYTES] [--window N] [--warmup S] [--seconds S]\n", why);
    exit(2);
}

static void parse(run_t *run, int argc, char **argv) {
    if (argc < 3)
        usage("a scenario and a server address are required");
    run->scenario = argv[1];
    char host[64];
    int port;
    if (sscanf(argv[2], "%63[^:]:%d", host, &port) != 2 || port <= 0 || port > 65535)
        usage("the address must be HOST:PORT");
    run->server.sin_family = AF_INET;
    run->server.sin_port = htons((uint16_t)port);
    /* The same rule as Loopback.Require: this program never sends load off the machine. */
    if (inet_pton(AF_INET, host, &run->server.sin_addr) != 1 || (ntohl(run->server.sin_addr.s_addr) >> 24) != 127)
        usage("only IPv4 loopback addresses (127.x.x.x) are accepted");
    run->connections = 16, run->size = 64, run->window = 1, run->warmup_s = 1, run->measured_s = 3;
    for (int i = 3; i + 1 < argc; i += 2) {
        const char *key = argv[i], *value = argv[i + 1];
        if (!strcmp(key, "--connections")) run->connections = atoi(value);
        else if (!strcmp(key, "--size")) run->size = atoi(value);
        else if (!strcmp(key, "--window")) run->window = atoi(value);
        else if (!strcmp(key, "--warmup")) run->warmup_s = atof(value);
        else if (!strcmp(key, "--seconds")) run->measured_s = atof(value);
        else usage("unknown option");
    }
    if (run->connections < 1 || run->size < 8 || run->window < 1 || run->warmup_s < 0 || run->measured_s <= 0)
        usage("--connections and --window must be at least 1, --size at least 8, --seconds above 0");
}

/* Opens and closes the measured window on time, noting the client's CPU at both edges. */
static void advance(run_t *run, uint64_t now) {
    static double cpu_at_start;
    if (run->phase == WARMING && now >= run->window_start) {
        run->phase = MEASURING;
        cpu_at_start = cpu_seconds();
        printf("measuring\n");
        fflush(stdout);
    }
    if (run->phase == MEASURING && now >= run->window_end) {
        run->phase = STOPPING;
        run->cpu_window_s = cpu_seconds() - cpu_at_start;
        printf("measured\n");
        fflush(stdout);
    }
}

static void report(const run_t *run) {
    printf("result ops=%lld seconds_ns=%lld bytes=%lld errors=%lld p50_ns=%lld p99_ns=%lld cpu_ns=%lld "
           "sent=%lld lost=%lld bytes_sent=%lld bytes_received=%lld unfinished=%d error=%s\n",
           run->ops, (long long)(run->measured_s * NS), run->bytes, run->errors, hist_percentile(&run->latency, 50),
           hist_percentile(&run->latency, 99), (long long)(run->cpu_window_s * NS), run->sent, run->lost,
           run->bytes_sent, run->bytes_received, run->open, run->first_error);
    fflush(stdout);
}

int main(int argc, char **argv) {
    static run_t run;
    parse(&run, argc, argv);
    int udp = !strcmp(run.scenario, "udp");
    if (!udp && strcmp(run.scenario, "connrate") && strcmp(run.scenario, "pingpong") &&
        strcmp(run.scenario, "windowed") && strcmp(run.scenario, "idle"))
        usage("unknown scenario");
    run.epoll = epoll_create1(0);
    run.started = now_ns();
    run.window_start = run.started + (uint64_t)(run.warmup_s * NS);
    run.window_end = run.window_start + (uint64_t)(run.measured_s * NS);
    run.hard_deadline = run.window_end + GRACE_NS;
    if (!strcmp(run.scenario, "idle")) {
        int status = idle_run(&run);
        report(&run);
        return status;
    }
    if (udp)
        udp_start(&run);
    else
        tcp_start(&run);
    struct epoll_event events[256];
    for (;;) {
        uint64_t now = now_ns();
        advance(&run, now);
        if (run.phase == STOPPING && (run.open == 0 || now >= run.hard_deadline))
            break;
        if (udp)
            udp_tick(&run);
        else
            tcp_tick(&run);
        int n = epoll_wait(run.epoll, events, 256, 2);
        for (int i = 0; i < n; i++) {
            if (udp)
                udp_event(&run, events[i].data.ptr, events[i].events);
            else
                tcp_event(&run, events[i].data.ptr, events[i].events);
        }
    }
    run.errors += run.open;
    if (run.open > 0 && !run.first_error[0])
        snprintf(run.first_error, sizeof run.first_error, "%d connections had not finished 10 s after the window",
                 run.open);
    report(&run);
    return 0;
}
