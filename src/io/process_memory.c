/* process_memory.c — reads VmRSS, RssAnon, RssFile, RssShmem and VmSize (kB) from
 * /proc/self/status (proc(5)). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "io/process_memory.h"

int cr_process_memory(struct cr_process_memory *m)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "VmRSS:", offsetof(struct cr_process_memory, rss) },
		{ "RssAnon:", offsetof(struct cr_process_memory, anon) },
		{ "RssFile:", offsetof(struct cr_process_memory, file) },
		{ "RssShmem:", offsetof(struct cr_process_memory, shmem) },
		{ "VmSize:", offsetof(struct cr_process_memory, virt) },
	};
	m->rss = m->anon = m->file = m->shmem = m->virt = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			size_t n = strlen(keys[i].key);
			long long kb;
			if (strncmp(line, keys[i].key, n) == 0 &&
			    sscanf(line + n, "%lld", &kb) == 1)
				*(long long *)((char *)m + keys[i].off) = kb * 1024;
		}
	}
	fclose(f);
	return 0;
}
