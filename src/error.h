/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The thread-local message behind iopt_last_error(). */
#ifndef IOPT_ERROR_H
#define IOPT_ERROR_H

/* Records why the current call fails and returns rc (a negative errno). */
int iopt_err(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Public entry points bracket their work: iopt_call_begin() forgets whether
 * a message was recorded, iopt_call_end() writes a generic one for a failure
 * that recorded none, so every failure leaves a message.
 */
/* Set by iopt_err(). Initial-exec: a one-byte flag fits the static TLS
 * that even a dlopen()ed library can use, and is reached without a call. */
extern __thread _Bool iopt_err_recorded __attribute__((tls_model("initial-exec")));

int iopt_call_fail(const char *func, int rc);

static inline void iopt_call_begin(void)
{
	iopt_err_recorded = 0;
}

static inline int iopt_call_end(const char *func, int rc)
{
	return __builtin_expect(rc < 0, 0) ? iopt_call_fail(func, rc) : rc;
}

#endif
