# tablero - build, run and test. Every target that compiles first installs
# the missing Debian packages of its role (scripts/deps.sh: run, test,
# bench, fuzz), so a fresh Debian 12 works; the shell is POSIX sh and every
# path a recipe builds is relative, so the checkout may live in a folder
# with spaces or accents ("/home/ana/Informes de gestión/tablero").

CC      ?= cc
BUILD   ?= build
# Libraries with a pkg-config file are asked for their flags; the others
# (libcsv, libharu, libunistring ship none on Debian 12) are named.
# libzip and libxlsxwriter are compiled against but not linked: tablero
# opens them itself when a workbook is read or --plantilla written
# (src/base/sonames.h says why; $(BUILD)/sonames checks their SONAMEs).
PKGS     = gsl inih libcjson nettle expat
DL_PKGS  = libzip xlsxwriter
# "=", not ":=": asked when a recipe runs, after deps-run installed pkg-config
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lm -linih -lcjson -lnettle -lexpat)
WARN     = -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
# The folders of src/ are the stages, in the order data flows through them
# (docs/ARCHITECTURE.md); `make check-layout` enforces that includes only
# point back along this list.
STAGES   = base plan ingest analyze report export publish
INCLUDES = -Isrc $(addprefix -Isrc/,$(STAGES))
# where `make install` puts the example and the README: the program names
# them (--help, and when it finds no configuration)
PREFIX  ?= /usr/local
DESTDIR ?=
SHAREDIR = $(PREFIX)/share/tablero
PATH_DEFS = -DTABLERO_SHAREDIR=\"$(SHAREDIR)\" -DTABLERO_DOCDIR=\"$(PREFIX)/share/doc/tablero\"
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(INCLUDES) $(PATH_DEFS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   = -lcsv -lhpdf -lunistring $(PKG_LIBS) -lm
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CONFIG  ?= config/tablero.ini
PERIOD  ?=

LIB_SRC  = $(wildcard $(addsuffix /*.c,$(addprefix src/,$(STAGES)))) src/run.c
LIB_SRC := $(filter-out src/report/hpdf_fast.c src/report/hpdf_deflate.c src/report/hpdf_fontsave.c,$(LIB_SRC))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: ci-space all deps deps-run deps-test deps-bench run test unit blackbox a11y check-asan check-valgrind check-layout clean bench-data bench slurm-check FORCE
all: $(BUILD)/tablero

deps: deps-test
deps-run deps-test deps-bench:
	@sh scripts/deps.sh $(@:deps-%=%)

# deps-run is order-only: it runs (one dpkg-query) whenever something is
# compiled, without making everything out of date. The compiler flags
# (with the install paths, PATH_DEFS) and the version are inputs of every
# object: a change in either rewrites this file, and so rebuilds (headers
# are tracked by -MMD -MP below).
$(BUILD)/flags: FORCE | $(BUILD)/obj deps-run
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(VERSION)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(VERSION)' >$@

# The SONAMEs that src/base/sonames.h names must be those of the libraries
# the headers come from, or the build stops here.
$(BUILD)/sonames: src/base/sonames.h scripts/check-sonames.sh | $(BUILD)/obj deps-run
	@CC="$(CC)" sh scripts/check-sonames.sh src/base/sonames.h && touch $@

$(BUILD)/obj/%.o: src/%.c $(BUILD)/flags $(BUILD)/sonames | $(BUILD)/obj deps-run
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# Only main.c shows the version; it comes from VERSION.
$(BUILD)/obj/main.o: src/main.c VERSION $(BUILD)/flags | $(BUILD)/obj deps-run
	$(CC) $(ALL_CFLAGS) -MMD -MP -DTABLERO_VERSION='"$(VERSION)"' -c $< -o $@

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

$(BUILD)/libtablero.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

# hpdf_fast.o, hpdf_deflate.o and hpdf_fontsave.o go into the program itself
# so that they override libharu's helpers, its font subsetting and zlib's
# deflate calls (see the files).
PROG_OBJ = $(BUILD)/obj/report/hpdf_fast.o $(BUILD)/obj/report/hpdf_deflate.o $(BUILD)/obj/report/hpdf_fontsave.o
$(BUILD)/tablero: $(BUILD)/obj/main.o $(PROG_OBJ) $(BUILD)/libtablero.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldeflate -lz

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtablero.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(BUILD)/libtablero.a $(LDLIBS) $(TEST_LIBS)

-include $(wildcard $(BUILD)/tests/*.d)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

# Includes run one way along $(STAGES) (then run.c, then main.c).
check-layout:
	@sh scripts/check-layout.sh $(STAGES)

run: deps-run
	$(MAKE) --no-print-directory all
	./$(BUILD)/tablero -c $(CONFIG) $(if $(PERIOD),-p $(PERIOD))

test: deps-test
	$(MAKE) --no-print-directory check-layout unit blackbox a11y

# Tagged structure, fonts, metadata and rendering of every kind of PDF.
a11y: $(BUILD)/tablero $(BUILD)/bench/gen_network
	@sh tests/a11y.sh $(BUILD)/tablero $(BUILD)/bench/gen_network

unit: $(TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN)

# TEST_TMP=/dev/shm: the tests' scratch folders on a tmpfs (default /tmp)
TEST_TMP ?=
export TABLERO_TEST_TMP = $(TEST_TMP)
blackbox: $(BUILD)/tablero $(BUILD)/fault/shim.so $(BUILD)/fault/shim-io.so
	@sh tests/blackbox.sh $(BUILD)/tablero
	@sh tests/hostile.sh $(BUILD)/tablero
	@sh tests/docs.sh $(BUILD)/tablero
	@sh tests/fault/env.sh $(BUILD)/tablero $(BUILD)/fault/$(if $(findstring address,$(LDFLAGS)),shim-io.so,shim.so)
	@BUILD=$(BUILD) sh tests/ci/clone-space.sh

# README's manifest example, from a run of this build on the bundled data
# (make test checks that it is current, in tests/docs.sh).
.PHONY: manifest-example
manifest-example: $(BUILD)/tablero
	@sh scripts/manifest-example.sh $(BUILD)/tablero && echo "README.md: ejemplo de manifiesto al día"

# The clone test with the whole `make test` in the clone (slow: a rebuild).
ci-space:
	@sh tests/ci/clone-space.sh full

# Same tests under AddressSanitizer + UBSan, in their own build folder.
check-asan: deps-test
	$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" unit blackbox

# Same tests under valgrind (memcheck, leaks are errors).
check-valgrind: deps-test
	$(MAKE) --no-print-directory all $(TEST_BIN)
	@TABLERO_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible" \
	  sh tests/run_unit.sh $(TEST_BIN)
	@TABLERO_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible" \
	  sh tests/blackbox.sh $(BUILD)/tablero

clean:
	rm -rf build build-asan build-fuzz

# Fuzzing the ingestion (libFuzzer + ASan/UBSan, clang), outside `make test`:
#   make fuzz FUZZ_SECONDS=1800    (seeds from tests/cases/*/input and input/)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
FUZZ_SRC      = src/ingest/ingest.c src/base/csvread.c src/base/text.c src/base/common.c \
  src/ingest/sheet.c src/ingest/sheet_zip.c src/ingest/sheet_xlsx.c src/ingest/sheet_ods.c \
  src/base/dynlib.c
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(INCLUDES)

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BUILD)/fuzz_ingest

$(FUZZ_BUILD)/fuzz_ingest: fuzz/fuzz_ingest.c $(FUZZ_SRC) $(wildcard src/*/*.h)
	@sh fuzz/deps.sh $(FUZZ_CC)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_ingest.c $(FUZZ_SRC) -lcsv -lunistring -lnettle -lexpat

fuzz: fuzz-build
	sh fuzz/run.sh $(FUZZ_BUILD)/fuzz_ingest $(FUZZ_SECONDS)

# The spreadsheet reader (zip, XML, cells; seeds from the workbook
# fixtures):  make fuzz-sheet FUZZ_SECONDS=600
.PHONY: fuzz-sheet fuzz-sheet-build
fuzz-sheet-build: $(FUZZ_BUILD)/fuzz_sheet

$(FUZZ_BUILD)/fuzz_sheet: fuzz/fuzz_sheet.c $(FUZZ_SRC) $(wildcard src/*/*.h)
	@sh fuzz/deps.sh $(FUZZ_CC)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_sheet.c $(FUZZ_SRC) -lcsv -lunistring -lnettle -lexpat

fuzz-sheet: fuzz-sheet-build
	sh fuzz/run_sheet.sh $(FUZZ_BUILD)/fuzz_sheet $(FUZZ_SECONDS)

# The config and previous-period readers, each with its own harness over
# the whole library (clang, libFuzzer + ASan/UBSan), seeded from config/,
# the test cases and a bundled run's metrics JSON.
FUZZ_LIB_SRC = $(filter-out src/report/hpdf_fast.c src/report/hpdf_deflate.c src/report/hpdf_fontsave.c,$(wildcard $(addsuffix /*.c,$(addprefix src/,$(STAGES)))))
# cJSON and inih are rebuilt from Debian's source packages with the same
# instrumentation (fuzz/libs.sh, into build-fuzz/libs/), so the coverage
# goes on inside the parsers; their headers come first on the include path.
FUZZ_LIBS = $(FUZZ_BUILD)/libs
FUZZ_LIBS_A = $(FUZZ_LIBS)/libcjson-fuzz.a $(FUZZ_LIBS)/libinih-fuzz.a
$(FUZZ_LIBS)/libcjson-fuzz.a: fuzz/libs.sh
	@sh fuzz/deps.sh $(FUZZ_CC)
	sh fuzz/libs.sh $(FUZZ_LIBS) $(FUZZ_CC) "-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
$(FUZZ_LIBS)/libinih-fuzz.a: $(FUZZ_LIBS)/libcjson-fuzz.a
$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB_SRC) $(wildcard src/*/*.h) $(FUZZ_LIBS_A)
	@sh fuzz/deps.sh $(FUZZ_CC)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(FUZZ_LIBS)/include $(PKG_CFLAGS) -o $@ $< $(FUZZ_LIB_SRC) \
	  $(FUZZ_LIBS_A) $(filter-out -lcjson -linih,$(LDLIBS))

# Every harness in turn, one fuzzer at a time, FUZZ_SLICE seconds each,
# until FUZZ_TOTAL executions in all (fuzz/campaign.sh; build-fuzz/campaign.log
# has executions, exec/s, cov/ft and corpus per slice).
FUZZ_TOTAL ?= 10000000
FUZZ_SLICE ?= 300
.PHONY: fuzz-all
fuzz-all: $(FUZZ_BUILD)/fuzz_ingest $(FUZZ_BUILD)/fuzz_sheet $(FUZZ_BUILD)/fuzz_config $(FUZZ_BUILD)/fuzz_previous $(BUILD)/tablero
	sh fuzz/campaign.sh $(FUZZ_TOTAL) $(FUZZ_SLICE)

.PHONY: fuzz-config fuzz-previous
fuzz-config: $(FUZZ_BUILD)/fuzz_config
	sh fuzz/run-reader.sh $< $(FUZZ_SECONDS) config
fuzz-previous: $(FUZZ_BUILD)/fuzz_previous $(BUILD)/tablero
	sh fuzz/run-reader.sh $< $(FUZZ_SECONDS) previous $(BUILD)/tablero

# Unattended runs (docs/tablero.1): injected I/O and allocation faults at
# every call, kill -9 at random points, full disk, concurrency; long, so
# not part of `make test` (which runs a sample through tests/fault/env.sh).
FAULT_KILLS ?= 200
FAULT_MALLOC_STRIDE ?= 37
FAULT_ASAN_STRIDE ?= 211
FAULT_ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
.PHONY: fault fault-asan install

$(BUILD)/fault/shim.so: tests/fault/shim.c | deps-run
	@mkdir -p $(@D)
	$(CC) -O1 -g -Wall -Wextra -fPIC -shared -o $@ $< -ldl

$(BUILD)/fault/shim-io.so: tests/fault/shim.c | deps-run
	@mkdir -p $(@D)
	$(CC) -O1 -g -Wall -Wextra -DSHIM_NO_MALLOC -fPIC -shared -o $@ $< -ldl

$(BUILD)/tablero-failalloc: tests/fault/failalloc.c $(BUILD)/obj/main.o $(BUILD)/libtablero.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldl

# Every part runs even if an earlier one found problems; the exit status
# says whether any did. FAULT_MALLOC_STRIDE=1 tries every allocation
# (about 140 000 runs, hours); the default tries every 37th.
fault: deps-test all $(BUILD)/fault/shim.so
	@st=0; \
	TABLERO_FAULT_MALLOC_STRIDE=$(FAULT_MALLOC_STRIDE) sh tests/fault/run.sh $(BUILD)/tablero $(BUILD)/fault/shim.so || st=1; \
	sh tests/fault/kill.sh $(BUILD)/tablero $(FAULT_KILLS) || st=1; \
	sh tests/fault/env.sh $(BUILD)/tablero "" full || st=1; \
	$(MAKE) --no-print-directory fault-asan || st=1; \
	exit $$st

# Allocation failures under ASan (leaks are errors), every Nth point.
fault-asan: deps-test
	$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(FAULT_ASAN_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/tablero build-asan/tablero-failalloc build-asan/fault/shim-io.so
	sh tests/fault/asan.sh build-asan/tablero-failalloc build-asan/fault/shim-io.so $(FAULT_ASAN_STRIDE)

# make install PREFIX=/usr/local DESTDIR=: the program, tablero(1), the
# README, and a working example in $(SHAREDIR)/ejemplo: the configuration
# (its inputs and output folder rewritten as absolute paths, so that it
# works where it is and as a copy in /etc/tablero), a sample input and a
# LEEME; the systemd units and the crontab line in $(SHAREDIR)/systemd.
# make uninstall removes exactly those files (never /etc/tablero).
D = $(DESTDIR)$(PREFIX)
INSTALLED = bin/tablero share/man/man1/tablero.1 share/doc/tablero/README.md \
  $(patsubst %,share/tablero/ejemplo/%,$(wildcard config/*.ini config/*.csv) LEEME.md \
  entrada/autodiagnosticos.csv) share/tablero/systemd/tablero.service \
  share/tablero/systemd/tablero.timer share/tablero/systemd/tablero.cron
.PHONY: uninstall
install: all
	install -d "$(D)/bin" "$(D)/share/man/man1" "$(D)/share/doc/tablero" \
	  "$(D)/share/tablero/ejemplo/config" "$(D)/share/tablero/ejemplo/entrada" "$(D)/share/tablero/systemd"
	install -m 755 $(BUILD)/tablero "$(D)/bin/tablero"
	install -m 644 docs/tablero.1 "$(D)/share/man/man1/tablero.1"
	install -m 644 README.md "$(D)/share/doc/tablero/README.md"
	install -m 644 config/*.csv "$(D)/share/tablero/ejemplo/config/"
	sed -e 's|^rutas = .*|rutas = $(SHAREDIR)/ejemplo/entrada|' \
	    -e 's|^carpeta = .*|carpeta = /var/lib/tablero/salida|' config/tablero.ini >"$(D)/share/tablero/ejemplo/config/tablero.ini"
	chmod 644 "$(D)/share/tablero/ejemplo/config/tablero.ini"
	install -m 644 input/autodiagnosticos.csv "$(D)/share/tablero/ejemplo/entrada/"
	sed 's|@SHAREDIR@|$(SHAREDIR)|g' docs/ejemplo-LEEME.md >"$(D)/share/tablero/ejemplo/LEEME.md"
	for f in tablero.service tablero.timer tablero.cron; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' "docs/$$f" >"$(D)/share/tablero/systemd/$$f" && \
	  chmod 644 "$(D)/share/tablero/systemd/$$f" || exit 1; done

uninstall:
	cd "$(D)" && rm -f $(INSTALLED)
	-rmdir "$(D)/share/tablero/ejemplo/config" "$(D)/share/tablero/ejemplo/entrada" \
	  "$(D)/share/tablero/ejemplo" "$(D)/share/tablero/systemd" "$(D)/share/tablero" \
	  "$(D)/share/doc/tablero" 2>/dev/null

# Network benchmark (README, «Red de municipios»): a deterministic synthetic
# network (tools/gen_network.c) of 1, 5, 100, 2,300 and 10,000 municipalities,
# and timings, CPU, memory, bytes and callgrind instruction counts of the real program on it, against ../shared/bench/peer_report.py
# when /usr/bin/python3 has its modules. Not tests: figures to read.
BENCH_JOBS ?= 2
$(BUILD)/bench/gen_network: tools/gen_network.c tools/gen_common.h | deps-run
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

$(BUILD)/bench/timeit: tools/timeit.c | deps-run
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) -O2 -o $@ $<

bench-data: $(BUILD)/bench/gen_network
	@for n in 1 5 100 2300 10000; do $(BUILD)/bench/gen_network $$n >$(BUILD)/bench/network-$$n.csv || exit 1; done
	@wc -l $(BUILD)/bench/network-*.csv

# The README's Slurm recipe on a real single-node Slurm (Debian's slurm-wlm:
# munged, slurmctld and slurmd started on loopback with a throw-away
# configuration): a job array of --shard parts writing into one folder,
# compared byte for byte with a single-machine run. Not part of `make test`.
SLURM_MUNIS ?= 100
SLURM_PARTS ?= 4
slurm-check: all $(BUILD)/bench/gen_network
	@sh scripts/deps.sh slurm-wlm munge
	@sh scripts/slurm-check.sh $(SLURM_MUNIS) $(SLURM_PARTS)

bench: deps-bench all bench-data $(BUILD)/bench/timeit
	@sh scripts/bench.sh $(BUILD)/tablero $(BUILD)/bench $(BENCH_JOBS)

# Backtest of the verdicts (scripts/backtest.sh): four generators (the
# benchmark's; tools/gen_backtest.c: saturating, broken, flat and
# declining series; tools/gen_walk.c: random walks with drift, AR(1) with a
# level shift, logistic adoption with a wandering rate, missing years;
# tools/gen_holdout.c, never tuned on: Gompertz, kinked lines, mean
# reversion, plateaus, lower-is-better areas; tools/gen_fresh.c, never
# tuned on either: late S-curves, regime changes, seasonal monthly means,
# stalls under the target, heavy-tailed noise), data cut at BT_CUTOFF (2019), target year 1..5 years
# later, statuses and 95 % intervals against what the generator produced.
# Goals: >= 80 % of "en camino" reach the target, <= 20 % of "fuera de
# camino" do, coverage 90-97 %. Figures to read, not a test.
.PHONY: backtest
$(BUILD)/bench/gen_backtest: tools/gen_backtest.c tools/gen_common.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

$(BUILD)/bench/gen_walk: tools/gen_walk.c tools/gen_common.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

$(BUILD)/bench/gen_holdout: tools/gen_holdout.c tools/gen_common.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

$(BUILD)/bench/gen_fresh: tools/gen_fresh.c tools/gen_common.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

backtest: all $(BUILD)/bench/gen_network $(BUILD)/bench/gen_backtest $(BUILD)/bench/gen_walk $(BUILD)/bench/gen_holdout $(BUILD)/bench/gen_fresh
	@sh scripts/backtest.sh $(BUILD)/tablero $(BUILD)/backtest $(BUILD)/bench/gen_backtest $(BUILD)/bench/gen_network $(BUILD)/bench/gen_walk $(BUILD)/bench/gen_holdout $(BUILD)/bench/gen_fresh
