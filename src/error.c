// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libiopt.h"
#include "error.h"

static __thread char last_error[256];
__thread bool iopt_err_recorded __attribute__((tls_model("initial-exec")));

int iopt_err(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	iopt_err_recorded = true;
	return rc;
}

int iopt_call_fail(const char *func, int rc)
{
	if (!iopt_err_recorded)
		iopt_err(rc, "%s: %s", func, iopt_strerror(rc));
	return rc;
}

IOPT_API const char *iopt_last_error(void)
{
	return last_error;
}

IOPT_API const char *iopt_strerror(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	/* strerrordesc_np() returns static strings: safe from any thread. */
	s = strerrordesc_np(err);
	return s ? s : "Unknown error";
}
