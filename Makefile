# tablero - build, run and test. `make run` and `make test` first install
# missing Debian packages (scripts/deps.sh), so a fresh Debian 12 works.

CC      ?= cc
BUILD   ?= build
PKGS     = gsl inih libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lm -linih -lcjson)
WARN     = -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   = -lcsv -lhpdf -lunistring $(PKG_LIBS) -lm
TEST_LIBS = -lcmocka

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CONFIG  ?= config/tablero.ini
PERIOD  ?=

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps run test unit blackbox check-asan check-valgrind clean
all: $(BUILD)/tablero

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/es/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -DTABLERO_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/libtablero.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tablero: $(BUILD)/obj/main.o $(BUILD)/libtablero.a
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

blackbox: $(BUILD)/tablero
	@sh tests/blackbox.sh $(BUILD)/tablero

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
	rm -rf build build-asan
