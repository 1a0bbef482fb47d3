/* The TCP scenarios, as the in-process client runs them (ConnRateLoad.cs, PingPongLoad.cs, WindowedEchoLoad.cs):
 * connrate: connect, send a line, read the upper-cased reply until the server closes; one connection is one operation.
 * pingpong: persistent connections, one numbered message in flight each, every echo checked for its number.
 * windowed (windowed.c) and idle (idle.c) share the connections' set-up and events. */
#include "loadgen.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum kind { CONNRATE, PINGPONG, WINDOWED, GREET };
static enum kind kind;
static conn_t *conns;
static const char request[] = "hello world\n";

int running(const run_t *run) { return run->phase != STOPPING; }

void conn_open(run_t *run, conn_t *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        fail(run, "socket", errno);
        return;
    }
    if (kind != CONNRATE) {
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    c->connecting = 1, c->shut = 0, c->in_len = 0, c->out_off = c->out_len = 0;
    c->op_start = now_ns();
    if (connect(c->fd, (struct sockaddr *)&run->server, sizeof run->server) != 0 && errno != EINPROGRESS) {
        fail(run, "connect", errno);
        conn_close(run, c);
        return;
    }
    watch(run, c->fd, EPOLLOUT, c);
}

void conn_close(run_t *run, conn_t *c) {
    if (c->fd >= 0) {
        epoll_ctl(run->epoll, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
}

/* Writes what is left of the connection's small message; 0 when all is written, 1 when waiting for room, -1 on error. */
static int flush(run_t *run, conn_t *c) {
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, (size_t)(c->out_len - c->out_off), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN)
                return watch(run, c->fd, EPOLLIN | EPOLLOUT, c), 1;
            return -1;
        }
        c->out_off += (int)n;
    }
    watch(run, c->fd, EPOLLIN, c);
    return 0;
}

static void send_message(run_t *run, conn_t *c, int length) {
    c->out_off = 0, c->out_len = length, c->in_len = 0;
    c->op_start = now_ns();
    if (flush(run, c) < 0) {
        fail(run, "send", errno);
        conn_close(run, c), run->open--;
    }
}

static void ping(run_t *run, conn_t *c) {
    c->seq++;
    memcpy(c->out, &c->seq, sizeof c->seq); /* the echo must carry its own number back */
    send_message(run, c, run->size);
}

static void begin(run_t *run, conn_t *c) {
    switch (kind) {
    case CONNRATE:
        memcpy(c->out, request, sizeof request - 1);
        c->out_off = 0, c->out_len = sizeof request - 1; /* op_start stays at the connect: it is part of the operation */
        if (flush(run, c) < 0) {
            fail(run, "send", errno);
            conn_close(run, c);
        }
        break;
    case PINGPONG: ping(run, c); break;
    case WINDOWED: windowed_send(run, c); break;
    case GREET: conn_greet(run, c); break;
    }
}

/* idle: sends 8 bytes; their echo completes the greeting (idle_greeted), and the connection is then held quietly. */
void conn_greet(run_t *run, conn_t *c) {
    memset(c->out, 'g', 8);
    c->out_off = 0, c->out_len = 8, c->in_len = 0;
    if (flush(run, c) < 0) {
        fail(run, "send", errno);
        conn_close(run, c);
        idle_greeted(run, c, 0);
    }
}

static void greet_read(run_t *run, conn_t *c) {
    int greeting = c->out_len > 0;
    ssize_t n = recv(c->fd, c->in + c->in_len, greeting ? (size_t)(8 - c->in_len) : sizeof c->in, 0);
    if (n < 0 && errno == EAGAIN)
        return;
    if (n <= 0) {
        /* A held connection the server closed is counted when it is greeted again and cannot answer. */
        if (greeting)
            fail(run, n == 0 ? "the server closed the connection" : "recv", n == 0 ? 0 : errno);
        conn_close(run, c);
        if (greeting)
            idle_greeted(run, c, 0);
        return;
    }
    if (!greeting || (c->in_len += (int)n) < 8)
        return;
    c->out_len = 0;
    watch(run, c->fd, EPOLLIN, c);
    idle_greeted(run, c, 1);
}

static int reply_is_upper(const conn_t *c) {
    int n = c->in_len;
    while (n > 0 && (c->in[n - 1] == '\n' || c->in[n - 1] == '\r'))
        n--;
    return n == 11 && memcmp(c->in, "HELLO WORLD", 11) == 0;
}

static void connrate_read(run_t *run, conn_t *c) {
    for (;;) {
        ssize_t n = recv(c->fd, c->in + c->in_len, sizeof c->in - (size_t)c->in_len, 0);
        if (n > 0 && c->in_len + n < (ssize_t)sizeof c->in) {
            c->in_len += (int)n;
            continue;
        }
        if (n < 0 && errno == EAGAIN)
            return;
        uint64_t end = now_ns();
        if (n < 0)
            fail(run, "recv", errno);
        else if (!reply_is_upper(c))
            fail(run, "unexpected reply", 0);
        else if (in_window(run, end)) {
            run->ops++;
            hist_record(&run->latency, (long long)(end - c->op_start));
        }
        conn_close(run, c);
        return;
    }
}

static void pingpong_read(run_t *run, conn_t *c) {
    ssize_t n = recv(c->fd, c->in + c->in_len, (size_t)(run->size - c->in_len), 0);
    if (n < 0 && errno == EAGAIN)
        return;
    if (n <= 0) {
        fail(run, n == 0 ? "the server closed the connection" : "recv", n == 0 ? 0 : errno);
        conn_close(run, c), run->open--;
        return;
    }
    if ((c->in_len += (int)n) < run->size)
        return;
    uint64_t end = now_ns(), echoed;
    memcpy(&echoed, c->in, sizeof echoed);
    if (echoed != c->seq) {
        fail(run, "an echo carried another message's sequence number", 0);
        conn_close(run, c), run->open--;
        return;
    }
    if (in_window(run, end)) {
        run->ops++, run->bytes += run->size;
        hist_record(&run->latency, (long long)(end - c->op_start));
    }
    if (running(run))
        ping(run, c);
    else
        conn_close(run, c), run->open--;
}

void tcp_event(run_t *run, void *owner, uint32_t events) {
    conn_t *c = owner;
    if (c->fd < 0)
        return;
    if (c->connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            fail(run, "connect", err);
            conn_close(run, c);
            if (kind == PINGPONG || kind == WINDOWED)
                run->open--;
            else if (kind == GREET)
                idle_greeted(run, c, 0);
            return;
        }
        c->connecting = 0;
        begin(run, c);
        return;
    }
    if ((events & EPOLLOUT) && kind != WINDOWED && flush(run, c) < 0) {
        fail(run, "send", errno);
        conn_close(run, c);
        if (kind == GREET)
            idle_greeted(run, c, 0);
        else if (kind == PINGPONG)
            run->open--;
        return;
    }
    if (kind == WINDOWED && (events & EPOLLOUT) && !(events & EPOLLIN))
        windowed_send(run, c);
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)) || c->fd < 0)
        return;
    switch (kind) {
    case CONNRATE: connrate_read(run, c); break;
    case PINGPONG: pingpong_read(run, c); break;
    case WINDOWED: windowed_read(run, c); break;
    case GREET: greet_read(run, c); break;
    }
}

/* connrate opens a new connection where one has ended; windowed half-closes every connection once the window ends. */
void tcp_tick(run_t *run) {
    static int shut_all;
    int open = 0;
    for (int i = 0; i < run->connections; i++) {
        conn_t *c = &conns[i];
        if (kind == CONNRATE && c->fd < 0 && running(run))
            conn_open(run, c);
        open += c->fd >= 0;
        if (kind == WINDOWED && !running(run) && !shut_all && c->fd >= 0 && !c->connecting && c->unsent == 0)
            windowed_send(run, c);
    }
    shut_all |= !running(run);
    if (kind == CONNRATE)
        run->open = open;
}

void tcp_start(run_t *run) {
    kind = !strcmp(run->scenario, "connrate") ? CONNRATE
         : !strcmp(run->scenario, "pingpong") ? PINGPONG
         : !strcmp(run->scenario, "windowed") ? WINDOWED : GREET;
    if (kind == PINGPONG && run->size > (int)sizeof conns[0].out) {
        fprintf(stderr, "loadgen: pingpong messages are at most %zu bytes\n", sizeof conns[0].out);
        exit(2);
    }
    conns = calloc((size_t)run->connections, sizeof *conns);
    if (kind == WINDOWED)
        windowed_init(run);
    for (int i = 0; i < run->connections; i++) {
        conns[i].fd = -1;
        memset(conns[i].out, 'x', sizeof conns[i].out);
        if (kind == WINDOWED)
            conns[i].sent_at = calloc((size_t)run->window, sizeof(uint64_t));
        if (kind != GREET && kind != CONNRATE) {
            conn_open(run, &conns[i]);
            run->open += conns[i].fd >= 0;
        }
    }
}

conn_t *tcp_connections(void) { return conns; }
