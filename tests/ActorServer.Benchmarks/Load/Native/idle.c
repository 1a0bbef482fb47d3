/* idle: warm-up batches of up to 512 connections greeted and closed, another as long as the benchmark answers "more"
 * (until the server's JIT has settled, as every other scenario warms a server); then CONNECTIONS opened (256 at a time) and each
 * greeted with an 8-byte echo, timed until the last; then every held connection must echo once more.
 * Between the steps it prints "warmed" and "held N" and waits for a line on stdin, so that the benchmark can let the
 * server settle and sample its memory at those points. The result's seconds are the time to accept them all. */
#include "loadgen.h"

#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#define NS 1000000000ULL
#define CONCURRENCY 256

static int active, answered, unanswered, recording;

void idle_greeted(run_t *run, conn_t *c, int ok) {
    active--;
    if (!ok) {
        unanswered++;
        return;
    }
    answered++;
    if (recording)
        hist_record(&run->latency, (long long)(now_ns() - c->op_start));
}

/* Greets connections [0, count), CONCURRENCY at a time, opening each first when asked to. */
static void greet_all(run_t *run, int count, int concurrency, int open_first, uint64_t deadline) {
    conn_t *conns = tcp_connections();
    struct epoll_event events[256];
    int next = 0;
    active = answered = unanswered = 0;
    while ((next < count || active > 0) && now_ns() < deadline) {
        while (active < concurrency && next < count) {
            conn_t *c = &conns[next++];
            if (open_first)
                conn_open(run, c);
            if (c->fd < 0) {
                unanswered++;
                continue;
            }
            active++;
            if (!open_first)
                conn_greet(run, c);
        }
        int n = epoll_wait(run->epoll, events, 256, 2);
        for (int i = 0; i < n; i++)
            tcp_event(run, events[i].data.ptr, events[i].events);
    }
    unanswered += active; /* still waiting at the deadline */
}

/* Waits for the benchmark's answer; true when it is "more". */
static int await_line(void) {
    char line[64];
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) {
        clearerr(stdin);
        return 0;
    }
    return strncmp(line, "more", 4) == 0;
}

int idle_run(run_t *run) {
    tcp_start(run);
    run->phase = MEASURING; /* every failure counts */
    uint64_t deadline = now_ns() + 120 * NS;
    int warm = run->connections < 512 ? run->connections : 512;
    do {
        greet_all(run, warm, 64, 1, deadline);
        for (int i = 0; i < warm; i++)
            conn_close(run, &tcp_connections()[i]);
        printf("warmed\n");
    } while (await_line() && now_ns() < deadline);

    double cpu_before = cpu_seconds();
    uint64_t start = now_ns();
    recording = 1;
    greet_all(run, run->connections, CONCURRENCY, 1, deadline);
    recording = 0;
    run->measured_s = (double)(now_ns() - start) / NS;
    run->cpu_window_s = cpu_seconds() - cpu_before;
    int held = answered, failed = unanswered;
    printf("held %d\n", held);
    await_line();

    greet_all(run, run->connections, CONCURRENCY, 0, deadline);
    int silent = unanswered - failed; /* those that failed to open are counted once */
    run->ops = held, run->sent = held, run->lost = silent;
    run->errors = failed + silent;
    if (silent > 0 && !run->first_error[0])
        snprintf(run->first_error, sizeof run->first_error, "%d idle connections no longer echoed", silent);
    for (int i = 0; i < run->connections; i++)
        conn_close(run, &tcp_connections()[i]);
    run->phase = STOPPING;
    run->open = 0;
    return 0;
}
