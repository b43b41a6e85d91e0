// SPDX-License-Identifier: LGPL-2.1-or-later
#include "libiopt.h"

IOPT_API uint32_t iopt_version(void)
{
	return IOPT_VERSION_NUMBER;
}
