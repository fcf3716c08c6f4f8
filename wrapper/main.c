/*
 * lockptr: find locks embedded by value in C structs, the places that copy
 * them, and migrate them to pointers. See DESIGN.md and lockptr(1).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "explain.h"
#include "migrate.h"
#include "options.h"
#include "project.h"
#include "report.h"
#include "scan.h"
#include "tree.h"
#include "proc.h"
#include "util.h"

struct command {
	const char *name;
	int (*run)(const struct options *o);
	const char *summary;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "report lock members, lock-holding types, copy sites" },
	{ "diff", cmd_diff, "print the migration as a unified diff; write nothing" },
	{ "apply", cmd_apply, "migrate in place, verify each unit, roll back failures" },
	{ "verify", cmd_verify, "exit 0 only if no selected unit is still pending" },
	{ "merge", cmd_merge, "report from the facts files of sharded scans" },
	{ "explain", cmd_explain, "UNIT: all lockptr knows of one unit, and its next step" },
};

static void usage(FILE *out)
{
	fputs("usage: lockptr COMMAND [OPTIONS] [PATH...]\n"
	      "       lockptr explain [OPTIONS] TYPE.MEMBER [PATH...]\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "PATH is a .c or .h file or a directory (default: .); inside a git work\n"
	      "tree a directory gives the files git knows. Names that start with '-'\n"
	      "go after '--'.\n"
	      "\n"
	      "A project file, .lockptr.conf (found from the operands upward to the\n"
	      "top of the git work tree), holds options a project always passes as\n"
	      "'key = value' lines: compdb (-p), include (-I), define (-D), macro-file,\n"
	      "lock-type, init-wrapper, test-cmd, timeout, max-mem, exclude, keep.\n"
	      "Options given on the command line override it: a single-valued one\n"
	      "replaces the file's value, a repeatable one adds to its values.\n"
	      "\n"
	      "options:\n"
	      "  -j, --jobs N           spatch processes at once (default: CPUs)\n"
	      "  -p FILE|DIR            compile_commands.json: flags per file; facts only\n"
	      "                         of the lines its entries compile; a changed file\n"
	      "                         no entry compiles borrows the nearest entry's\n"
	      "                         flags\n"
	      "  -I DIR                 add an include directory\n"
	      "  -D NAME[=VAL]          define a macro for parsing\n"
	      "  --macro-file FILE      spatch macro file (parsing hints)\n"
	      "  --lock-type N:INIT:DESTROY[:NOMEM]\n"
	      "                         a lock type of your own, with its init and\n"
	      "                         destroy functions (0 on success) and what\n"
	      "                         init returns when out of memory (needed to\n"
	      "                         migrate it) (repeatable)\n"
	      "  --init-wrapper NAME:VALUE\n"
	      "                         diff, apply: NAME, a project's own init of a\n"
	      "                         lock whose result lockptr cannot read, returns\n"
	      "                         0 on success; a call of it gives VALUE when the\n"
	      "                         lock cannot be allocated (repeatable)\n"
	      "  --timeout S            seconds per spatch process, 0: none (default 120)\n"
	      "  --max-mem MIB          memory per spatch process, 0: none (default 2048)\n"
	      "  --format FMT           text, json or sarif (default text); scan also\n"
	      "                         takes facts (the raw facts, for merge)\n"
	      "  --test-cmd CMD         apply: run CMD (split like a shell would, run\n"
	      "                         without one) after each unit; failure rolls back;\n"
	      "                         diff does not run it\n"
	      "  --progress WHEN        auto (on a terminal), always or never\n"
	      "  --color WHEN           diff: colour the diff (auto: on a terminal)\n"
	      "  --all                  select every unit\n"
	      "  --no-cache             neither read nor write .lockptr/cache and\n"
	      "                         .lockptr/verdicts (at the tree's top: the git\n"
	      "                         work tree, else the operands')\n"
	      "  --changed-since REV    scan: report only what files changed since the\n"
	      "                         git revision REV copy or define\n"
	      "  --shard I/N            scan only shard I of N (every header, and the\n"
	      "                         .c files of the shard); use --format facts and\n"
	      "                         merge the shards with: lockptr merge FILE...\n"
	      "  --only TYPE.MEMBER     select one unit, e.g. 'struct stats.rw'\n"
	      "                         (repeatable); TYPE.MEMBER@FILE: one definition\n"
	      "                         of a type several files define differently;\n"
	      "                         also one in vendored code or a public header\n"
	      "  --exclude GLOB         scan no file whose path matches GLOB: a name\n"
	      "                         at any depth (deps), or a path from the\n"
	      "                         working directory (src/vendor/*) (repeatable)\n"
	      "  --keep 'TYPE.MEMBER: REASON'\n"
	      "                         keep a unit by value on purpose, as the\n"
	      "                         comment /* lockptr: keep: REASON */ on its\n"
	      "                         member's line does: not a finding, never\n"
	      "                         migrated (repeatable)\n"
	      "  --no-project           read no .lockptr.conf\n"
	      "  --include-vendored     apply, diff: also migrate units declared in\n"
	      "                         vendored code (deps/, vendor/, third_party/,\n"
	      "                         external/, git submodules) or public headers\n"
	      "                         (installed, or under include/ without install\n"
	      "                         rules); refused by default\n"
	      "  --retry                apply: verify again the units an earlier apply\n"
	      "                         rolled back or refused, not their verdicts kept\n"
	      "                         in .lockptr/verdicts (reported with \"(cached)\")\n"
	      "  --one-by-one           apply, diff: rewrite and verify one unit at a\n"
	      "                         time (slower; by default units are migrated\n"
	      "                         in groups, one pass each, with the same result)\n"
	      "  --split DIR            diff: write one patch per migrated unit into DIR\n"
	      "                         (made if missing, must be empty), numbered in\n"
	      "                         apply's order, for git am DIR/*.patch\n"
	      "  --commit               apply: commit each kept unit on its own, with\n"
	      "                         the message of its --split patch (a git work\n"
	      "                         tree with nothing uncommitted)\n"
	      "  --interactive          apply: show each unit's diff and ask y (apply),\n"
	      "                         n (skip), q (quit); on a terminal only\n"
	      "  -q, --quiet            no summary line, no progress\n"
	      "  -h, --help             this help\n"
	      "  --version              lockptr's version and the spatch it runs\n"
	      "\n"
	      "exit status: 0 nothing found; 1 findings; 2 usage or environment\n"
	      "error, also a bad project file (FILE:LINE: why); 3 a file could not\n"
	      "be scanned in full (3 wins over 1). Kept units are no findings, nor\n"
	      "are units skipped at apply --interactive's prompt.\n",
	      out);
}

static void version(void)
{
	const char *spatch = getenv("SPATCH") && *getenv("SPATCH") ? getenv("SPATCH")
								  : "spatch";
	char *argv[] = { (char *)spatch, "--version", NULL };
	struct job j = { .argv = argv };
	char *line = NULL;

	printf("lockptr %s\n", LOCKPTR_VERSION);
	if (in_path(spatch) && spawn_one(&j, 30) == 0 && j.out.data) {
		line = strndup(j.out.data, strcspn(j.out.data, "\n"));
		printf("%s (%s)\n", line ? line : "spatch", spatch);
	} else {
		printf("spatch: not found (%s)\n", spatch);
	}
	printf("semantic patches: %s/cocci\n", datadir());
	free(line);
	buf_free(&j.out);
	buf_free(&j.err);
}

/* parse_with_project(): a bad project file, already reported. */
enum { OPT_PROJECT = OPT_ERROR + 1 };

/* The options of the project file, then the command line's; the
 * project's arguments are kept in args, which o points into. */
static int parse_with_project(const struct command *cmd, int argc, char **argv,
			      struct options *o, struct strvec *args)
{
	char err[512], *pf;
	long line;
	int rc = options_parse(o, argc, argv);
	struct strvec where = { 0 };

	if (rc != OPT_OK || o->no_project)
		return rc;
	/* explain's first operand is a unit, not a place to look from. */
	for (size_t i = cmd->run == cmd_explain; i < o->paths.n; i++)
		strvec_push(&where, o->paths.v[i]);
	pf = project_find(&where);
	strvec_free(&where);
	if (!pf)
		return rc;
	if (project_load(pf, args, &line, err, sizeof(err)) < 0) {
		char *shown = path_escape(pf);

		if (line)
			error("%s: %s:%ld: %s", cmd->name, shown, line, err);
		else
			error("%s: %s: %s", cmd->name, shown, err);
		free(shown);
		free(pf);
		return OPT_PROJECT;
	}
	/* argv is permuted by now: options first, then the operands. */
	{
		struct strvec all = { 0 };

		strvec_push(&all, argv[0]);
		for (size_t i = 0; i < args->n; i++)
			strvec_push(&all, args->v[i]);
		for (int i = 1; i < argc; i++)
			strvec_push(&all, argv[i]);
		strvec_free(args);
		*args = all;
	}
	options_free(o);
	rc = options_parse(o, (int)args->n, args->v);
	o->project = pf;
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	struct options o;
	struct strvec args = { 0 };
	int rc, status;

	tmpdir_signals();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		version();
		return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		error("'%s' is not a command (try: lockptr --help)", argv[1]);
		return EXIT_USAGE;
	}
	rc = parse_with_project(cmd, argc - 1, argv + 1, &o, &args);
	if (rc == OPT_HELP)
		usage(stdout);
	else if (rc == OPT_VERSION)
		version();
	else if (rc == OPT_ERROR)
		error("%s: %s", cmd->name, o.error);
	if (rc == OPT_OK && options_misplaced(&o, cmd->name)) {
		error("%s: %s", cmd->name, options_misplaced(&o, cmd->name));
		rc = OPT_ERROR;
	}
	/* explain's first operand is the unit, not a path. */
	if (rc == OPT_OK && cmd->run == cmd_explain && explain_subject(&o) < 0) {
		error("%s: %s", cmd->name, o.error);
		rc = OPT_ERROR;
	}
	/* Every command but merge reads (and may write) a tree. */
	if (rc == OPT_OK && cmd->run != cmd_merge) {
		char err[1024];

		if (tree_open(&o.paths, err, sizeof(err)) < 0) {
			error("%s: %s", cmd->name, err);
			rc = OPT_ERROR;
		}
	}
	status = rc == OPT_OK ? cmd->run(&o)
		 : rc == OPT_HELP || rc == OPT_VERSION ? (fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_USAGE)
		 : EXIT_USAGE;
	options_free(&o);
	strvec_free(&args);
	return status;
}
