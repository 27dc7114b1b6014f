/* progress.c — the demo load's progress bar on stderr. It must stay silent when stderr is not a
 * terminal, so logs and test output carry no control characters. */
#include <stdio.h>
#include <unistd.h>

#include "demo/demo.h"

void cr_progress(const char *what, long long done, long long total)
{
	static int last = -1;
	if (!isatty(STDERR_FILENO) || total <= 0)
		return;
	int pct = (int)(done * 100 / total);
	if (pct == last && done != total)
		return;
	last = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = 0;
	fprintf(stderr, "\r%-16s [%s] %3d%% %lld/%lld", what, bar, pct, done, total);
	if (done >= total) {
		fputc('\n', stderr);
		last = -1;
	}
}
