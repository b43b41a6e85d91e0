// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Contexts, IOAS lifecycle, option-struct size rules, NULL handles,
 * version, iopt_strerror and iopt_last_error.
 */
#include <pthread.h>

#include "scenario.h"

/* ---- version / errors ---- */

SCENARIO(version, number_matches_headers)
{
	uint32_t v = iopt_version();

	SCN_EQ(v, IOPT_VERSION_NUMBER);
	SCN_EQ(v / 10000, IOPT_VERSION_MAJOR);
}

SCENARIO(errors, strerror)
{
	SCN_TRUE(iopt_strerror(-EEXIST) != NULL);
	SCN_STREQ(iopt_strerror(-EEXIST), iopt_strerror(EEXIST));
	SCN_STREQ(iopt_strerror(-ENOENT), iopt_strerror(ENOENT));
	SCN_TRUE(strcmp(iopt_strerror(-EEXIST), iopt_strerror(-ENOENT)) != 0);
	SCN_TRUE(iopt_strerror(0) != NULL);
	SCN_STREQ(iopt_strerror(-100000), "Unknown error");
	SCN_STREQ(iopt_strerror(100000), "Unknown error");
	SCN_TRUE(iopt_strerror(-EOVERFLOW)[0] != '\0');
	SCN_TRUE(iopt_strerror(-EADDRINUSE)[0] != '\0');
	SCN_TRUE(iopt_strerror(-EMSGSIZE)[0] != '\0');
}

struct le_call {
	struct scn *s;
	struct iopt_ioas *ioas;
	int which;
	int rc;
	char before[256];
	char after[256];
};

static int le_noop(const struct iopt_area_info *info, void *arg)
{
	(void)info;
	(void)arg;
	return 0;
}

/* One failing call per `which`, made in a fresh thread. */
static int le_do(struct le_call *c)
{
	uint64_t iova = 0x1000, v, out;
	struct iopt_iova_range r[2] = { { 0x1000, 0x1000 }, { 0, 0 } };
	struct iopt_area_info info = { .size = sizeof(info) };
	struct iopt_ioas *ioas = c->ioas;
	struct iopt_ctx *ctx = NULL;
	struct iopt_ioas *nio = NULL;
	struct iopt_ctx_opts co = { .size = 1 };
	struct iopt_ioas_opts io = { .size = sizeof(io), .flags = 1u << 31 };
	uint32_t num = 0;
	static char buf[4096] __attribute__((aligned(4096)));

	switch (c->which) {
	case 0: return iopt_ctx_new(&co, &ctx);
	case 1: return iopt_ioas_new(c->s->ctx, &io, &nio);
	case 2: return iopt_ioas_map(ioas, buf, 0, &iova, RW | FIXED);
	case 3: return iopt_ioas_map(ioas, buf, 4096, &iova, RW | FIXED); /* EEXIST */
	case 4: return iopt_ioas_unmap(ioas, 0x100000, 4096, &out); /* ENOENT */
	case 5: return iopt_ioas_copy(ioas, &iova, ioas, 0x200000, 4096, RW); /* ENOENT */
	case 6: return iopt_ioas_iova_ranges(ioas, NULL, &num, &v); /* EMSGSIZE */
	case 7: return iopt_ioas_allow_iovas(ioas, r, 1); /* [x,x] EINVAL */
	case 8: return iopt_ioas_add_reserved(ioas, 0x1000, 0); /* EINVAL */
	case 9: return iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 7);
	case 10: return iopt_ioas_get_option(ioas, 12345, &v);
	case 11: return iopt_ioas_area_lookup(ioas, 0x900000, &info);
	case 12: return iopt_ioas_area_foreach(ioas, 0, 0, le_noop, NULL);
	case 13: return iopt_ioas_map(NULL, buf, 4096, &iova, RW);
	default: return 1;
	}
}
#define LE_NCALLS 14

static void *le_thread(void *arg)
{
	struct le_call *c = arg;

	snprintf(c->before, sizeof(c->before), "%s", iopt_last_error());
	c->rc = le_do(c);
	snprintf(c->after, sizeof(c->after), "%s", iopt_last_error());
	return NULL;
}

SCENARIO(errors, last_error_set_by_every_failure)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	static char buf[4096] __attribute__((aligned(4096)));

	SCN_MAP_FIXED(ioas, buf, 4096, 0x1000, RW);
	for (int i = 0; i < LE_NCALLS; i++) {
		struct le_call c = { .s = s, .ioas = ioas, .which = i };
		pthread_t t;

		SCN_EQ(pthread_create(&t, NULL, le_thread, &c), 0);
		SCN_EQ(pthread_join(t, NULL), 0);
		if (c.before[0])
			SCN_FAIL("call %d: a new thread's iopt_last_error() is \"%s\", not \"\"",
				 i, c.before);
		if (c.rc >= 0)
			SCN_FAIL("call %d was expected to fail, returned %d", i, c.rc);
		if (!c.after[0])
			SCN_FAIL("call %d failed with %d (%s) but left iopt_last_error() empty",
				 i, c.rc, scn_errname(c.rc));
	}
}

SCENARIO(errors, last_error_kept_by_success_and_thread_local)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char saved[256];
	struct le_call c = { .s = s, .ioas = ioas, .which = 11 };
	pthread_t t;
	uint64_t v;

	SCN_ERR(iopt_ioas_get_option(ioas, 4242, &v), -EOPNOTSUPP);
	snprintf(saved, sizeof(saved), "%s", iopt_last_error());
	SCN_TRUE(saved[0] != '\0');
	SCN_OK(iopt_ioas_get_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, &v));
	SCN_STREQ(iopt_last_error(), saved);
	/* Another thread's failure does not touch this thread's message. */
	SCN_EQ(pthread_create(&t, NULL, le_thread, &c), 0);
	SCN_EQ(pthread_join(t, NULL), 0);
	SCN_TRUE(c.after[0] != '\0');
	SCN_STREQ(iopt_last_error(), saved);
}

/* ---- contexts ---- */

SCENARIO(ctx, new_and_free)
{
	struct iopt_ctx *ctx = NULL;
	struct iopt_ctx_opts o = { .size = sizeof(o), .backend = s->backend };

	SCN_ERR(iopt_ctx_new(&o, NULL), -EINVAL);
	SCN_OK(iopt_ctx_new(&o, &ctx));
	SCN_TRUE(ctx != NULL);
	iopt_ctx_free(ctx);
	iopt_ctx_free(NULL);
	iopt_ioas_free(NULL);
	/* NULL options: the mock backend with defaults. */
	ctx = NULL;
	SCN_OK(iopt_ctx_new(NULL, &ctx));
	SCN_TRUE(ctx != NULL);
	iopt_ctx_free(ctx);
}

SCENARIO(ctx, options_size_rules)
{
	struct {
		struct iopt_ctx_opts o;
		uint64_t tail[2];
	} big;
	struct iopt_ctx *ctx = (struct iopt_ctx *)0x1;
	struct iopt_ctx_opts o;

	/* Too small: EINVAL, and *out untouched. */
	o = (struct iopt_ctx_opts){ .size = 0, .backend = s->backend };
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EINVAL);
	SCN_TRUE(ctx == (struct iopt_ctx *)0x1);
	o.size = 4;
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EINVAL);
	o.size = sizeof(o) - 1;
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EINVAL);
	/* Too small wins over unknown flags. */
	o.size = 4;
	o.flags = 1u << 31;
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EINVAL);

	/* Bigger with a zero tail: accepted. */
	memset(&big, 0, sizeof(big));
	big.o.size = sizeof(big);
	big.o.backend = s->backend;
	ctx = NULL;
	SCN_OK(iopt_ctx_new(&big.o, &ctx));
	iopt_ctx_free(ctx);
	/* Non-zero unknown tail: E2BIG, also ahead of unknown flags. */
	ctx = (struct iopt_ctx *)0x1;
	big.tail[1] = 1;
	SCN_ERR(iopt_ctx_new(&big.o, &ctx), -E2BIG);
	big.o.flags = 1u << 30;
	SCN_ERR(iopt_ctx_new(&big.o, &ctx), -E2BIG);
	big.tail[1] = 0;
	big.tail[0] = 0xff00000000000000ull;
	big.o.flags = 0;
	SCN_ERR(iopt_ctx_new(&big.o, &ctx), -E2BIG);
	SCN_TRUE(ctx == (struct iopt_ctx *)0x1);

	/* Unknown flags: EOPNOTSUPP. */
	o = (struct iopt_ctx_opts){ .size = sizeof(o), .backend = s->backend, .flags = 1u << 31 };
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EOPNOTSUPP);
	o.flags = 1u << 1;
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EOPNOTSUPP);
	/* Unknown backend: EINVAL. */
	o = (struct iopt_ctx_opts){ .size = sizeof(o), .backend = 99 };
	SCN_ERR(iopt_ctx_new(&o, &ctx), -EINVAL);
	SCN_TRUE(ctx == (struct iopt_ctx *)0x1);
}

SCENARIO(ctx, free_with_live_ioas)
{
	struct iopt_ctx_opts o = { .size = sizeof(o), .backend = s->backend };
	struct iopt_ctx *ctx = NULL;
	struct iopt_ioas *a = NULL, *b = NULL;
	uint64_t iova = 0x10000;
	void *buf = scn_mem(s, 4 * s->page_size);

	SCN_OK(iopt_ctx_new(&o, &ctx));
	SCN_OK(iopt_ioas_new(ctx, NULL, &a));
	SCN_OK(iopt_ioas_new(ctx, NULL, &b));
	SCN_OK(iopt_ioas_map(a, buf, 4 * s->page_size, &iova, RW | FIXED));
	SCN_OK(iopt_ioas_copy(b, &iova, a, 0x10000, s->page_size, RO));
	/* Frees both IOASes and their areas; ASan checks nothing leaks. */
	iopt_ctx_free(ctx);
}

/* ---- IOAS creation ---- */

SCENARIO(ioas, new_rules)
{
	struct {
		struct iopt_ioas_opts o;
		uint64_t tail;
	} big;
	struct iopt_ioas_opts o = { .size = sizeof(o) };
	struct iopt_ioas *ioas = (struct iopt_ioas *)0x1;

	SCN_ERR(iopt_ioas_new(NULL, NULL, &ioas), -EINVAL);
	SCN_ERR(iopt_ioas_new(s->ctx, NULL, NULL), -EINVAL);
	o.size = 0;
	SCN_ERR(iopt_ioas_new(s->ctx, &o, &ioas), -EINVAL);
	o.size = 4;
	o.flags = 1;
	SCN_ERR(iopt_ioas_new(s->ctx, &o, &ioas), -EINVAL);
	o.size = sizeof(o) - 1;
	SCN_ERR(iopt_ioas_new(s->ctx, &o, &ioas), -EINVAL);
	o.size = sizeof(o);
	o.flags = 1;
	SCN_ERR(iopt_ioas_new(s->ctx, &o, &ioas), -EOPNOTSUPP);
	o.flags = 1u << 31;
	SCN_ERR(iopt_ioas_new(s->ctx, &o, &ioas), -EOPNOTSUPP);
	memset(&big, 0, sizeof(big));
	big.o.size = sizeof(big);
	big.tail = 1ull << 40;
	SCN_ERR(iopt_ioas_new(s->ctx, &big.o, &ioas), -E2BIG);
	big.o.flags = 1;
	SCN_ERR(iopt_ioas_new(s->ctx, &big.o, &ioas), -E2BIG);
	SCN_TRUE(ioas == (struct iopt_ioas *)0x1);

	big.tail = 0;
	big.o.flags = 0;
	ioas = NULL;
	SCN_OK(iopt_ioas_new(s->ctx, &big.o, &ioas));
	iopt_ioas_free(ioas);
	ioas = NULL;
	o.size = sizeof(o);
	o.flags = 0;
	SCN_OK(iopt_ioas_new(s->ctx, &o, &ioas));
	iopt_ioas_free(ioas);
	ioas = NULL;
	SCN_OK(iopt_ioas_new(s->ctx, NULL, &ioas));
	SCN_TRUE(ioas != NULL);
	iopt_ioas_free(ioas);
}

SCENARIO(ioas, fresh_state)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[4] = { { 7, 7 }, { 7, 7 } };
	uint32_t num = 4;
	uint64_t align = 0, v = 7;

	SCN_OK(iopt_ioas_iova_ranges(ioas, r, &num, &align));
	SCN_EQ(num, 1);
	SCN_EQ(r[0].start, 0);
	SCN_EQ(r[0].last, UINT64_MAX);
	SCN_EQ(r[1].start, 7); /* untouched past the total */
	SCN_EQ(align, 1);
	SCN_OK(iopt_ioas_get_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, &v));
	SCN_EQ(v, 1);
	SCN_NO_AREAS(ioas);
	SCN_NO_LOOKUP(ioas, 0);
	SCN_NO_LOOKUP(ioas, UINT64_MAX);
	/* No allowed list: the first automatic IOVA is the second page. */
	SCN_EQ(SCN_MAP_AUTO(ioas, (void *)(uintptr_t)0x40000000, s->page_size, RW),
	       s->page_size);
}

SCENARIO(ioas, independent_ioases)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s);
	void *buf = scn_mem(s, 2 * s->page_size);

	SCN_MAP_FIXED(a, buf, 2 * s->page_size, 0x100000, RW);
	SCN_NO_AREAS(b);
	SCN_MAP_FIXED(b, buf, 2 * s->page_size, 0x100000, RO);
	SCN_LOOKUP(a, 0x100000, 0x100000, 2 * s->page_size, buf, RW);
	SCN_LOOKUP(b, 0x100000, 0x100000, 2 * s->page_size, buf, RO);
	SCN_OK(iopt_ioas_set_option(b, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(scn_alignment(a), 1);
	SCN_EQ(scn_alignment(b), s->page_size);
	iopt_ioas_free(b);
	SCN_LOOKUP(a, 0x100000, 0x100000, 2 * s->page_size, buf, RW);
	SCN_OK(iopt_ioas_unmap(a, 0, UINT64_MAX, NULL));
	iopt_ioas_free(a);
}

SCENARIO(ioas, free_with_areas)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s);
	void *buf = scn_mem(s, 8 * s->page_size);
	uint64_t iova = 0;

	for (int i = 0; i < 8; i++)
		SCN_MAP_FIXED(a, (char *)buf + i * s->page_size, s->page_size,
			      0x10000 + 2 * i * s->page_size, RW);
	SCN_OK(iopt_ioas_copy(b, &iova, a, 0x10000, s->page_size, RW));
	/* The copy keeps the shared storage alive after its source is gone. */
	iopt_ioas_free(a);
	SCN_LOOKUP(b, iova, iova, s->page_size, buf, RW);
	iopt_ioas_free(b);
}

SCENARIO(ioas, copy_across_contexts_is_einval)
{
	struct iopt_ctx_opts o = { .size = sizeof(o), .backend = s->backend };
	struct iopt_ctx *ctx2 = NULL;
	struct iopt_ioas *a = scn_ioas(s), *b = NULL;
	void *buf = scn_mem(s, s->page_size);
	uint64_t iova = 0x50000;

	SCN_OK(iopt_ctx_new(&o, &ctx2));
	SCN_OK(iopt_ioas_new(ctx2, NULL, &b));
	SCN_MAP_FIXED(a, buf, s->page_size, 0x10000, RW);
	SCN_ERR_UNCHANGED(b, iopt_ioas_copy(b, &iova, a, 0x10000, s->page_size, RW | FIXED),
			  -EINVAL);
	SCN_ERR_UNCHANGED(a, iopt_ioas_copy(a, &iova, b, 0x10000, s->page_size, RW), -EINVAL);
	SCN_EQ(iova, 0x50000);
	iopt_ctx_free(ctx2);
}

/* Every call rejects NULL handles/arguments as documented. */
SCENARIO(ioas, null_arguments)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_area_info info = { .size = sizeof(info) };
	struct iopt_iova_range r = { 0x1000, 0x1fff };
	uint64_t iova = 0x1000, v;
	uint32_t num = 1;
	void *buf = scn_mem(s, s->page_size);

	SCN_ERR(iopt_ioas_map(NULL, buf, s->page_size, &iova, RW | FIXED), -EINVAL);
	SCN_ERR(iopt_ioas_map(ioas, buf, s->page_size, NULL, RW | FIXED), -EINVAL);
	SCN_ERR(iopt_ioas_unmap(NULL, 0, UINT64_MAX, NULL), -EINVAL);
	SCN_ERR(iopt_ioas_copy(NULL, &iova, ioas, 0, s->page_size, RW), -EINVAL);
	SCN_ERR(iopt_ioas_copy(ioas, NULL, ioas, 0, s->page_size, RW), -EINVAL);
	SCN_ERR(iopt_ioas_copy(ioas, &iova, NULL, 0, s->page_size, RW), -EINVAL);
	SCN_ERR(iopt_ioas_iova_ranges(NULL, &r, &num, &v), -EINVAL);
	SCN_ERR(iopt_ioas_iova_ranges(ioas, &r, NULL, &v), -EINVAL);
	num = 1;
	SCN_ERR(iopt_ioas_iova_ranges(ioas, NULL, &num, &v), -EFAULT);
	num = 1;
	SCN_OK(iopt_ioas_iova_ranges(ioas, &r, &num, NULL));
	SCN_ERR(iopt_ioas_allow_iovas(NULL, &r, 1), -EINVAL);
	SCN_ERR(iopt_ioas_allow_iovas(ioas, NULL, 1), -EFAULT);
	SCN_OK(iopt_ioas_allow_iovas(ioas, NULL, 0));
	SCN_ERR(iopt_ioas_add_reserved(NULL, 0x1000, 0x1000), -EINVAL);
	SCN_ERR(iopt_ioas_set_option(NULL, IOPT_IOAS_OPTION_HUGE_PAGES, 1), -EINVAL);
	SCN_ERR(iopt_ioas_get_option(NULL, IOPT_IOAS_OPTION_HUGE_PAGES, &v), -EINVAL);
	SCN_ERR(iopt_ioas_get_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, NULL), -EINVAL);
	SCN_ERR(iopt_ioas_area_lookup(NULL, 0, &info), -EINVAL);
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0, NULL), -EINVAL);
	SCN_ERR(iopt_ioas_area_foreach(NULL, 0, UINT64_MAX, le_noop, NULL), -EINVAL);
	SCN_ERR(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, NULL, NULL), -EINVAL);
	SCN_NO_AREAS(ioas);
}
