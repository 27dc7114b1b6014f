# CityRisk — build, run and test. `make run` and `make test` are the two commands a user needs.
# Sources are found by wildcard, so a new file in src/<layer>/ or tests/unit/ needs no edit here.

# cairo + pangocairo set the PDF reports and warning signs (Chinese in Noto CJK); libqrencode draws the sign's QR code;
# libxml2 writes the CAP 1.2 feed.
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libzip expat xlsxwriter cairo pangocairo libqrencode libxml-2.0
CC      ?= cc
CSTD    := -std=c11 -D_GNU_SOURCE
# snprintf truncation is the bounded behaviour we ask for, so that warning is off.
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-format-truncation
CFLAGS_COMMON = $(CSTD) $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread

LIB_SRC  := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
CLI_MAIN := src/cli/main.c
UNIT_SRC := $(wildcard tests/unit/*.c)

REL_DIR  := build/rel
SAN_DIR  := build/san
REL_FLAGS := -O2 -g -DNDEBUG
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

rel_obj = $(patsubst %.c,$(REL_DIR)/%.o,$(1))
san_obj = $(patsubst %.c,$(SAN_DIR)/%.o,$(1))

DB      ?= cityrisk.db
LISTEN  ?= 127.0.0.1:8080
SCALE   ?= 0.1

.PHONY: all deps run test test-unit test-api test-api-pg test-browser bench lint clean san fuzz

all: cityrisk

deps:
	@scripts/bootstrap

cityrisk: $(call rel_obj,$(LIB_SRC) $(CLI_MAIN))
	$(CC) $(REL_FLAGS) -o $@ $^ $(LDLIBS)

san: $(SAN_DIR)/cityrisk $(SAN_DIR)/unit-tests

$(SAN_DIR)/cityrisk: $(call san_obj,$(LIB_SRC) $(CLI_MAIN))
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(SAN_DIR)/unit-tests: $(call san_obj,$(LIB_SRC) $(UNIT_SRC))
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(REL_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_COMMON) $(REL_FLAGS) -MMD -MP -c -o $@ $<

$(SAN_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) -Itests/unit -MMD -MP -c -o $@ $<

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzzing (clang + libFuzzer; not part of `make test`): each fuzz/fuzz_*.c is linked with the
# library into build/fuzz/ and run for FUZZ_SECONDS on its seeds in fuzz/corpus/<target>/.
# New inputs go to build/fuzz/corpus/, crashes to build/fuzz/artifacts/. See fuzz/README.md.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=undefined -Wno-unknown-warning-option
FUZZ_MAX_LEN := table_read=262144 json_body=16384 geojson=65536 multipolygon_decode=16384 \
		credit_code=64 assess=4096 xlsx_parts=65536
FUZZ_SRC     := $(wildcard fuzz/fuzz_*.c)

fuzz: $(patsubst %.c,$(FUZZ_DIR)/%.o,$(LIB_SRC) $(FUZZ_SRC))
	@set -e; for src in $(FUZZ_SRC); do \
		t=$$(basename $$src .c); \
		len=$$(echo '$(FUZZ_MAX_LEN)' | tr ' ' '\n' | sed -n "s/^$${t#fuzz_}=//p"); \
		echo "  LINK    $(FUZZ_DIR)/$$t"; \
		$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $(FUZZ_DIR)/$$t $(FUZZ_DIR)/fuzz/$$t.o \
			$(patsubst %.c,$(FUZZ_DIR)/%.o,$(LIB_SRC)) $(LDLIBS); \
		mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts; \
		echo "  FUZZ    $$t for $(FUZZ_SECONDS) s, -max_len=$${len:-4096}"; \
		$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$${len:-4096} -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- \
			$(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t; \
	done

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(CFLAGS_COMMON) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

run: deps cityrisk
	@test -f $(DB) || ./cityrisk demo --db $(DB) --scale $(SCALE)
	@echo "Open http://$(LISTEN)/ and log in as admin / admin123 (city office); other demo users are in README.md"
	./cityrisk serve --db $(DB) --listen $(LISTEN)

test: deps
	$(MAKE) cityrisk san
	$(MAKE) lint
	$(MAKE) test-unit
	$(MAKE) test-api
	$(MAKE) test-api-pg
	$(MAKE) test-browser

test-unit: $(SAN_DIR)/unit-tests
	cd tests/unit && ../../$(SAN_DIR)/unit-tests

test-api: $(SAN_DIR)/cityrisk
	node tests/api/run.mjs --bin $(SAN_DIR)/cityrisk

# The same API suite on PostgreSQL: a throwaway server on a loopback port (tests/api/lib/pg_cluster.mjs).
test-api-pg: $(SAN_DIR)/cityrisk
	node tests/api/run.mjs --bin $(SAN_DIR)/cityrisk --pg own

test-browser: cityrisk
	node tests/browser/run.mjs --bin ./cityrisk

lint:
	@scripts/lint

bench: cityrisk
	scripts/bootstrap bench
	scripts/bench

clean:
	rm -rf build cityrisk
