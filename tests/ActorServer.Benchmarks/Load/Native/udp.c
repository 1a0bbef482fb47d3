/* udp, as UdpEchoLoad.cs: each of CONNECTIONS connected sockets sends a numbered SIZE-byte datagram and waits up to
 * 500 ms for its echo; one not echoed in time is lost (the next is sent), a late echo of an earlier one is dropped. */
#include "loadgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define LOSS_TIMEOUT_NS 500000000ULL

typedef struct {
    int fd;
    uint64_t seq, sent_at;
    int counts; /* sent inside the window: its echo or its loss counts */
} dsock_t;

static dsock_t *socks;
static char *datagram, reply[65536];

static void send_next(run_t *run, dsock_t *s) {
    s->seq++;
    memcpy(datagram, &s->seq, sizeof s->seq);
    s->sent_at = now_ns();
    s->counts = in_window(run, s->sent_at);
    run->sent += s->counts;
    if (send(s->fd, datagram, (size_t)run->size, 0) < 0 && errno != EAGAIN)
        fail(run, "send", errno); /* the loss timeout sends the next one */
}

void udp_start(run_t *run) {
    socks = calloc((size_t)run->connections, sizeof *socks);
    datagram = calloc(1, (size_t)run->size);
    memset(datagram + 8, 'u', (size_t)run->size - 8);
    for (int i = 0; i < run->connections; i++) {
        dsock_t *s = &socks[i];
        s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&run->server, sizeof run->server) != 0) {
            fail(run, "udp socket", errno);
            continue;
        }
        watch(run, s->fd, EPOLLIN, s);
        run->open++;
        send_next(run, s);
    }
}

void udp_event(run_t *run, void *owner, uint32_t events) {
    dsock_t *s = owner;
    (void)events;
    for (;;) {
        ssize_t n = recv(s->fd, reply, sizeof reply, 0);
        if (n < 0) {
            if (errno != EAGAIN)
                fail(run, "recv", errno); /* ICMP port unreachable: the loss timeout sends the next one */
            return;
        }
        uint64_t echoed;
        if (n < 8 || (memcpy(&echoed, reply, sizeof echoed), echoed != s->seq))
            continue; /* a late echo of a datagram already counted lost */
        uint64_t end = now_ns();
        if (s->counts && in_window(run, end)) {
            run->ops++, run->bytes += n;
            hist_record(&run->latency, (long long)(end - s->sent_at));
        }
        if (run->phase == STOPPING)
            return;
        send_next(run, s);
    }
}

void udp_tick(run_t *run) {
    uint64_t now = now_ns();
    for (int i = 0; i < run->connections; i++) {
        dsock_t *s = &socks[i];
        if (s->fd < 0)
            continue;
        if (run->phase == STOPPING) {
            close(s->fd);
            s->fd = -1;
            run->open--;
        } else if (now - s->sent_at >= LOSS_TIMEOUT_NS) {
            run->lost += s->counts;
            send_next(run, s);
        }
    }
}
