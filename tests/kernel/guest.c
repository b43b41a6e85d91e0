// SPDX-License-Identifier: LGPL-2.1-or-later
/* Guest-side helpers for tests that run as /init in the kernel VM. */
#include "guest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned int n_pass, n_fail, n_skip;

/* One write() per line keeps kernel messages from splitting our lines. */
static void emit(const char *head, const char *name, const char *fmt,
		 va_list ap)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s%s", head, name ? name : "");

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (fmt) {
		if (name)
			n += snprintf(line + n, sizeof(line) - n, ": ");
		if ((size_t)n < sizeof(line))
			n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	}
	if ((size_t)n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	/* The protocol is line based: no embedded newlines. */
	for (int i = 0; i < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[n++] = '\n';
	fflush(stdout);
	(void)!write(STDOUT_FILENO, line, n);
}

static void emitf(const char *head, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(head, name, fmt, ap);
	va_end(ap);
}

static void mount_one(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		fprintf(stderr, "guest: mount %s on %s: %s\n", type, dir,
			strerror(errno));
}

void iopt_guest_init(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	mount_one("devtmpfs", "/dev", "devtmpfs");
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	mount_one("tmpfs", "/tmp", "tmpfs");

	char up[64] = "";
	int fd = open("/proc/uptime", O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, up, sizeof(up) - 1);

		up[n > 0 ? n : 0] = 0;
		up[strcspn(up, " \n")] = 0;
		close(fd);
	}
	iopt_guest_info("init started at %s s uptime, profile %s", up,
			iopt_guest_profile()[0] ? iopt_guest_profile() : "(none)");
}

const char *iopt_guest_profile(void)
{
	const char *p = getenv("IOPT_PROFILE");

	return p ? p : "";
}

void iopt_guest_pass(const char *name)
{
	n_pass++;
	emitf("IOPT-TEST: PASS ", name, NULL);
}

void iopt_guest_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	n_fail++;
	va_start(ap, fmt);
	emit("IOPT-TEST: FAIL ", name, fmt, ap);
	va_end(ap);
}

void iopt_guest_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	n_skip++;
	va_start(ap, fmt);
	emit("IOPT-TEST: SKIP ", name, fmt, ap);
	va_end(ap);
}

void iopt_guest_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("IOPT-INFO: ", NULL, fmt, ap);
	va_end(ap);
}

int iopt_guest_check(int cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		iopt_guest_pass(name);
		return 1;
	}
	n_fail++;
	va_start(ap, fmt);
	emit("IOPT-TEST: FAIL ", name, fmt, ap);
	va_end(ap);
	return 0;
}

unsigned int iopt_guest_failed(void)
{
	return n_fail;
}

void iopt_guest_add_counts(unsigned int passed, unsigned int failed,
			   unsigned int skipped)
{
	n_pass += passed;
	n_fail += failed;
	n_skip += skipped;
}

void iopt_guest_finish(void)
{
	char line[128];
	int n = snprintf(line, sizeof(line),
			 "IOPT-DONE: %u passed, %u failed, %u skipped\n",
			 n_pass, n_fail, n_skip);

	fflush(stdout);
	(void)!write(STDOUT_FILENO, line, n);
	if (getpid() != 1)
		exit(n_fail ? 1 : 0);
	sync();
	reboot(RB_AUTOBOOT);
	/* Not reached; if reboot failed, init must still not exit cleanly
	 * before the runner saw everything. */
	for (;;)
		pause();
}

static int read_hex(const char *path, unsigned long *val)
{
	char buf[32];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	*val = strtoul(buf, NULL, 16);
	return 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

static int find_vfio_dev(const char *bdf, char *path, size_t path_len)
{
	char dir[512];
	DIR *d;
	struct dirent *e;
	int ret = -ENOENT;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	d = opendir(dir);
	if (!d)
		return -ENOENT;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "vfio", 4))
			continue;
		snprintf(path, path_len, "/dev/vfio/devices/%s", e->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

int iopt_guest_bind_vfio(uint16_t vendor, uint16_t device, char *path,
			 size_t path_len, char *bdf, size_t bdf_len)
{
	char p[512], addr[256] = "";
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	int ret;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		unsigned long v, dv;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/vendor", e->d_name);
		if (read_hex(p, &v) || v != vendor)
			continue;
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/device", e->d_name);
		if (read_hex(p, &dv) || dv != device)
			continue;
		snprintf(addr, sizeof(addr), "%s", e->d_name);
		break;
	}
	closedir(d);
	if (!addr[0])
		return -ENODEV;
	if (bdf)
		snprintf(bdf, bdf_len, "%s", addr);

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver_override", addr);
	ret = write_str(p, "vfio-pci");
	if (ret)
		return ret;
	/* Let go of any other driver first. */
	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver/unbind", addr);
	if (access(p, W_OK) == 0)
		write_str(p, addr);
	ret = write_str("/sys/bus/pci/drivers_probe", addr);
	if (ret)
		return ret;

	/* The cdev node is created by devtmpfs asynchronously; wait a bit. */
	for (int i = 0; i < 200; i++) {
		ret = find_vfio_dev(addr, path, path_len);
		if (!ret && access(path, F_OK) == 0)
			return 0;
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	return ret ? ret : -ENOENT;
}
