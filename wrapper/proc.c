#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static int start(struct job *j)
{
	int out[2], err[2], rc;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;

	j->start = now_ms();
	j->pid = -1;
	j->fd_out = j->fd_err = -1;
	if (pipe2(out, O_CLOEXEC) < 0)
		return errno;
	if (pipe2(err, O_CLOEXEC) < 0) {
		rc = errno;
		close(out[0]);
		close(out[1]);
		return rc;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	/* posix_spawn reports failure by its result, not errno. */
	rc = posix_spawnp(&j->pid, j->argv[0], &fa, &at, j->argv,
			  j->envp ? j->envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(out[1]);
	close(err[1]);
	if (rc != 0) {
		close(out[0]);
		close(err[0]);
		j->pid = -1;
		return rc;
	}
	j->fd_out = out[0];
	j->fd_err = err[0];
	return 0;
}

static void reap(struct job *j)
{
	int st;

	while (waitpid(j->pid, &st, 0) < 0) {
		if (errno != EINTR) {
			st = 127 << 8;
			break;
		}
	}
	if (WIFSIGNALED(st))
		j->status = 128 + WTERMSIG(st);
	else
		j->status = WEXITSTATUS(st);
	j->pid = -1;
	j->ms = now_ms() - j->start;
}

static void drain(int *fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	buf_append(b, chunk, (size_t)n);
}

void spawn_run(struct job *jobs, size_t n, int parallel, int timeout_s,
	       void (*done)(struct job *, void *), void *ctx)
{
	struct sigaction sa, old_int, old_term;
	struct job **run;
	struct pollfd *pfd;
	size_t next = 0, nrun = 0;

	if (parallel < 1)
		parallel = 1;
	run = xcalloc((size_t)parallel, sizeof(*run));
	pfd = xcalloc((size_t)parallel * 2, sizeof(*pfd));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	interrupted = 0;

	while ((next < n && !interrupted) || nrun > 0) {
		long long now = now_ms(), wait = -1;
		size_t np = 0;

		while (!interrupted && nrun < (size_t)parallel && next < n) {
			struct job *j = &jobs[next++];
			int rc = start(j);

			if (rc != 0) {
				j->spawn_errno = rc;
				j->status = 127;
				j->ms = 0;
				if (done)
					done(j, ctx);
				continue;
			}
			run[nrun++] = j;
		}
		if (interrupted) {
			for (size_t i = 0; i < nrun; i++)
				kill(-run[i]->pid, SIGKILL);
		}
		for (size_t i = 0; i < nrun; i++) {
			struct job *j = run[i];

			if (timeout_s > 0 && !j->timed_out) {
				long long left = j->start + timeout_s * 1000LL - now;

				if (left <= 0) {
					j->timed_out = 1;
					kill(-j->pid, SIGKILL);
				} else if (wait < 0 || left < wait) {
					wait = left;
				}
			}
			pfd[np].fd = j->fd_out;
			pfd[np++].events = POLLIN;
			pfd[np].fd = j->fd_err;
			pfd[np++].events = POLLIN;
		}
		if (nrun == 0)
			continue;
		if (poll(pfd, np, wait > INT32_MAX ? INT32_MAX : (int)wait) < 0 &&
		    errno != EINTR)
			die(EXIT_USAGE, "poll:");
		for (size_t i = 0; i < nrun;) {
			struct job *j = run[i];

			if (pfd[2 * i].fd >= 0 && pfd[2 * i].revents)
				drain(&j->fd_out, &j->out);
			if (pfd[2 * i + 1].fd >= 0 && pfd[2 * i + 1].revents)
				drain(&j->fd_err, &j->err);
			pfd[2 * i].revents = pfd[2 * i + 1].revents = 0;
			if (j->fd_out < 0 && j->fd_err < 0) {
				reap(j);
				if (done)
					done(j, ctx);
				/* Keep pfd pairs aligned with run[]. */
				run[i] = run[nrun - 1];
				pfd[2 * i] = pfd[2 * (nrun - 1)];
				pfd[2 * i + 1] = pfd[2 * (nrun - 1) + 1];
				nrun--;
				continue;
			}
			i++;
		}
	}
	free(run);
	free(pfd);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (interrupted)
		raise(interrupted);
}

int spawn_one(struct job *job, int timeout_s)
{
	spawn_run(job, 1, 1, timeout_s, NULL, NULL);
	return job->status;
}
