/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file libiopt.h
 * @brief libiopt: the Linux iommufd IO page table as a userspace C library.
 *
 * libiopt gives a VMM IO address spaces (IOAS) that behave exactly like the
 * kernel's iommufd 6.12 io_pagetable, behind a stable, versioned C ABI, with
 * two interchangeable backends: an in-process mock (the default; needs no
 * privileges, no IOMMU and no kernel support) and the kernel's `/dev/iommu`
 * with VFIO device cdevs.
 *
 * @section conventions Conventions (apply to every call)
 *
 * - **Errors.** Every fallible call returns 0 on success or a negative errno
 *   from iommufd's vocabulary (EINVAL, EOPNOTSUPP, ENOENT, EEXIST, EOVERFLOW,
 *   ENOSPC, EADDRINUSE, EBUSY, EPERM, EFAULT, ENOMEM, E2BIG, EMSGSIZE).
 *   On every failure, iopt_last_error() holds a message for the calling
 *   thread. A NULL object handle is -EINVAL.
 * - **All-or-nothing.** A call that fails leaves every object exactly as it
 *   was before the call, and outputs are written only on success (unless a
 *   call documents otherwise, like iopt_ioas_iova_ranges() and -EMSGSIZE).
 *   This is the one deliberate difference from the kernel, whose IOAS_UNMAP
 *   can fail half way; see iopt_ioas_unmap().
 * - **Ranges.** A range given as (iova, length) covers [iova, iova+length-1];
 *   `iova + length - 1` is always checked for overflow (-EOVERFLOW). A range
 *   given as a pair (struct iopt_iova_range) has an **inclusive** `last`.
 * - **Option structs** start with a `size` field that the caller sets to
 *   `sizeof(struct ...)` as compiled. A size smaller than the first version
 *   of the struct is -EINVAL; bytes beyond the part this library knows must be
 *   zero, else -E2BIG; unknown flag bits are -EOPNOTSUPP. A NULL options
 *   pointer means "all defaults".
 * - **Ownership.** Objects are opaque. Constructors are
 *   `int iopt_X_new(..., struct iopt_X **out)`; the caller owns `*out` and
 *   releases it with `iopt_X_free()`, which accepts NULL and never fails.
 *   An IOAS belongs to its context; iopt_ctx_free() frees any IOAS still
 *   alive. Areas belong to their IOAS; iopt_ioas_free() unmaps them and
 *   detaches the devices attached to it. Devices belong to their context.
 * - **Threads.** Every call may be made from any thread, concurrently, on
 *   the same or different objects. Lookups (iopt_ioas_area_lookup()) take
 *   no lock and never block a writer. Callbacks (iopt_ioas_area_foreach())
 *   run with no library lock held, so they may call back into the library.
 *   Freeing an object while another thread still uses it is the caller's
 *   bug, as with free(3).
 */
#ifndef LIBIOPT_H
#define LIBIOPT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Marks a symbol exported from libiopt.so (everything else is hidden). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define IOPT_API __attribute__((visibility("default")))
#else
#define IOPT_API
#endif

/**
 * @defgroup version Version
 * @{
 */

/** @brief Major version of the headers: changes only with the SONAME. */
#define IOPT_VERSION_MAJOR 1
/** @brief Minor version of the headers: grows with each new ABI node. */
#define IOPT_VERSION_MINOR 1
/** @brief Patch version of the headers: fixes without ABI change. */
#define IOPT_VERSION_PATCH 0
/** @brief The version as one number: major * 10000 + minor * 100 + patch. */
#define IOPT_VERSION_NUMBER \
	(IOPT_VERSION_MAJOR * 10000 + IOPT_VERSION_MINOR * 100 + IOPT_VERSION_PATCH)

/**
 * @brief **iopt_version()** reports the version of the library actually
 * loaded, which may be newer than the headers a program was built with.
 *
 * @return the version encoded like #IOPT_VERSION_NUMBER.
 */
IOPT_API uint32_t iopt_version(void);

/** @} */

/**
 * @defgroup errors Errors
 * @{
 */

/**
 * @brief **iopt_strerror()** describes an error code.
 *
 * @param err an errno value, negative (as returned by libiopt) or positive.
 * @return a static, immutable string; never NULL. Unknown codes give
 * "Unknown error".
 */
IOPT_API const char *iopt_strerror(int err);

/**
 * @brief **iopt_last_error()** returns the message of the last failing
 * libiopt call made by the calling thread.
 *
 * Every call that returns a negative errno sets it first; successful calls
 * leave it alone.
 *
 * @return a thread-local string, valid until the thread's next libiopt call;
 * "" if no call of this thread has failed yet. Never NULL.
 */
IOPT_API const char *iopt_last_error(void);

/** @} */

/**
 * @defgroup ctx Contexts and backends
 * @{
 */

/** @brief A backend instance: every IOAS lives in one context. */
struct iopt_ctx;

/** @brief Backends a context can run on (field `backend` of iopt_ctx_opts). */
enum iopt_backend {
	/** In-process software model of iommufd; needs no privileges. */
	IOPT_BACKEND_MOCK = 0,
	/** The kernel's iommufd (`/dev/iommu`) and VFIO device cdevs. */
	IOPT_BACKEND_KERNEL = 1,
};

/** @brief iopt_ctx_opts.flags: `iommufd` holds a pre-opened /dev/iommu fd. */
#define IOPT_CTX_USE_FD (1u << 0)

/** @brief Options of iopt_ctx_new(). Zero means "default" for every field. */
struct iopt_ctx_opts {
	/** Set to sizeof(struct iopt_ctx_opts). */
	uint32_t size;
	/** IOPT_CTX_* flags. */
	uint32_t flags;
	/** An #iopt_backend value; IOPT_BACKEND_MOCK when 0. */
	uint32_t backend;
	/** Kernel backend with #IOPT_CTX_USE_FD: an open iommufd, which the
	 * context duplicates (the caller keeps and closes its own fd). */
	int32_t iommufd;
	/** Bytes of memory the context may pin (locked-memory limit);
	 * 0 = the process's RLIMIT_MEMLOCK soft limit at creation,
	 * UINT64_MAX = unlimited. Exceeding it is -ENOMEM. */
	uint64_t locked_limit;
	/** Kernel backend: the iommufd device node; NULL = "/dev/iommu".
	 * Ignored with #IOPT_CTX_USE_FD. */
	const char *dev_path;
};

/**
 * @brief **iopt_ctx_new()** creates a context on a backend.
 *
 * @param opts options, or NULL for the mock backend with defaults.
 * @param out on success, the new context; the caller frees it with
 * iopt_ctx_free().
 * @return 0, or a negative errno:
 *  - -EINVAL: `out` is NULL, `opts->size` is too small, or `backend` is
 *    unknown;
 *  - -E2BIG: non-zero bytes in `opts` past the fields this library knows;
 *  - -EOPNOTSUPP: unknown flag bits;
 *  - kernel backend: -ENOENT (no `/dev/iommu`: the kernel lacks
 *    CONFIG_IOMMUFD), -EACCES/-EPERM (no permission to open it; it is
 *    usually mode 0660, group root or kvm), -EBADF (`iommufd` is not an
 *    open fd), -ENOTTY (the fd or node is not an iommufd);
 *  - -ENOMEM.
 *
 * The kernel backend must be the only user of the IOAS objects it creates
 * on its iommufd: it mirrors their mappings to answer lookups and to make
 * unmaps all-or-nothing.
 */
IOPT_API int iopt_ctx_new(const struct iopt_ctx_opts *opts,
			  struct iopt_ctx **out);

/**
 * @brief **iopt_ctx_free()** destroys a context, freeing every IOAS still
 * alive in it (each as by iopt_ioas_free()).
 *
 * @param ctx the context, or NULL (nothing happens).
 */
IOPT_API void iopt_ctx_free(struct iopt_ctx *ctx);

/** @} */

/**
 * @defgroup ioas IO address spaces
 *
 * An IOAS is a 64-bit IO virtual address space made of **areas**: ranges of
 * IOVA, each mapping a run of user memory. Areas never overlap. Around them:
 *
 * - **reserved ranges** may never be mapped (fixed maps into them are
 *   -EINVAL); they may overlap each other. iopt_ioas_iova_ranges() reports
 *   the holes between them.
 * - **allowed ranges** (iopt_ioas_allow_iovas()) only steer the automatic
 *   IOVA choice and forbid new reservations that intersect them; fixed maps
 *   ignore them and iopt_ioas_iova_ranges() does not show them.
 * - **alignment**: `iova`, `length` and the sub-page offset of the user
 *   address of every map must be multiples of the IOAS alignment: 1 on a
 *   new IOAS, the page size with huge pages disabled
 *   (#IOPT_IOAS_OPTION_HUGE_PAGES), more with IO page table domains.
 * @{
 */

/** @brief An IO address space. */
struct iopt_ioas;

/** @brief An inclusive IOVA range [start, last]. */
struct iopt_iova_range {
	/** First IOVA of the range. */
	uint64_t start;
	/** Last IOVA of the range (inclusive). */
	uint64_t last;
};

/** @brief Options of iopt_ioas_new(). */
struct iopt_ioas_opts {
	/** Set to sizeof(struct iopt_ioas_opts). */
	uint32_t size;
	/** No flags are defined yet: must be 0. */
	uint32_t flags;
};

/** @brief Map/copy flag: place the area at `*iova` instead of choosing. */
#define IOPT_MAP_FIXED_IOVA (1u << 0)
/** @brief Map/copy flag: devices may write the memory. */
#define IOPT_MAP_WRITEABLE (1u << 1)
/** @brief Map/copy flag: devices may read the memory. */
#define IOPT_MAP_READABLE (1u << 2)

/**
 * @brief **iopt_ioas_new()** creates an empty IOAS: no areas, no reserved
 * or allowed ranges, alignment 1, huge pages enabled.
 *
 * @param ctx the context the IOAS lives in.
 * @param opts options, or NULL for defaults.
 * @param out on success, the new IOAS, owned by the caller (iopt_ioas_free()).
 * @return 0, or -EINVAL (NULL `ctx` or `out`, `opts->size` too small),
 * -E2BIG, -EOPNOTSUPP (flags), -ENOMEM.
 */
IOPT_API int iopt_ioas_new(struct iopt_ctx *ctx,
			   const struct iopt_ioas_opts *opts,
			   struct iopt_ioas **out);

/**
 * @brief **iopt_ioas_free()** unmaps every area and destroys the IOAS.
 *
 * Page storage shared with areas of other IOASes (made by iopt_ioas_copy())
 * stays alive for them.
 *
 * @param ioas the IOAS, or NULL (nothing happens).
 */
IOPT_API void iopt_ioas_free(struct iopt_ioas *ioas);

/**
 * @brief **iopt_ioas_map()** maps user memory into the IOAS as one area.
 *
 * The memory is not touched or pinned while the IOAS has no IO page table
 * domain, so a map of memory that is not (yet) mapped succeeds, as it does
 * in the kernel.
 *
 * Automatic placement (no #IOPT_MAP_FIXED_IOVA) picks, like the kernel, the
 * lowest IOVA that fits inside the allowed ranges (or the whole space),
 * outside reserved ranges and areas, never in the first or the last page of
 * the IOVA space, aligned to min(roundup_pow_of_two(length), the lowest set
 * bit of `user_va`, 2 MiB), with the sub-page offset of `user_va` kept.
 * The search skips every run of free IOVAs too short for `length` in
 * O(log n), however fragmented the IOAS is; only runs long enough but
 * refused for their alignment or for reserved ranges are tried one by one.
 *
 * Checks, in this order (the first failure wins, as in iommufd 6.12):
 *  1. unknown `flags` bits: -EOPNOTSUPP;
 *  2. `*iova` == UINT64_MAX or `length` == UINT64_MAX: -EOVERFLOW (`*iova`
 *     is read even without #IOPT_MAP_FIXED_IOVA: initialise it, e.g. to 0);
 *  3. neither READABLE nor WRITEABLE: -EINVAL;
 *  4. `length` == 0 or larger than SIZE_MAX - page size: -EINVAL;
 *     `user_va + length` wraps: -EOVERFLOW;
 *  5. `length` not a multiple of the IOAS alignment: -EINVAL;
 *  6. fixed: `*iova` not aligned: -EINVAL; `*iova + length - 1` wraps:
 *     -EOVERFLOW; intersects a reserved range: -EINVAL; intersects an area:
 *     -EEXIST. Automatic: required alignment below the IOAS alignment:
 *     -EINVAL; `length` >= 2^63 - 1: -EOVERFLOW; nothing fits: -ENOSPC;
 *  7. sub-page offset of `user_va` not a multiple of the alignment: -EINVAL.
 *
 * @param ioas the IOAS.
 * @param user_va start of the user memory (need not be page aligned).
 * @param length bytes to map.
 * @param iova in: the IOVA for #IOPT_MAP_FIXED_IOVA (read in any case, see
 * above); out: the IOVA of the new area, written on success only.
 * @param flags IOPT_MAP_* bits; READABLE and/or WRITEABLE is required.
 * @return 0, a negative errno listed above, -EINVAL for NULL `ioas` or
 * `iova`, or -ENOMEM.
 */
IOPT_API int iopt_ioas_map(struct iopt_ioas *ioas, void *user_va,
			   uint64_t length, uint64_t *iova, uint32_t flags);

/**
 * @brief **iopt_ioas_map_file()** maps bytes of a file (a memfd, as VMMs
 * keep guest RAM in) into the IOAS as one area: iommufd's IOAS_MAP_FILE.
 *
 * Like iopt_ioas_map(), with the memory named by file offset instead of
 * user address: the page-size alignment of automatic placement and check 7
 * use `start` where iopt_ioas_map() uses `user_va`. The area keeps the file
 * open through a descriptor of its own, so the caller may close `fd` at
 * once; copies share it, and it is closed when the last area using it goes.
 * Nothing is read or pinned yet, so neither the file's kind nor its access
 * mode is checked here.
 *
 * The kernel backend needs Linux 6.13 or later; on an older kernel this
 * answers -EOPNOTSUPP and changes nothing. The mock backend always has it.
 *
 * Checks, in this order: 1-3 of iopt_ioas_map(); `fd` not an open
 * descriptor: -EBADF; `length` == 0 or larger than SIZE_MAX - page size:
 * -EINVAL; `start + length - 1` wraps: -EOVERFLOW; then 5-7 of
 * iopt_ioas_map().
 *
 * @param ioas the IOAS.
 * @param fd an open file descriptor; it is duplicated, not taken over.
 * @param start byte offset in the file of the first byte to map (need not
 * be page aligned).
 * @param length bytes to map.
 * @param iova in/out, as for iopt_ioas_map().
 * @param flags IOPT_MAP_* bits; READABLE and/or WRITEABLE is required.
 * @return 0, a negative errno listed above or for iopt_ioas_map(),
 * -EOPNOTSUPP (kernel backend on Linux before 6.13), -EMFILE (no
 * descriptor left for the duplicate), or -ENOMEM.
 */
IOPT_API int iopt_ioas_map_file(struct iopt_ioas *ioas, int fd, uint64_t start,
				uint64_t length, uint64_t *iova, uint32_t flags);

/**
 * @brief **iopt_ioas_unmap()** removes every area inside a range.
 *
 * (iova 0, length UINT64_MAX) removes everything and always succeeds, even
 * on an empty IOAS. Otherwise every area that intersects the range must lie
 * wholly inside it; areas are never split.
 *
 * **Differs from the kernel:** iommufd's IOAS_UNMAP removes the whole areas
 * in front of an area that would have to be split before failing with
 * ENOENT. libiopt checks first and removes nothing when it fails.
 *
 * @param ioas the IOAS.
 * @param iova first IOVA of the range.
 * @param length bytes in the range.
 * @param unmapped if not NULL, on success: the bytes removed.
 * @return 0, or a negative errno:
 *  - -EOVERFLOW: `iova` or `length` is UINT64_MAX (other than the
 *    "everything" pair), or `iova + length - 1` wraps;
 *  - -EINVAL: `length` is 0 or `ioas` is NULL;
 *  - -ENOENT: an area would have to be split, or the range holds no area.
 */
IOPT_API int iopt_ioas_unmap(struct iopt_ioas *ioas, uint64_t iova,
			     uint64_t length, uint64_t *unmapped);

/**
 * @brief **iopt_ioas_copy()** maps, in `dst`, the memory behind a range of
 * `src`, sharing the page storage (nothing is pinned or charged twice).
 *
 * The source range may start and end inside areas and span several
 * adjacent areas; it must be covered without a gap. Each source piece
 * becomes its own destination area (so the copy can be unmapped along the
 * source boundaries). The source IOAS alignment is not checked. `src` and
 * `dst` may be the same IOAS; they must belong to the same context.
 * Placement in `dst` follows iopt_ioas_map() (automatic placement uses the
 * user address, or file offset, behind `src_iova`). Unmapping the source
 * later does not affect the copy.
 *
 * Checks, in order: unknown flags -EOPNOTSUPP; `length`, `src_iova` or
 * `*dst_iova` == UINT64_MAX -EOVERFLOW; no READABLE/WRITEABLE -EINVAL;
 * `length` 0 -EINVAL; `src_iova + length - 1` wraps -EOVERFLOW; a gap in the
 * source -ENOENT; then the placement checks of iopt_ioas_map() in `dst`;
 * then, piece by piece, WRITEABLE requested over memory that was first
 * mapped without WRITEABLE -EPERM (it follows the memory: a read-only copy
 * of writeable memory may be copied writeable again) and a sub-page offset
 * not aligned for `dst` -EINVAL.
 *
 * @param dst the destination IOAS.
 * @param dst_iova in: the IOVA for #IOPT_MAP_FIXED_IOVA (read in any case);
 * out: the IOVA of the copy, written on success only.
 * @param src the source IOAS.
 * @param src_iova first IOVA of the source range.
 * @param length bytes to copy.
 * @param flags IOPT_MAP_* bits, as for iopt_ioas_map().
 * @return 0 or a negative errno listed above; -EINVAL for NULL arguments or
 * IOASes of different contexts; -ENOMEM.
 */
IOPT_API int iopt_ioas_copy(struct iopt_ioas *dst, uint64_t *dst_iova,
			    struct iopt_ioas *src, uint64_t src_iova,
			    uint64_t length, uint32_t flags);

/**
 * @brief **iopt_ioas_iova_ranges()** reports the usable IOVA: the holes
 * between reserved ranges over [0, UINT64_MAX], ascending, and the IOAS
 * alignment. Areas and allowed ranges do not change the answer.
 *
 * @param ioas the IOAS.
 * @param ranges array of `*num` entries to fill; may be NULL when `*num` is 0.
 * @param num in: capacity of `ranges`; out: how many ranges there are.
 * @param alignment if not NULL, out: the IOAS alignment in bytes.
 * @return 0; -EMSGSIZE when there are more ranges than `*num` (then the
 * first `*num` entries, `*num` = the total, and `*alignment` are written
 * all the same, as the kernel does); -EINVAL for NULL `ioas` or `num`;
 * -EFAULT for NULL `ranges` with a non-zero capacity.
 */
IOPT_API int iopt_ioas_iova_ranges(struct iopt_ioas *ioas,
				   struct iopt_iova_range *ranges,
				   uint32_t *num, uint64_t *alignment);

/**
 * @brief **iopt_ioas_allow_iovas()** replaces the list of allowed ranges.
 *
 * Allowed ranges restrict automatic IOVA placement only (fixed maps ignore
 * them) and make later reservations that intersect them fail -EADDRINUSE.
 * Existing areas are not checked.
 *
 * @param ioas the IOAS.
 * @param ranges the new list; need not be sorted.
 * @param num entries in `ranges`; 0 clears the list.
 * @return 0, or a negative errno:
 *  - -EINVAL: a range with `start >= last` (a one-byte range [x, x] is
 *    rejected, as in the kernel), a range that overlaps another of the
 *    list, or NULL `ioas`;
 *  - -EFAULT: `ranges` is NULL and `num` is not 0;
 *  - -EADDRINUSE: a range intersects a reserved range (the old list stays);
 *  - -ENOMEM.
 */
IOPT_API int iopt_ioas_allow_iovas(struct iopt_ioas *ioas,
				   const struct iopt_iova_range *ranges,
				   uint32_t num);

/**
 * @brief **iopt_ioas_add_reserved()** reserves a range: nothing may be
 * mapped there afterwards, until the IOAS is freed.
 *
 * This is the mock's equivalent of the kernel's test-only ADD_RESERVED
 * command; on the kernel backend it needs a kernel built with
 * CONFIG_IOMMUFD_TEST and answers -EOPNOTSUPP otherwise.
 *
 * @param ioas the IOAS.
 * @param start first IOVA reserved.
 * @param length bytes reserved.
 * @return 0, or -EINVAL (`length` 0, NULL `ioas`), -EOVERFLOW
 * (`start + length - 1` wraps), -EADDRINUSE (intersects an area or an allowed
 * range), -ENOMEM.
 */
IOPT_API int iopt_ioas_add_reserved(struct iopt_ioas *ioas, uint64_t start,
				    uint64_t length);

/** @brief Options of an IOAS (numbered as iommufd's IOMMU_OPTION ids). */
enum iopt_ioas_option {
	/**
	 * 1 (default): areas may use any alignment the domains allow.
	 * 0: the IOAS alignment is at least the page size. Setting 0 fails
	 * -EINVAL when the IOAS has both a domain and an area, and
	 * -EADDRINUSE (nothing changed) when an area is not page aligned.
	 * Values other than 0 and 1 are -EINVAL.
	 */
	IOPT_IOAS_OPTION_HUGE_PAGES = 1,
};

/**
 * @brief **iopt_ioas_set_option()** sets an IOAS option.
 *
 * @param ioas the IOAS.
 * @param option an #iopt_ioas_option.
 * @param value the new value; see the option.
 * @return 0, -EOPNOTSUPP for an unknown option, or the option's errors.
 */
IOPT_API int iopt_ioas_set_option(struct iopt_ioas *ioas, uint32_t option,
				  uint64_t value);

/**
 * @brief **iopt_ioas_get_option()** reads an IOAS option.
 *
 * @param ioas the IOAS.
 * @param option an #iopt_ioas_option.
 * @param value out: the current value.
 * @return 0, -EOPNOTSUPP for an unknown option, -EINVAL for NULL arguments.
 */
IOPT_API int iopt_ioas_get_option(struct iopt_ioas *ioas, uint32_t option,
				  uint64_t *value);

/** @brief Read-only description of one area (a snapshot). */
struct iopt_area_info {
	/** In (iopt_ioas_area_lookup()): sizeof(struct iopt_area_info); the
	 * library writes at most this many bytes. Out: bytes written. */
	uint32_t size;
	/** IOPT_MAP_READABLE / IOPT_MAP_WRITEABLE the area was mapped with,
	 * and #IOPT_AREA_FILE for memory mapped from a file. */
	uint32_t flags;
	/** First IOVA of the area. */
	uint64_t iova;
	/** Bytes in the area. */
	uint64_t length;
	/** User address backing `iova`; with #IOPT_AREA_FILE, its byte
	 * offset in the file instead. */
	uint64_t user_va;
};

/** @brief Area flag (iopt_area_info::flags): the memory is a file's,
 * mapped by iopt_ioas_map_file() (or copied from such an area). */
#define IOPT_AREA_FILE (1u << 3)

/**
 * @brief **iopt_ioas_area_lookup()** finds the area that contains an IOVA.
 *
 * Takes no lock: lookups from many threads run in parallel with each other
 * and with maps and unmaps, and see each map or unmap either wholly or not
 * at all.
 *
 * @param ioas the IOAS.
 * @param iova any IOVA.
 * @param info in: `size` set by the caller to sizeof(struct iopt_area_info)
 * as compiled (at least 32, the size of the first version; bytes past what
 * this library knows are left alone); out: the area, `size` = bytes written.
 * @return 0, -ENOENT when no area contains `iova`, -EINVAL for NULL
 * arguments or a `size` below 32.
 */
IOPT_API int iopt_ioas_area_lookup(struct iopt_ioas *ioas, uint64_t iova,
				   struct iopt_area_info *info);

/**
 * @brief Callback of iopt_ioas_area_foreach().
 *
 * @param info the area (valid during the call only).
 * @param arg the caller's `arg`.
 * @return 0 to go on; anything else stops the walk and is returned by
 * iopt_ioas_area_foreach().
 */
typedef int (*iopt_area_fn)(const struct iopt_area_info *info, void *arg);

/**
 * @brief **iopt_ioas_area_foreach()** calls `fn` for each area that
 * intersects [iova, iova + length - 1], in ascending IOVA order.
 *
 * No library lock is held while `fn` runs, so it may map and unmap (even in
 * this IOAS). The walk then continues after the last area it reported: an
 * area mapped behind that point during the walk is seen, one in front of it
 * is not.
 *
 * @param ioas the IOAS.
 * @param iova first IOVA of the range; (0, UINT64_MAX) is everything.
 * @param length bytes in the range.
 * @param fn the callback.
 * @param arg passed to `fn`.
 * @return 0 when every area was visited, the first non-zero value `fn`
 * returned, -EINVAL (NULL `ioas` or `fn`, `length` 0), -EOVERFLOW (the range
 * wraps).
 */
IOPT_API int iopt_ioas_area_foreach(struct iopt_ioas *ioas, uint64_t iova,
				    uint64_t length, iopt_area_fn fn,
				    void *arg);

/** @} */

/**
 * @defgroup device Devices (kernel backend)
 *
 * A device is a VFIO device cdev (`/dev/vfio/devices/vfioN`) bound to the
 * context's iommufd. Attached to an IOAS, its DMA is translated by that
 * IOAS: the kernel gives it an IO page table domain that mirrors every
 * area, and the IOAS takes on the device's alignment and reserved ranges
 * (MSI windows, the IOMMU's aperture), visible in iopt_ioas_iova_ranges().
 * The mock backend has no VFIO devices and answers -EOPNOTSUPP.
 * @{
 */

/** @brief A VFIO device bound to a context. */
struct iopt_device;

/**
 * @brief **iopt_device_bind()** binds a VFIO device cdev to the context.
 *
 * @param ctx a kernel-backend context.
 * @param vfio_fd an open VFIO device cdev. The caller keeps owning it (it
 * drives the device's regions and interrupts through it) and must keep it
 * open until iopt_device_free(); the kernel unbinds the device when the
 * last fd of that open file is closed.
 * @param out on success, the device; free it with iopt_device_free().
 * @return 0, or a negative errno: -EOPNOTSUPP (mock backend), -EINVAL (NULL
 * arguments; the fd is already bound, or was opened through a VFIO group),
 * -EBUSY (the group is in use by the legacy VFIO interface), -EPERM (the
 * platform cannot isolate the device's MSIs; see the iommufd module
 * parameter allow_unsafe_interrupts), -ENODEV (no IOMMU group), -ENOMEM.
 */
IOPT_API int iopt_device_bind(struct iopt_ctx *ctx, int vfio_fd,
			      struct iopt_device **out);

/**
 * @brief **iopt_device_attach()** makes the device's DMA go through an IOAS.
 *
 * A device already attached elsewhere moves atomically: it never sees a
 * moment without translation, and on failure it stays where it was.
 * Attaching to the IOAS it is on does nothing.
 *
 * @param dev the device.
 * @param ioas an IOAS of the same context.
 * @return 0, or a negative errno: -EINVAL (NULL arguments, another context,
 * or the IOMMU cannot serve the IOAS: e.g. an area lies beyond the
 * device's address width), -EADDRINUSE (an area or allowed range lies in
 * a range the device reserves), -EFAULT/-ENOMEM (pinning the mapped
 * memory failed: memory that is not mapped, or over the locked-memory
 * limit).
 */
IOPT_API int iopt_device_attach(struct iopt_device *dev,
				struct iopt_ioas *ioas);

/**
 * @brief **iopt_device_detach()** stops the device's DMA: every DMA it
 * issues is blocked until it is attached again.
 *
 * @param dev the device.
 * @return 0 (also when it was not attached), -EINVAL for NULL.
 */
IOPT_API int iopt_device_detach(struct iopt_device *dev);

/**
 * @brief **iopt_device_free()** detaches the device and forgets it. The
 * device stays bound to the iommufd until the caller closes its fd.
 *
 * @param dev the device, or NULL (nothing happens).
 */
IOPT_API void iopt_device_free(struct iopt_device *dev);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* LIBIOPT_H */
