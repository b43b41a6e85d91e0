/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Dual-mode harness of the conformance scenarios.
 *
 * A scenario is written once against the public API:
 *
 *	SCENARIO(map, overlap_is_eexist)
 *	{
 *		struct iopt_ioas *ioas = scn_ioas(s);
 *		...
 *		SCN_ERR(iopt_ioas_map(ioas, buf, len, &iova, RW | FIXED), -EEXIST);
 *	}
 *
 * The body receives `struct scn *s` (the backend fixture: s->ctx, s->backend,
 * s->page_size, memory helpers).
 *
 * Host mode (default): each SCENARIO is a Criterion ParameterizedTest over
 * the backends (mock, kernel). The kernel variant skips, with the reason,
 * when the kernel backend cannot be opened here.
 *
 * Standalone mode (-DSCN_STANDALONE): each SCENARIO registers itself in a
 * table at load time; standalone_main.c runs them for one backend, each in a
 * forked child, and prints the IOPT-TEST protocol (no Criterion needed, links
 * statically, runs as a VM's /init).
 */
#ifndef SCN_SCENARIO_H
#define SCN_SCENARIO_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libiopt.h"
#include "snapshot.h"

#ifndef SCN_STANDALONE
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#endif

/* Per-scenario wall-clock limit (seconds). */
#ifndef SCN_TIMEOUT
#define SCN_TIMEOUT 60
#endif

#define RO (IOPT_MAP_READABLE)
#define RW (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE)
#define FIXED IOPT_MAP_FIXED_IOVA
#define SZ_1M (1ull << 20)
#define SZ_2M (2ull << 20)
#define SZ_4M (4ull << 20)

/* The backend fixture handed to every scenario body. */
struct scn {
	struct iopt_ctx *ctx;
	enum iopt_backend backend;
	const char *backend_name;
	const char *suite;
	const char *name;
	uint64_t page_size;
};

typedef void (*scn_fn)(struct scn *s);

/* The running scenario's backend, for failure messages. */
static __attribute__((unused)) const char *scn_cur_backend = "?";

struct scn_param {
	int backend;
};

static __attribute__((unused)) const char *scn_backend_name(int backend)
{
	switch (backend) {
	case IOPT_BACKEND_MOCK:
		return "mock";
	case IOPT_BACKEND_KERNEL:
		return "kernel";
	default:
		return "unknown";
	}
}

static __attribute__((unused)) const char *scn_errname(int rc)
{
	switch (rc < 0 ? -rc : rc) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOTTY: return "ENOTTY";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EADDRINUSE: return "EADDRINUSE";
	case EOVERFLOW: return "EOVERFLOW";
	case EDEADLK: return "EDEADLK";
	default: return "?";
	}
}

/* ---- failure / skip reporting (mode specific) ---- */

#ifdef SCN_STANDALONE
/* Provided by standalone_main.c. */
void scn_register(const char *suite, const char *name, const char *file, int line,
		  scn_fn fn);
__attribute__((noreturn)) void scn_standalone_fail(const char *msg);
__attribute__((noreturn)) void scn_standalone_skip(const char *msg);
#endif

static __attribute__((unused, noreturn, format(printf, 3, 4)))
void scn_fail_at(const char *file, int line, const char *fmt, ...)
{
	char msg[2048];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "[%s] %s:%d: ", scn_cur_backend, file, line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
#ifdef SCN_STANDALONE
	scn_standalone_fail(msg);
#else
	cr_assert_fail("%s", msg);
	abort();
#endif
}

static __attribute__((unused, noreturn, format(printf, 1, 2)))
void scn_skip(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
#ifdef SCN_STANDALONE
	scn_standalone_skip(msg);
#else
	fprintf(stderr, "SKIP: %s\n", msg);
	cr_skip_test("%s", msg);
	abort();
#endif
}

#define SCN_FAIL(...) scn_fail_at(__FILE__, __LINE__, __VA_ARGS__)
#define SCN_SKIP(...) scn_skip(__VA_ARGS__)

/* ---- assertions ---- */

/* expr must return 0. */
#define SCN_OK(expr)                                                             \
	do {                                                                     \
		int scn_rc_ = (expr);                                            \
		if (scn_rc_ != 0)                                                \
			SCN_FAIL("%s returned %d (%s), expected 0; last_error: \"%s\"", \
				 #expr, scn_rc_, scn_errname(scn_rc_), iopt_last_error()); \
	} while (0)

/* expr must fail with exactly `err` (a negative errno) and set a message. */
#define SCN_ERR(expr, err)                                                       \
	do {                                                                     \
		int scn_rc_ = (expr);                                            \
		int scn_want_ = (err);                                           \
		if (scn_rc_ != scn_want_)                                        \
			SCN_FAIL("%s returned %d (%s), expected %d (%s); last_error: \"%s\"", \
				 #expr, scn_rc_, scn_errname(scn_rc_), scn_want_,        \
				 scn_errname(scn_want_), iopt_last_error());             \
		if (scn_want_ < 0 && iopt_last_error()[0] == '\0')               \
			SCN_FAIL("%s failed with %s but iopt_last_error() is empty", \
				 #expr, scn_errname(scn_rc_));                           \
	} while (0)

/* Like SCN_ERR, and the IOAS must be exactly as before (all-or-nothing). */
#define SCN_ERR_UNCHANGED(ioas, expr, err)                                       \
	do {                                                                     \
		struct snap scn_b_, scn_a_;                                      \
		char scn_why_[512];                                              \
		snap_take((ioas), &scn_b_, true);                                \
		SCN_ERR(expr, err);                                              \
		snap_take((ioas), &scn_a_, true);                                \
		if (!snap_equal(&scn_b_, &scn_a_, scn_why_, sizeof(scn_why_)))   \
			SCN_FAIL("%s failed as expected but changed the IOAS: %s", \
				 #expr, scn_why_);                                       \
		snap_free(&scn_b_);                                              \
		snap_free(&scn_a_);                                              \
	} while (0)

#define SCN_EQ(a, b)                                                             \
	do {                                                                     \
		uint64_t scn_a_ = (uint64_t)(a), scn_b_ = (uint64_t)(b);         \
		if (scn_a_ != scn_b_)                                            \
			SCN_FAIL("%s == %s failed: 0x%" PRIx64 " (%" PRIu64 ") != 0x%" PRIx64 \
				 " (%" PRIu64 "); last_error: \"%s\"", #a, #b, scn_a_, \
				 scn_a_, scn_b_, scn_b_, iopt_last_error());             \
	} while (0)

#define SCN_NE(a, b)                                                             \
	do {                                                                     \
		uint64_t scn_a_ = (uint64_t)(a), scn_b_ = (uint64_t)(b);         \
		if (scn_a_ == scn_b_)                                            \
			SCN_FAIL("%s != %s failed: both 0x%" PRIx64, #a, #b, scn_a_);  \
	} while (0)

#define SCN_TRUE(x)                                                              \
	do {                                                                     \
		if (!(x))                                                        \
			SCN_FAIL("%s is false; last_error: \"%s\"", #x,          \
				 iopt_last_error());                                     \
	} while (0)

#define SCN_STREQ(a, b)                                                          \
	do {                                                                     \
		const char *scn_a_ = (a), *scn_b_ = (b);                         \
		if (!scn_a_ || !scn_b_ || strcmp(scn_a_, scn_b_))                \
			SCN_FAIL("%s == %s failed: \"%s\" != \"%s\"", #a, #b,    \
				 scn_a_ ? scn_a_ : "(null)", scn_b_ ? scn_b_ : "(null)"); \
	} while (0)

/* ---- fixture helpers ---- */

/* Page-aligned anonymous read/write memory (never freed: the scenario's
 * process ends). */
static __attribute__((unused)) void *scn_mem(struct scn *s, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)s;
	if (p == MAP_FAILED)
		SCN_FAIL("mmap(%zu) failed: %s", len, strerror(errno));
	return p;
}

/* Memory whose address is a multiple of `align` (a power of two). */
static __attribute__((unused)) void *scn_mem_aligned(struct scn *s, size_t len, size_t align)
{
	uintptr_t p = (uintptr_t)scn_mem(s, len + align);

	return (void *)((p + align - 1) & ~(uintptr_t)(align - 1));
}

/* Read-only memory (writes through a device must be refused). */
static __attribute__((unused)) void *scn_mem_ro(struct scn *s, size_t len)
{
	void *p = scn_mem(s, len);

	if (mprotect(p, len, PROT_READ))
		SCN_FAIL("mprotect failed: %s", strerror(errno));
	return p;
}

static __attribute__((unused)) struct iopt_ioas *scn_ioas(struct scn *s)
{
	struct iopt_ioas *ioas = NULL;
	int rc = iopt_ioas_new(s->ctx, NULL, &ioas);

	if (rc || !ioas)
		SCN_FAIL("iopt_ioas_new failed: %d (%s); last_error: \"%s\"", rc,
			 scn_errname(rc), iopt_last_error());
	return ioas;
}

/* Reservations need CONFIG_IOMMUFD_TEST on the kernel backend: skip there. */
#define SCN_RESERVE(ioas, start, len)                                            \
	do {                                                                     \
		int scn_rc_ = iopt_ioas_add_reserved((ioas), (start), (len));    \
		if (scn_rc_ == -EOPNOTSUPP)                                      \
			SCN_SKIP("iopt_ioas_add_reserved: EOPNOTSUPP on the %s backend " \
				 "(needs a kernel with CONFIG_IOMMUFD_TEST)",    \
				 s->backend_name);                                       \
		if (scn_rc_)                                                     \
			SCN_FAIL("iopt_ioas_add_reserved(%s, %s) returned %d (%s); " \
				 "last_error: \"%s\"", #start, #len, scn_rc_,     \
				 scn_errname(scn_rc_), iopt_last_error());               \
	} while (0)

/* Fixed map that must succeed. */
#define SCN_MAP_FIXED(ioas, uva, len, at, flags)                                 \
	do {                                                                     \
		uint64_t scn_iova_ = (at);                                       \
		SCN_OK(iopt_ioas_map((ioas), (void *)(uva), (len), &scn_iova_,   \
				     (flags) | FIXED));                          \
		SCN_EQ(scn_iova_, (at));                                         \
	} while (0)

/* Automatic map that must succeed; returns the IOVA chosen. */
static __attribute__((unused)) uint64_t scn_map_auto_at(const char *file, int line,
						       struct iopt_ioas *ioas, const void *uva,
						       uint64_t len, uint32_t flags)
{
	uint64_t iova = 0;
	int rc = iopt_ioas_map(ioas, (void *)uva, len, &iova, flags);

	if (rc)
		scn_fail_at(file, line, "automatic map (uva %p len 0x%" PRIx64
			    ") returned %d (%s); last_error: \"%s\"", uva, len, rc,
			    scn_errname(rc), iopt_last_error());
	return iova;
}
#define SCN_MAP_AUTO(ioas, uva, len, flags) \
	scn_map_auto_at(__FILE__, __LINE__, (ioas), (uva), (len), (flags))

/* All areas, ascending (caller frees *out). */
static __attribute__((unused)) size_t scn_areas(struct iopt_ioas *ioas,
					       struct iopt_area_info **out)
{
	struct snap_collect c = { 0 };
	int rc = iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, snap_collect_fn, &c);

	if (rc)
		SCN_FAIL("iopt_ioas_area_foreach(all) returned %d (%s)", rc, scn_errname(rc));
	*out = c.a;
	return c.n;
}

static __attribute__((unused)) size_t scn_nareas(struct iopt_ioas *ioas)
{
	struct iopt_area_info *a;
	size_t n = scn_areas(ioas, &a);

	free(a);
	return n;
}

struct scn_area {
	uint64_t iova, length;
	const void *uva;
	uint32_t flags;
};

static __attribute__((unused)) void scn_check_areas(const char *file, int line,
						   struct iopt_ioas *ioas,
						   const struct scn_area *exp, size_t n)
{
	struct iopt_area_info *a;
	size_t got = scn_areas(ioas, &a);
	char dump[1536] = "";
	size_t off = 0;

	for (size_t i = 0; i < got && off < sizeof(dump) - 100; i++)
		off += snprintf(dump + off, sizeof(dump) - off,
				" [0x%" PRIx64 "+0x%" PRIx64 " uva 0x%" PRIx64 " f%u]",
				a[i].iova, a[i].length, a[i].user_va, a[i].flags);
	if (got != n)
		scn_fail_at(file, line, "expected %zu areas, found %zu:%s", n, got, dump);
	for (size_t i = 0; i < n; i++) {
		if (a[i].iova != exp[i].iova || a[i].length != exp[i].length ||
		    a[i].user_va != (uint64_t)(uintptr_t)exp[i].uva ||
		    a[i].flags != exp[i].flags)
			scn_fail_at(file, line, "area %zu: expected [0x%" PRIx64 "+0x%" PRIx64
				    " uva %p f%u], areas are:%s", i, exp[i].iova,
				    exp[i].length, exp[i].uva, exp[i].flags, dump);
	}
	free(a);
}

/* SCN_AREAS(ioas, {iova, length, uva, flags}, ...) : the exact area list. */
#define SCN_AREAS(ioas, ...)                                                     \
	do {                                                                     \
		const struct scn_area scn_exp_[] = { __VA_ARGS__ };              \
		scn_check_areas(__FILE__, __LINE__, (ioas), scn_exp_,            \
				sizeof(scn_exp_) / sizeof(scn_exp_[0]));         \
	} while (0)
#define SCN_NO_AREAS(ioas) SCN_EQ(scn_nareas(ioas), 0)

/* Looks up `iova` and checks the area found. */
#define SCN_LOOKUP(ioas, at, exp_iova, exp_len, exp_uva, exp_flags)             \
	do {                                                                     \
		struct iopt_area_info scn_i_ = { .size = sizeof(scn_i_) };       \
		SCN_OK(iopt_ioas_area_lookup((ioas), (at), &scn_i_));            \
		SCN_EQ(scn_i_.iova, (exp_iova));                                 \
		SCN_EQ(scn_i_.length, (exp_len));                                \
		SCN_EQ(scn_i_.user_va, (uintptr_t)(exp_uva));                    \
		SCN_EQ(scn_i_.flags, (exp_flags));                               \
	} while (0)

#define SCN_NO_LOOKUP(ioas, at)                                                  \
	do {                                                                     \
		struct iopt_area_info scn_i_ = { .size = sizeof(scn_i_) };       \
		SCN_ERR(iopt_ioas_area_lookup((ioas), (at), &scn_i_), -ENOENT);  \
	} while (0)

/* Reads the IOVA ranges (at most 16) and alignment. */
static __attribute__((unused)) uint32_t scn_ranges(struct iopt_ioas *ioas,
						  struct iopt_iova_range *r, uint64_t *align)
{
	uint32_t num = 16;
	int rc = iopt_ioas_iova_ranges(ioas, r, &num, align);

	if (rc)
		SCN_FAIL("iopt_ioas_iova_ranges returned %d (%s)", rc, scn_errname(rc));
	return num;
}

static __attribute__((unused)) uint64_t scn_alignment(struct iopt_ioas *ioas)
{
	struct iopt_iova_range r[16];
	uint64_t align = 0;

	scn_ranges(ioas, r, &align);
	return align;
}

/* ---- fixture setup/teardown (both modes) ---- */

static __attribute__((unused)) void scn_begin(struct scn *s, int backend, const char *suite,
					      const char *name)
{
	struct iopt_ctx_opts opts = { .size = sizeof(opts), .backend = (uint32_t)backend };
	int rc;

	memset(s, 0, sizeof(*s));
	s->backend = (enum iopt_backend)backend;
	s->backend_name = scn_backend_name(backend);
	scn_cur_backend = s->backend_name;
	s->suite = suite;
	s->name = name;
	s->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	rc = iopt_ctx_new(&opts, &s->ctx);
	if (rc && backend == IOPT_BACKEND_KERNEL &&
	    (rc == -EOPNOTSUPP || rc == -ENOENT || rc == -EACCES || rc == -EPERM ||
	     rc == -ENODEV))
		SCN_SKIP("%s.%s[kernel]: kernel backend unavailable here: iopt_ctx_new: %s (%s); "
			 "run it in the VM", suite, name, scn_errname(rc), iopt_last_error());
	if (rc || !s->ctx)
		SCN_FAIL("iopt_ctx_new(%s) failed: %d (%s); last_error: \"%s\"",
			 s->backend_name, rc, scn_errname(rc), iopt_last_error());
}

static __attribute__((unused)) void scn_end(struct scn *s)
{
	iopt_ctx_free(s->ctx);
	s->ctx = NULL;
}

/* ---- SCENARIO ---- */

#ifdef SCN_STANDALONE

#define SCENARIO(suite, name)                                                    \
	static void scn_body_##suite##__##name(struct scn *s __attribute__((unused))); \
	static void scn_wrap_##suite##__##name(struct scn *s)                    \
	{                                                                        \
		scn_cur_backend = s->backend_name;                               \
		scn_body_##suite##__##name(s);                                   \
	}                                                                        \
	static __attribute__((constructor)) void scn_reg_##suite##__##name(void) \
	{                                                                        \
		scn_register(#suite, #name, __FILE__, __LINE__,                  \
			     scn_wrap_##suite##__##name);                        \
	}                                                                        \
	static void scn_body_##suite##__##name(struct scn *s __attribute__((unused)))

#else /* Criterion host mode */

static __attribute__((unused)) struct scn_param scn_params[] = {
	{ IOPT_BACKEND_MOCK },
	{ IOPT_BACKEND_KERNEL },
};

#define SCENARIO(suite, name)                                                    \
	static void scn_body_##suite##__##name(struct scn *s __attribute__((unused))); \
	ParameterizedTestParameters(suite, name)                                 \
	{                                                                        \
		return cr_make_param_array(struct scn_param, scn_params,         \
					   sizeof(scn_params) / sizeof(scn_params[0])); \
	}                                                                        \
	ParameterizedTest(struct scn_param *p, suite, name, .timeout = SCN_TIMEOUT) \
	{                                                                        \
		struct scn scn_fixture_;                                         \
		scn_begin(&scn_fixture_, p->backend, #suite, #name);             \
		scn_body_##suite##__##name(&scn_fixture_);                       \
		scn_end(&scn_fixture_);                                          \
	}                                                                        \
	static void scn_body_##suite##__##name(struct scn *s __attribute__((unused)))

#endif

#endif
