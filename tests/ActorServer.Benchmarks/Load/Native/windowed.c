/* windowed, as WindowedEchoLoad.cs: persistent connections keeping WINDOW messages in flight, written as one write
 * of as many messages as the echoes have made room for (so a server sees several per read); at the end a half-close,
 * the server echoes what is left and closes, and bytes sent must equal bytes received. Small messages make the
 * pipelined test, 64 KiB ones the stream test. */
#include "loadgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define INBOX (64 * 1024)
static char *payload, *inbox;
static long long payload_len;

void windowed_init(run_t *run) {
    payload_len = (long long)run->size * run->window;
    payload = malloc((size_t)payload_len);
    inbox = malloc(INBOX);
    memset(payload, 'p', (size_t)payload_len);
}

/* Commits as many messages as the window has room for, in one write, once the last write has gone out. */
void windowed_send(run_t *run, conn_t *c) {
    if (c->unsent == 0 && running(run) && c->committed - c->done < run->window) {
        long long batch = run->window - (c->committed - c->done);
        uint64_t now = now_ns();
        for (long long i = 0; i < batch; i++)
            c->sent_at[(c->committed + i) % run->window] = now;
        c->committed += batch;
        c->unsent += batch * run->size;
    }
    while (c->unsent > 0) {
        ssize_t n = send(c->fd, payload, (size_t)(c->unsent < payload_len ? c->unsent : payload_len), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                watch(run, c->fd, EPOLLIN | EPOLLOUT, c);
                return;
            }
            fail(run, "send", errno);
            conn_close(run, c), run->open--;
            return;
        }
        c->unsent -= n, c->written += n, run->bytes_sent += n;
    }
    if (!running(run) && !c->shut) {
        /* The server echoes what is in flight, sees the end of the stream and closes: the signal that all came back. */
        shutdown(c->fd, SHUT_WR);
        c->shut = 1;
    }
    watch(run, c->fd, EPOLLIN, c);
}

void windowed_read(run_t *run, conn_t *c) {
    for (;;) {
        ssize_t n = recv(c->fd, inbox, INBOX, 0);
        if (n < 0 && errno == EAGAIN)
            break;
        if (n <= 0) {
            if (n < 0)
                fail(run, "recv", errno);
            else if (c->received != c->written || c->unsent > 0)
                fail(run, "bytes sent and received differ", 0);
            conn_close(run, c), run->open--;
            return;
        }
        uint64_t end = now_ns();
        c->received += n, run->bytes_received += n;
        long long done = c->received / run->size;
        if (in_window(run, end)) {
            run->bytes += n, run->ops += done - c->done;
            for (long long m = c->done; m < done; m++)
                hist_record(&run->latency, (long long)(end - c->sent_at[m % run->window]));
        }
        c->done = done;
    }
    windowed_send(run, c);
}

