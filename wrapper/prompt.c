#define _GNU_SOURCE
#include "prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

int prompt_usable(void)
{
	return isatty(0) && isatty(1);
}

static void help(void)
{
	fputs("y - apply this unit (verified as apply verifies every unit)\n"
	      "n - do not apply this unit\n"
	      "q - quit; do not apply this unit or any of the remaining ones\n"
	      "? - print help\n", stdout);
}

enum answer prompt_unit(const char *heading, const char *diff, int color)
{
	char *line = NULL;
	size_t cap = 0;
	enum answer a = ANSWER_QUIT;

	printf("%s\n", heading);
	report_diff(stdout, diff, color);
	for (;;) {
		const char *p;

		printf("apply this unit [y,n,q,?]? ");
		if (fflush(stdout) != 0)
			die(EXIT_USAGE, "writing the prompt:");
		if (getline(&line, &cap, stdin) < 0) {
			putchar('\n');
			break;
		}
		p = line + strspn(line, " \t");
		if (*p == 'y' || *p == 'n' || *p == 'q') {
			a = *p == 'y' ? ANSWER_YES : *p == 'n' ? ANSWER_NO : ANSWER_QUIT;
			break;
		}
		help();
	}
	free(line);
	return a;
}
