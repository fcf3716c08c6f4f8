/*
 * proc.h: run child processes in parallel, without a shell.
 *
 * Each job names its program and arguments as an argv (argv[0] is looked up
 * in PATH by posix_spawnp); no string is ever handed to a shell. Its stdout
 * and stderr are captured into buffers, stdin is /dev/null. Each child runs
 * in a process group of its own so that a timeout or an interrupt kills the
 * child and everything it started.
 *
 * spawn_run() starts at most `parallel` jobs at a time and returns when all
 * have ended. For every job it sets:
 *   status     the exit code; 128+N if killed by signal N; 127 if the
 *              program could not be started (spawn_errno says why)
 *   timed_out  1 if it ran longer than timeout_s seconds (0: no limit) and
 *              was killed
 *   ms         its wall-clock time
 * `done`, if not NULL, is called in the parent as each job ends (for
 * progress and early parsing). If SIGINT or SIGTERM arrives, every running
 * child is killed and reaped, then the signal is raised again in the parent.
 */
#ifndef LOCKPTR_PROC_H
#define LOCKPTR_PROC_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct job {
	char *const *argv;
	char *const *envp; /* NULL: the parent's environment */
	void *data;        /* the caller's */

	struct buf out, err;
	int status;
	int timed_out;
	int spawn_errno;
	long long ms;

	/* private to spawn.c */
	pid_t pid;
	int fd_out, fd_err;
	long long start;
};

void spawn_run(struct job *jobs, size_t n, int parallel, int timeout_s,
	       void (*done)(struct job *, void *), void *ctx);

/* Runs one job to the end; returns its status. */
int spawn_one(struct job *job, int timeout_s);

#endif
