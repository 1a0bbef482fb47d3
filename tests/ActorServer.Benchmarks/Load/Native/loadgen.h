/* The benchmark's outside load client: one thread, epoll, non-blocking sockets, no runtime of its own, so the
 * server under test gets the cores and the figures show the server's cost rather than the client's.
 * The benchmark program compiles it at run time (cc -O2) and reads its stdout; see ../NativeClient.cs. */
#ifndef LOADGEN_H
#define LOADGEN_H

#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdint.h>

/* Log-linear latency histogram in nanoseconds, the same buckets as LatencyHistogram.cs (about 3% precision). */
#define HIST_SUB_BITS 5
#define HIST_SUB (1 << HIST_SUB_BITS)
#define HIST_GROUPS 40
typedef struct {
    long long counts[(HIST_GROUPS + 1) * HIST_SUB];
    long long n;
} hist_t;

void hist_record(hist_t *h, long long nanos);
long long hist_percentile(const hist_t *h, double percentile);

/* The phases of a run: load before the window is dropped, load in it counts, then the load winds down. */
enum phase { WARMING, MEASURING, STOPPING };

typedef struct run {
    const char *scenario;
    struct sockaddr_in server;
    int connections, size, window;
    double warmup_s, measured_s;
    int epoll;
    enum phase phase;
    uint64_t started, window_start, window_end, hard_deadline; /* CLOCK_MONOTONIC ns */
    double cpu_window_s;                                      /* the client's own user + system CPU in the window */
    long long ops, bytes, errors, errors_total;
    long long sent, lost;                                     /* udp */
    long long bytes_sent, bytes_received;                     /* windowed echo: the whole run, checked at the end */
    int open;                                                 /* connections or sockets still running */
    char first_error[200];
    hist_t latency;
} run_t;

/* One TCP connection of any scenario; windowed echo uses the counters, the others the small message buffers. */
typedef struct conn {
    int fd;
    int connecting, shut;
    uint64_t op_start, seq;
    char out[64], in[256];
    int out_off, out_len, in_len;
    long long committed, done, unsent, written, received; /* windowed echo, in messages and bytes */
    uint64_t *sent_at;                                   /* windowed echo: when each message in flight was sent */
} conn_t;

void conn_open(run_t *run, conn_t *c);
void conn_close(run_t *run, conn_t *c);
void conn_greet(run_t *run, conn_t *c);
void idle_greeted(run_t *run, conn_t *c, int ok);

conn_t *tcp_connections(void);
int running(const run_t *run);
void windowed_init(run_t *run);
void windowed_send(run_t *run, conn_t *c);
void windowed_read(run_t *run, conn_t *c);
uint64_t now_ns(void);
double cpu_seconds(void);
int in_window(const run_t *run, uint64_t at);
void fail(run_t *run, const char *what, int err);
void watch(run_t *run, int fd, uint32_t events, void *owner);

/* Each scenario: start its sockets, handle a socket's readiness, notice time passing. */
void tcp_start(run_t *run);
void tcp_event(run_t *run, void *owner, uint32_t events);
void tcp_tick(run_t *run);
void udp_start(run_t *run);
void udp_event(run_t *run, void *owner, uint32_t events);
void udp_tick(run_t *run);
int idle_run(run_t *run);

#endif
