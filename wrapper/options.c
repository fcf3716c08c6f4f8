#define _GNU_SOURCE
#include "options.h"

#include "compdb.h"

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	LO_MACRO = 256, LO_LOCK, LO_TIMEOUT, LO_FORMAT, LO_PROGRESS,
	LO_ALL, LO_ONLY, LO_VERSION, LO_MAXMEM, LO_TESTCMD, LO_NOCACHE, LO_SHARD,
	LO_CHANGED, LO_COLOR, LO_INIT_WRAPPER, LO_VENDORED, LO_RETRY,
	LO_EXCLUDE = 512, LO_KEEP, LO_NOPROJECT,
	LO_SPLIT = 768, LO_COMMIT, LO_INTERACTIVE, LO_ONE_BY_ONE,
};

static const struct option longopts[] = {
	{ "jobs", required_argument, NULL, 'j' },
	{ "macro-file", required_argument, NULL, LO_MACRO },
	{ "lock-type", required_argument, NULL, LO_LOCK },
	{ "init-wrapper", required_argument, NULL, LO_INIT_WRAPPER },
	{ "timeout", required_argument, NULL, LO_TIMEOUT },
	{ "max-mem", required_argument, NULL, LO_MAXMEM },
	{ "format", required_argument, NULL, LO_FORMAT },
	{ "progress", required_argument, NULL, LO_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "all", no_argument, NULL, LO_ALL },
	{ "only", required_argument, NULL, LO_ONLY },
	{ "test-cmd", required_argument, NULL, LO_TESTCMD },
	{ "no-cache", no_argument, NULL, LO_NOCACHE },
	{ "shard", required_argument, NULL, LO_SHARD },
	{ "changed-since", required_argument, NULL, LO_CHANGED },
	{ "color", required_argument, NULL, LO_COLOR },
	{ "exclude", required_argument, NULL, LO_EXCLUDE },
	{ "keep", required_argument, NULL, LO_KEEP },
	{ "no-project", no_argument, NULL, LO_NOPROJECT },
	{ "include-vendored", no_argument, NULL, LO_VENDORED },
	{ "retry", no_argument, NULL, LO_RETRY },
	{ "one-by-one", no_argument, NULL, LO_ONE_BY_ONE },
	{ "split", required_argument, NULL, LO_SPLIT },
	{ "commit", no_argument, NULL, LO_COMMIT },
	{ "interactive", no_argument, NULL, LO_INTERACTIVE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, LO_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int fail(struct options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct options *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->error, sizeof(o->error), fmt, ap);
	va_end(ap);
	return OPT_ERROR;
}

static int number(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int is_ident(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

/* What an init returns when out of memory: an identifier or an integer,
 * either maybe negated (UV_ENOMEM, -ENOMEM, -1). */
static int is_nomem_value(const char *s)
{
	if (*s == '-')
		s++;
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789_") == strlen(s);
}

static int add_lock_type(struct options *o, const char *spec)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
	size_t dlen = c3 ? (size_t)(c3 - c2 - 1) : (c2 ? strlen(c2 + 1) : 0);
	struct lock_type *lt;

	if (!c2 || (c3 && strchr(c3 + 1, ':')) || !is_ident(spec, (size_t)(c1 - spec)) ||
	    !is_ident(c1 + 1, (size_t)(c2 - c1 - 1)) || !is_ident(c2 + 1, dlen) ||
	    (c3 && !is_nomem_value(c3 + 1)))
		return fail(o, "--lock-type '%s': expected NAME:INIT:DESTROY[:NOMEM] "
			    "(three C identifiers, and what INIT returns when out of "
			    "memory: an identifier or integer)", spec);
	o->lock_types = xrealloc(o->lock_types,
				 (o->nlock_types + 1) * sizeof(*o->lock_types));
	lt = &o->lock_types[o->nlock_types++];
	lt->name = strndup(spec, (size_t)(c1 - spec));
	lt->init = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
	lt->destroy = strndup(c2 + 1, dlen);
	lt->nomem = c3 ? xstrdup(c3 + 1) : NULL;
	if (!lt->name || !lt->init || !lt->destroy)
		die(EXIT_USAGE, "out of memory");
	return OPT_OK;
}

const char *init_wrapper_nomem(const struct options *o, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = o->init_wrappers.n; i-- > 0;)
		if (!strncmp(o->init_wrappers.v[i], name, n) && o->init_wrappers.v[i][n] == ':')
			return o->init_wrappers.v[i] + n + 1;
	return NULL;
}

int split_unit_name(const char *s, char **type, char **member)
{
	/* The member path starts after the type's spelling: the first '.'
	 * after "struct tag", "union tag" or a typedef name. */
	const char *dot = strchr(s, '.');
	size_t n;

	if (!dot || dot == s || !dot[1])
		return -1;
	n = (size_t)(dot - s);
	if (!strncmp(s, "struct ", 7) ? !is_ident(s + 7, n - 7)
	    : !strncmp(s, "union ", 6) ? !is_ident(s + 6, n - 6)
	    : !is_ident(s, n))
		return -1;
	for (const char *p = dot + 1; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '.' ||
		      *p == '[' || *p == ']'))
			return -1;
	*type = strndup(s, n);
	*member = xstrdup(dot + 1);
	if (!*type)
		die(EXIT_USAGE, "out of memory");
	return 0;
}

int split_keep(const char *s, char **unit, char **reason)
{
	const char *colon = strchr(s, ':');
	const char *a = s, *b = colon, *r = colon ? colon + 1 : NULL;
	char *type, *member;

	if (!colon)
		return -1;
	while (isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	while (isspace((unsigned char)*r))
		r++;
	*unit = strndup(a, (size_t)(b - a));
	if (!*unit)
		die(EXIT_USAGE, "out of memory");
	if (!*r || split_unit_name(*unit, &type, &member) < 0) {
		free(*unit);
		return -1;
	}
	free(type);
	free(member);
	*reason = xstrdup(r);
	for (size_t n = strlen(*reason); n && isspace((unsigned char)(*reason)[n - 1]); n--)
		(*reason)[n - 1] = '\0';
	return 0;
}

/* The options of the project file, suppressions and exclusions. */
static int flow_option(struct options *o, int c, const char *arg)
{
	char *unit, *reason;

	switch (c) {
	case LO_EXCLUDE:
		if (!*arg)
			return fail(o, "--exclude '': expected a glob (e.g. 'deps' or "
				    "'src/vendor/*')");
		strvec_push(&o->exclude, arg);
		return OPT_OK;
	case LO_KEEP:
		if (split_keep(arg, &unit, &reason) < 0)
			return fail(o, "--keep '%s': expected 'TYPE.MEMBER: REASON', e.g. "
				    "'struct ring.lock: shared with the kernel'", arg);
		free(unit);
		free(reason);
		strvec_push(&o->keep, arg);
		return OPT_OK;
	default:
		o->no_project = 1;
		return OPT_OK;
	}
}

int options_parse(struct options *o, int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c;

	memset(o, 0, sizeof(*o));
	o->jobs = ncpu > 0 ? (int)(ncpu > 64 ? 64 : ncpu) : 1;
	o->timeout = 120;
	o->max_mem = 2048;
	optind = 0;  /* glibc: full reset, so tests can parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:p:I:D:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (number(optarg, 1, 256, &o->jobs))
				return fail(o, "-j '%s': expected a number "
					    "from 1 to 256", optarg);
			break;
		case 'p':
			o->compdb = optarg;
			break;
		case 'I':
			strvec_push(&o->incdirs, optarg);
			break;
		case 'D':
			if (!is_ident(optarg, strcspn(optarg, "=")))
				return fail(o, "-D '%s': expected NAME or "
					    "NAME=VALUE", optarg);
			strvec_push(&o->defines, optarg);
			break;
		case LO_MACRO:
			o->macro_file = optarg;
			break;
		case LO_LOCK:
			if (add_lock_type(o, optarg) != OPT_OK)
				return OPT_ERROR;
			break;
		case LO_INIT_WRAPPER: {
			const char *colon = strchr(optarg, ':');

			if (!colon || !is_ident(optarg, (size_t)(colon - optarg)) ||
			    !is_nomem_value(colon + 1))
				return fail(o, "--init-wrapper '%s': expected NAME:VALUE (a C "
					    "identifier, and what NAME should return when the "
					    "lock cannot be allocated: an identifier or integer)",
					    optarg);
			strvec_push(&o->init_wrappers, optarg);
			break;
		}
		case LO_TIMEOUT:
			if (number(optarg, 0, 86400, &o->timeout))
				return fail(o, "--timeout '%s': expected seconds "
					    "from 0 (none) to 86400", optarg);
			break;
		case LO_MAXMEM:
			if (number(optarg, 0, 1 << 20, &o->max_mem))
				return fail(o, "--max-mem '%s': expected MiB "
					    "from 0 (none) to 1048576", optarg);
			break;
		case LO_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "sarif"))
				o->format = FORMAT_SARIF;
			else if (!strcmp(optarg, "facts"))
				o->format = FORMAT_FACTS;
			else
				return fail(o, "--format '%s': expected text, "
					    "json or sarif", optarg);
			break;
		case LO_PROGRESS:
		case LO_COLOR: {
			enum when *w = c == LO_COLOR ? &o->color : &o->progress;

			if (!strcmp(optarg, "auto"))
				*w = WHEN_AUTO;
			else if (!strcmp(optarg, "always"))
				*w = WHEN_ALWAYS;
			else if (!strcmp(optarg, "never"))
				*w = WHEN_NEVER;
			else
				return fail(o, "%s '%s': expected auto, always or never",
					    c == LO_COLOR ? "--color" : "--progress", optarg);
			break;
		}
		case 'q':
			o->quiet = 1;
			break;
		case LO_ALL:
			o->all = 1;
			break;
		case LO_NOCACHE:
			o->no_cache = 1;
			break;
		case LO_VENDORED:
			o->include_vendored = 1;
			break;
		case LO_RETRY:
			o->retry = 1;
			break;
		case LO_ONE_BY_ONE:
			o->one_by_one = 1;
			break;
		case LO_CHANGED:
			if (!*optarg || optarg[0] == '-')
				return fail(o, "--changed-since '%s': expected a git revision",
					    optarg);
			o->changed_since = optarg;
			break;
		case LO_SHARD: {
			char *slash = strchr(optarg, '/');
			int i, n;

			if (!slash || (*slash = '\0', number(optarg, 0, 1 << 20, &i)) ||
			    number(slash + 1, 1, 1 << 20, &n) || i >= n) {
				if (slash)
					*slash = '/';
				return fail(o, "--shard '%s': expected I/N with 0 <= I < N",
					    optarg);
			}
			*slash = '/';
			o->shard = i;
			o->nshards = n;
			break;
		}
		case LO_ONLY: {
			/* TYPE.MEMBER@FILE names one of several definitions. */
			char *t, *m, *name = xstrdup(optarg), *at = strrchr(name, '@');
			int bad;

			if (at && at[1])
				*at = '\0';
			bad = split_unit_name(name, &t, &m);
			free(name);
			if (bad)
				return fail(o, "--only '%s': expected TYPE.MEMBER[@FILE], "
					    "e.g. 'struct stats.rw'", optarg);
			free(t);
			free(m);
			strvec_push(&o->only, optarg);
			break;
		}
		case LO_TESTCMD: {
			struct strvec v = { 0 };
			int bad = shell_split(optarg, &v) < 0 || v.n == 0;

			strvec_free(&v);
			if (bad)
				return fail(o, "--test-cmd '%s': expected a command "
					    "(quotes closed)", optarg);
			o->test_cmd = optarg;
			break;
		}
		case LO_EXCLUDE:
		case LO_KEEP:
		case LO_NOPROJECT:
			if (flow_option(o, c, optarg) != OPT_OK)
				return OPT_ERROR;
			break;
		case LO_SPLIT:
			if (!*optarg)
				return fail(o, "--split '': expected a directory for the patches");
			o->split = optarg;
			break;
		case LO_COMMIT:
			o->commit = 1;
			break;
		case LO_INTERACTIVE:
			o->interactive = 1;
			break;
		case 'h':
			return OPT_HELP;
		case LO_VERSION:
			return OPT_VERSION;
		case '?':
		default:
			if (optopt && optopt < 256 && strchr("jpID", optopt))
				return fail(o, "option -%c needs a value", optopt);
			if (optopt)
				return fail(o, "unknown option '-%c'", optopt);
			return fail(o, "unknown or incomplete option '%s'",
				    argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		strvec_push(&o->paths, argv[i]);
	if (o->all && o->only.n)
		return fail(o, "--all and --only exclude each other");
	return OPT_OK;
}

const char *options_misplaced(const struct options *o, const char *cmd)
{
	if (o->split && strcmp(cmd, "diff"))
		return "--split DIR is for diff (apply --commit makes the series as commits)";
	if (o->commit && strcmp(cmd, "apply"))
		return "--commit is for apply (diff --split DIR writes the series as patches)";
	if (o->interactive && strcmp(cmd, "apply"))
		return "--interactive is for apply";
	return NULL;
}

void options_free(struct options *o)
{
	strvec_free(&o->incdirs);
	strvec_free(&o->defines);
	strvec_free(&o->only);
	strvec_free(&o->paths);
	strvec_free(&o->init_wrappers);
	strvec_free(&o->exclude);
	strvec_free(&o->keep);
	free(o->project);
	free(o->subject);
	o->project = o->subject = NULL;
	for (size_t i = 0; i < o->nlock_types; i++) {
		free(o->lock_types[i].name);
		free(o->lock_types[i].init);
		free(o->lock_types[i].destroy);
		free(o->lock_types[i].nomem);
	}
	free(o->lock_types);
	o->lock_types = NULL;
	o->nlock_types = 0;
}
