// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Standalone runner of the conformance scenarios (built with -DSCN_STANDALONE,
 * no Criterion): runs every registered scenario for one backend, each in a
 * forked child with a time limit, and prints one line per scenario:
 *
 *	IOPT-TEST: PASS <suite>.<name>
 *	IOPT-TEST: FAIL <suite>.<name>: <why>
 *	IOPT-TEST: SKIP <suite>.<name>: <why>
 *
 * and finally
 *
 *	IOPT-DONE: <p> passed, <f> failed, <s> skipped
 *
 * Usage: conformance-standalone [mock|kernel] [substring-filter]
 *        conformance-standalone --list
 * The backend also comes from $IOPT_TEST_BACKEND, the filter from
 * $IOPT_TEST_FILTER, the per-scenario limit (seconds) from $IOPT_TEST_TIMEOUT.
 * Exit status: 0 when nothing failed, 1 otherwise.
 *
 * Build with -DSCN_NO_MAIN to embed the runner (e.g. in a VM /init) and call
 * scn_run_all() yourself.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario.h"

struct scn_entry {
	const char *suite, *name, *file;
	int line;
	scn_fn fn;
};

static struct scn_entry *entries;
static size_t nentries, centries;
static int report_fd = -1;

void scn_register(const char *suite, const char *name, const char *file, int line,
		  scn_fn fn)
{
	if (nentries == centries) {
		size_t c = centries ? centries * 2 : 256;
		struct scn_entry *e = realloc(entries, c * sizeof(*e));

		if (!e) {
			fprintf(stderr, "scn_register: out of memory\n");
			exit(2);
		}
		entries = e;
		centries = c;
	}
	entries[nentries++] = (struct scn_entry){ suite, name, file, line, fn };
}

static void report(const char *msg)
{
	size_t len = strlen(msg);

	while (report_fd >= 0 && len) {
		ssize_t n = write(report_fd, msg, len);

		if (n <= 0)
			break;
		msg += n;
		len -= (size_t)n;
	}
}

void scn_standalone_fail(const char *msg)
{
	report(msg);
	_exit(1);
}

void scn_standalone_skip(const char *msg)
{
	report(msg);
	_exit(77);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct scn_entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* One line, no control characters: the protocol is line based. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
}

static int run_one(const struct scn_entry *e, int backend, unsigned timeout, char *why,
		   size_t whylen)
{
	int fds[2], status;
	size_t got = 0;
	pid_t pid;

	why[0] = '\0';
	if (pipe(fds)) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return 1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 1;
	}
	if (pid == 0) {
		struct scn s;

		close(fds[0]);
		report_fd = fds[1];
		alarm(timeout);
		scn_begin(&s, backend, e->suite, e->name);
		e->fn(&s);
		scn_end(&s);
		_exit(0);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (got + 1 >= whylen) {
			char sink[256];

			n = read(fds[0], sink, sizeof(sink));
		} else {
			n = read(fds[0], why + got, whylen - 1 - got);
			if (n > 0)
				got += (size_t)n;
		}
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	why[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return 1;
		}
	}
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 0)
			return 0;
		if (WEXITSTATUS(status) == 77)
			return 77;
		if (!why[0])
			snprintf(why, whylen, "exited with status %d", WEXITSTATUS(status));
		return 1;
	}
	if (WIFSIGNALED(status)) {
		size_t l = strlen(why);

		snprintf(why + l, whylen - l, "%skilled by signal %d (%s)%s", l ? "; " : "",
			 WTERMSIG(status), strsignal(WTERMSIG(status)),
			 WTERMSIG(status) == SIGALRM ? ": time limit exceeded" : "");
		return 1;
	}
	snprintf(why, whylen, "unexpected wait status 0x%x", status);
	return 1;
}

/* Runs the scenarios and prints one IOPT-TEST line each; counts[] gets
 * passed, failed, skipped. No IOPT-DONE line: an embedding /init may run
 * more than this suite before it sums up. */
int scn_run_suite(int backend, const char *filter, unsigned counts[3]);
int scn_run_suite(int backend, const char *filter, unsigned counts[3])
{
	unsigned timeout = SCN_TIMEOUT * 3;
	const char *t = getenv("IOPT_TEST_TIMEOUT");
	unsigned passed = 0, failed = 0, skipped = 0;
	char full[256], why[4096];

	if (t && atoi(t) > 0)
		timeout = (unsigned)atoi(t);
	setvbuf(stdout, NULL, _IOLBF, 0);
	qsort(entries, nentries, sizeof(*entries), cmp_entry);
	printf("# libiopt conformance: %zu scenarios, backend %s\n", nentries,
	       scn_backend_name(backend));
	for (size_t i = 0; i < nentries; i++) {
		const struct scn_entry *e = &entries[i];
		int rc;

		snprintf(full, sizeof(full), "%s.%s", e->suite, e->name);
		if (filter && *filter && !strstr(full, filter))
			continue;
		rc = run_one(e, backend, timeout, why, sizeof(why));
		sanitize(why);
		if (rc == 0) {
			passed++;
			printf("IOPT-TEST: PASS %s\n", full);
		} else if (rc == 77) {
			skipped++;
			printf("IOPT-TEST: SKIP %s: %s\n", full, why[0] ? why : "skipped");
		} else {
			failed++;
			printf("IOPT-TEST: FAIL %s: %s\n", full, why[0] ? why : "failed");
		}
	}
	fflush(stdout);
	counts[0] = passed;
	counts[1] = failed;
	counts[2] = skipped;
	return failed ? 1 : 0;
}

int scn_run_all(int backend, const char *filter);
int scn_run_all(int backend, const char *filter)
{
	unsigned c[3];
	int rc = scn_run_suite(backend, filter, c);

	printf("IOPT-DONE: %u passed, %u failed, %u skipped\n", c[0], c[1], c[2]);
	fflush(stdout);
	return rc;
}

#ifndef SCN_NO_MAIN
int main(int argc, char **argv)
{
	const char *bname = getenv("IOPT_TEST_BACKEND");
	const char *filter = getenv("IOPT_TEST_FILTER");
	int backend;

	if (argc > 1 && !strcmp(argv[1], "--list")) {
		qsort(entries, nentries, sizeof(*entries), cmp_entry);
		for (size_t i = 0; i < nentries; i++)
			printf("%s.%s\n", entries[i].suite, entries[i].name);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s [mock|kernel] [filter] | --list\n", argv[0]);
		return 0;
	}
	if (argc > 1)
		bname = argv[1];
	if (argc > 2)
		filter = argv[2];
	if (!bname || !strcmp(bname, "mock")) {
		backend = IOPT_BACKEND_MOCK;
	} else if (!strcmp(bname, "kernel")) {
		backend = IOPT_BACKEND_KERNEL;
	} else {
		fprintf(stderr, "unknown backend '%s' (mock or kernel)\n", bname);
		return 2;
	}
	return scn_run_all(backend, filter);
}
#endif
