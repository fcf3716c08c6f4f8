# lockptr: see README.md. `make` builds wrapper/lockptr; `make check` and
# `make demo` first install what is missing (make deps).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/lockptr
MANPREFIX ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/lockptr
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS = $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
CRYPTO_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcrypto 2>/dev/null)
CRYPTO_LIBS = $(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null || echo -lcrypto)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
INIH_CFLAGS = $(shell $(PKG_CONFIG) --cflags inih 2>/dev/null)
INIH_LIBS = $(shell $(PKG_CONFIG) --libs inih 2>/dev/null || echo -linih)
WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c17 $(WARN) $(CFLAGS) $(JANSSON_CFLAGS) $(CRYPTO_CFLAGS) $(INIH_CFLAGS) \
	     -DLOCKPTR_DATADIR='"$(DATADIR)"' -DLOCKPTR_DOCDIR='"$(DOCDIR)"'

LIB_SRC = wrapper/util.c wrapper/proc.c wrapper/options.c wrapper/files.c \
	  wrapper/compdb.c wrapper/detect.c wrapper/model.c wrapper/report.c \
	  wrapper/scan.c wrapper/rewrite.c wrapper/atomic.c wrapper/compile.c \
	  wrapper/migrate.c wrapper/cache.c wrapper/macros.c \
	  wrapper/usertype.c wrapper/includes.c wrapper/opaque.c \
	  wrapper/tree.c wrapper/box.c wrapper/journal.c wrapper/view.c wrapper/config.c wrapper/rescue.c wrapper/macrocall.c \
	  wrapper/run.c wrapper/plan.c wrapper/helper.c wrapper/verify.c wrapper/apply.c \
	  wrapper/strmap.c wrapper/schema.c wrapper/install.c wrapper/scope.c \
	  wrapper/verdict.c wrapper/defs.c wrapper/group.c wrapper/hunks.c wrapper/marks.c \
	  wrapper/project.c wrapper/keep.c wrapper/exclude.c wrapper/explain.c \
	  wrapper/series.c wrapper/message.c wrapper/git.c wrapper/prompt.c \
	  wrapper/probecache.c
HDR = $(wildcard wrapper/*.h)
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

all: wrapper/lockptr

wrapper/lockptr: wrapper/main.c $(LIB_SRC) $(HDR)
	$(CC) $(ALL_CFLAGS) -o $@ wrapper/main.c $(LIB_SRC) $(JANSSON_LIBS) $(CRYPTO_LIBS) $(INIH_LIBS) $(LDFLAGS)

wrapper/lockptr-san: wrapper/main.c $(LIB_SRC) $(HDR)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -o $@ wrapper/main.c $(LIB_SRC) $(JANSSON_LIBS) $(CRYPTO_LIBS) $(INIH_LIBS)

tests/unit/run-unit: tests/unit/*.c $(LIB_SRC) $(HDR)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -Iwrapper -o $@ tests/unit/*.c $(LIB_SRC) \
		$(JANSSON_LIBS) $(CRYPTO_LIBS) $(INIH_LIBS) $(CMOCKA_LIBS)

deps:
	@tests/deps.sh

# libFuzzer harnesses (tests/fuzz/): each runs FUZZ_SECONDS from its seeds
# in tests/fuzz/corpus/NAME; any finding fails. gcc builds are the
# -Werror gate: clang's other warnings must not stop a fuzz run.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZERS = facts cache compdb options macros project install
FUZZ_SAN = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

tests/fuzz/fuzz-%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(HDR)
	$(FUZZ_CC) $(ALL_CFLAGS) -Wno-error $(FUZZ_SAN) -O1 -Iwrapper -o $@ $< $(LIB_SRC) \
		$(JANSSON_LIBS) $(CRYPTO_LIBS) $(INIH_LIBS)

fuzz: $(FUZZERS:%=tests/fuzz/fuzz-%)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

# The suite runs on the sanitizer build: every CLI and golden test goes
# through ASan and UBSan.
check: deps wrapper/lockptr wrapper/lockptr-san tests/unit/run-unit
	tests/run.sh wrapper/lockptr-san tests/unit/run-unit

lint-cocci:
	tests/lint-cocci.sh

demo: deps wrapper/lockptr
	tests/demo.sh

bench: deps wrapper/lockptr
	bench/run.sh

# The installed binary is built for its own DATADIR, whatever PREFIX the
# development build had.
install: wrapper/main.c $(LIB_SRC) $(HDR)
	$(CC) $(ALL_CFLAGS) -o wrapper/lockptr-install wrapper/main.c $(LIB_SRC) $(JANSSON_LIBS) $(CRYPTO_LIBS) $(INIH_LIBS) $(LDFLAGS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/cocci/detect \
		$(DESTDIR)$(DATADIR)/cocci/rewrite
	install -m 755 wrapper/lockptr-install $(DESTDIR)$(BINDIR)/lockptr
	rm -f wrapper/lockptr-install
	install -m 644 cocci/detect/*.cocci $(DESTDIR)$(DATADIR)/cocci/detect/
	install -m 644 cocci/rewrite/*.in $(DESTDIR)$(DATADIR)/cocci/rewrite/
	install -d $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DOCDIR)
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 wrapper/lockptr.1 $(DESTDIR)$(MANPREFIX)/man1/lockptr.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lockptr $(DESTDIR)$(MANPREFIX)/man1/lockptr.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# Recall and precision of scan against clang's AST over a compilation
# database: make recall RECALL_TREE=DIR [RECALL_ARGS='--min-copy-recall 100'].
# Slow (clang per entry); not part of check.
recall: wrapper/lockptr
	@test -n "$(RECALL_TREE)" || { echo "usage: make recall RECALL_TREE=DIR [RECALL_ARGS=...]" >&2; exit 2; }
	python3 bench/recall.py --lockptr $(CURDIR)/wrapper/lockptr $(RECALL_ARGS) $(RECALL_TREE)

clean:
	rm -f wrapper/lockptr wrapper/lockptr-san tests/unit/run-unit $(FUZZERS:%=tests/fuzz/fuzz-%)

.PHONY: all deps check fuzz lint-cocci demo bench recall install uninstall clean
