# tablero - build, run and test. `make run` and `make test` first install
# missing Debian packages (scripts/deps.sh), so a fresh Debian 12 works.

CC      ?= cc
BUILD   ?= build
PKGS     = gsl inih libcjson libzip expat xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lm -linih -lcjson -lzip -lexpat -lxlsxwriter)
WARN     = -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   = -lcsv -lhpdf -lunistring -lnettle $(PKG_LIBS) -lm
TEST_LIBS = -lcmocka

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CONFIG  ?= config/tablero.ini
PERIOD  ?=

LIB_SRC  = $(filter-out src/main.c src/hpdf_fast.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps run test unit blackbox check-asan check-valgrind clean bench-data bench
all: $(BUILD)/tablero

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/es/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -DTABLERO_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/libtablero.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

# hpdf_fast.o goes into the program itself so that it overrides libharu's
# helpers (see the file).
$(BUILD)/tablero: $(BUILD)/obj/main.o $(BUILD)/obj/hpdf_fast.o $(BUILD)/libtablero.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtablero.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libtablero.a $(LDLIBS) $(TEST_LIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

run: deps
	$(MAKE) --no-print-directory all
	./$(BUILD)/tablero -c $(CONFIG) $(if $(PERIOD),-p $(PERIOD))

test: deps
	$(MAKE) --no-print-directory unit blackbox

unit: $(TEST_BIN)
	@sh tests/run_unit.sh $(TEST_BIN)

blackbox: $(BUILD)/tablero $(BUILD)/fault/shim.so $(BUILD)/fault/shim-io.so
	@sh tests/blackbox.sh $(BUILD)/tablero
	@sh tests/fault/env.sh $(BUILD)/tablero $(BUILD)/fault/$(if $(findstring address,$(LDFLAGS)),shim-io.so,shim.so)

# Same tests under AddressSanitizer + UBSan, in their own build folder.
check-asan: deps
	$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" unit blackbox

# Same tests under valgrind (memcheck, leaks are errors).
check-valgrind: deps
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
FUZZ_SRC      = src/ingest.c src/csvread.c src/text.c src/common.c
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BUILD)/fuzz_ingest

$(FUZZ_BUILD)/fuzz_ingest: fuzz/fuzz_ingest.c $(FUZZ_SRC) $(wildcard src/*.h src/es/*.h)
	@sh fuzz/deps.sh $(FUZZ_CC)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_ingest.c $(FUZZ_SRC) -lcsv -lunistring

fuzz: fuzz-build
	sh fuzz/run.sh $(FUZZ_BUILD)/fuzz_ingest $(FUZZ_SECONDS)

# The spreadsheet reader (zip, XML, cells; seeds from the workbook
# fixtures):  make fuzz-sheet FUZZ_SECONDS=600
FUZZ_SHEET_SRC = $(FUZZ_SRC) src/sheet.c src/sheet_zip.c src/sheet_xlsx.c src/sheet_ods.c
.PHONY: fuzz-sheet fuzz-sheet-build
fuzz-sheet-build: $(FUZZ_BUILD)/fuzz_sheet

$(FUZZ_BUILD)/fuzz_sheet: fuzz/fuzz_sheet.c $(FUZZ_SHEET_SRC) $(wildcard src/*.h src/es/*.h)
	@sh fuzz/deps.sh $(FUZZ_CC)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_sheet.c $(FUZZ_SHEET_SRC) -lcsv -lunistring -lzip -lexpat

fuzz-sheet: fuzz-sheet-build
	sh fuzz/run_sheet.sh $(FUZZ_BUILD)/fuzz_sheet $(FUZZ_SECONDS)

# Unattended runs (docs/tablero.1): injected I/O and allocation faults at
# every call, kill -9 at random points, full disk, concurrency; long, so
# not part of `make test` (which runs a sample through tests/fault/env.sh).
FAULT_KILLS ?= 200
FAULT_MALLOC_STRIDE ?= 37
FAULT_ASAN_STRIDE ?= 211
FAULT_ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
.PHONY: fault fault-asan install

$(BUILD)/fault/shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -O1 -g -Wall -Wextra -fPIC -shared -o $@ $< -ldl

$(BUILD)/fault/shim-io.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -O1 -g -Wall -Wextra -DSHIM_NO_MALLOC -fPIC -shared -o $@ $< -ldl

$(BUILD)/tablero-failalloc: tests/fault/failalloc.c $(BUILD)/obj/main.o $(BUILD)/libtablero.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldl

# Every part runs even if an earlier one found problems; the exit status
# says whether any did. FAULT_MALLOC_STRIDE=1 tries every allocation
# (about 140 000 runs, hours); the default tries every 37th.
fault: deps all $(BUILD)/fault/shim.so
	@st=0; \
	TABLERO_FAULT_MALLOC_STRIDE=$(FAULT_MALLOC_STRIDE) sh tests/fault/run.sh $(BUILD)/tablero $(BUILD)/fault/shim.so || st=1; \
	sh tests/fault/kill.sh $(BUILD)/tablero $(FAULT_KILLS) || st=1; \
	sh tests/fault/env.sh $(BUILD)/tablero "" full || st=1; \
	$(MAKE) --no-print-directory fault-asan || st=1; \
	exit $$st

# Allocation failures under ASan (leaks are errors), every Nth point.
fault-asan: deps
	$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(FAULT_ASAN_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/tablero build-asan/tablero-failalloc build-asan/fault/shim-io.so
	sh tests/fault/asan.sh build-asan/tablero-failalloc build-asan/fault/shim-io.so $(FAULT_ASAN_STRIDE)

# make install PREFIX=/usr/local DESTDIR=: the binary, tablero(1) and the
# default configuration (a starting point to copy to /etc/tablero).
PREFIX  ?= /usr/local
DESTDIR ?=
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/tablero/config
	install -m 755 $(BUILD)/tablero $(DESTDIR)$(PREFIX)/bin/tablero
	install -m 644 docs/tablero.1 $(DESTDIR)$(PREFIX)/share/man/man1/tablero.1
	install -m 644 config/*.ini config/*.csv $(DESTDIR)$(PREFIX)/share/tablero/config/

# Network benchmark (README, «Red de municipios»): a deterministic synthetic
# network (tools/gen_network.c) of 1, 5, 100 and 2,300 municipalities, and
# timings of the real program on it, against ../shared/bench/peer_report.py
# when /usr/bin/python3 has its modules. Not tests: figures to read.
BENCH_JOBS ?= 2
$(BUILD)/bench/gen_network: tools/gen_network.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $< -lm

bench-data: $(BUILD)/bench/gen_network
	@for n in 1 5 100 2300; do $(BUILD)/bench/gen_network $$n >$(BUILD)/bench/network-$$n.csv || exit 1; done
	@wc -l $(BUILD)/bench/network-*.csv

bench: all bench-data
	@sh scripts/bench.sh $(BUILD)/tablero $(BUILD)/bench $(BENCH_JOBS)
