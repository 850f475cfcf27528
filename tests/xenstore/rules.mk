# SPDX-License-Identifier: MIT
#
# xenstore test suites (see each file's header): CUnit unit tests of the
# daemon core, protocol conformance against the daemon and its ASan+UBSan
# build, the ring transport with a test guest, a 16-client stress run, the
# CLI, and a short libFuzzer run. Every daemon is private to its run
# (run-with-daemon.sh) and always stopped.

XT_OUT := $(BUILD)/host/tests/xenstore
XT_SRC := tests/xenstore
XT_CFLAGS = $(XS_CFLAGS) -I$(XT_SRC)
XT_HARNESS := $(patsubst %.o,$(BUILD)/host/%.o,$(call kbuild_objs,tests/xenstore))
XT_RUN := $(XT_SRC)/run-with-daemon.sh

XT_PROTO := $(XT_OUT)/conformance
XT_RING := $(XT_OUT)/ring_test
XT_UNIT := $(XT_OUT)/unit_core
XT_STRESS := $(XT_OUT)/stress
XT_BENCH := $(XT_OUT)/bench

$(XT_OUT)/%.o: $(XT_SRC)/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<";)
	$(Q)$(CC) $(XT_CFLAGS) -c $< -o $@

$(XT_PROTO): $(XT_OUT)/conformance.o $(XT_HARNESS)
	$(Q)$(CC) -o $@ $^

$(XT_RING): $(XT_OUT)/ring_test.o $(XT_HARNESS)
	$(Q)$(CC) -o $@ $^

$(XT_UNIT): $(XT_OUT)/unit_core.o $(XS_CORE_A)
	$(Q)$(CC) -o $@ $^ $(XS_PKG_LIBS) -lcunit

$(XT_STRESS): $(XT_OUT)/stress.o $(XS_LIB_A)
	$(Q)$(CC) -o $@ $^ -lpthread

$(XT_BENCH): $(XT_OUT)/bench.o $(XS_LIB_A)
	$(Q)$(CC) -o $@ $^ -lpthread

TEST_SUITES += xenstore-unit
SUITE_CMD_xenstore-unit := $(XT_UNIT)
SUITE_DEPS_xenstore-unit := $(XT_UNIT)

TEST_SUITES += xenstore-proto
SUITE_CMD_xenstore-proto := $(XT_RUN) $(XS_DAEMON) $(XT_PROTO)
SUITE_DEPS_xenstore-proto := $(XS_DAEMON) $(XT_PROTO)

TEST_SUITES += xenstore-proto-asan
SUITE_CMD_xenstore-proto-asan := SUITE_NAME=xenstore-proto-asan \
	$(XT_RUN) $(XS_DAEMON_SAN) $(XT_PROTO)
SUITE_DEPS_xenstore-proto-asan := $(XS_DAEMON_SAN) $(XT_PROTO)

TEST_SUITES += xenstore-ring
SUITE_CMD_xenstore-ring := $(XT_RUN) $(XS_DAEMON_SAN) --ring-dir @DIR@ -- \
	$(XT_RING)
SUITE_DEPS_xenstore-ring := $(XS_DAEMON_SAN) $(XT_RING)

TEST_SUITES += xenstore-stress
SUITE_CMD_xenstore-stress := $(XT_RUN) $(XS_DAEMON) $(XT_STRESS)
SUITE_DEPS_xenstore-stress := $(XS_DAEMON) $(XT_STRESS)

TEST_SUITES += xenstore-cli
SUITE_CMD_xenstore-cli := $(XT_RUN) $(XS_DAEMON) $(XT_SRC)/cli_test.sh \
	$(XS_OUT)
SUITE_DEPS_xenstore-cli := $(XS_DAEMON) $(XS_CLI) $(XS_LINKS) $(XS_PC) \
	$(XS_LIB_SO)

TEST_SUITES += xenstore-daemon
SUITE_CMD_xenstore-daemon := $(XT_SRC)/daemon_test.sh $(XS_OUT)
SUITE_DEPS_xenstore-daemon := $(XS_DAEMON) $(XS_CLI) $(XS_LINKS)

TEST_SUITES += xenstore-fuzz
SUITE_CMD_xenstore-fuzz := $(XT_SRC)/fuzz-run.sh $(XS_FUZZ) 20
SUITE_DEPS_xenstore-fuzz := $(XS_FUZZ)

BENCH_SUITES += xenstore
BENCH_CMD_xenstore := $(XT_RUN) $(XS_DAEMON) $(XT_BENCH)
BENCH_DEPS_xenstore := $(XS_DAEMON) $(XT_BENCH)
