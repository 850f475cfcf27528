# SPDX-License-Identifier: MIT
#
# xenstore/: xenstored (core library + main), libxenstore (static, shared,
# pkg-config file) and the xenstore CLI with its xenstore-* links, built into
# build/host/xenstore/. Also the ASan+UBSan daemon the conformance tests run
# against, and the `fuzz` target (libFuzzer on the message parser).

XS_OUT := $(BUILD)/host/xenstore
XS_PKGS := liburcu-memb yajl
XS_PKG_CFLAGS := $(shell pkg-config --cflags $(XS_PKGS) 2>/dev/null)
XS_PKG_LIBS := $(shell pkg-config --libs $(XS_PKGS) 2>/dev/null) -lpthread
XS_CFLAGS := $(HOST_CFLAGS) -Ihypercalls/include -Ixenstore/include \
	$(XS_PKG_CFLAGS) -MMD -MP
XS_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

XS_CORE_OBJS := $(patsubst %.o,$(BUILD)/host/%.o,$(call kbuild_objs,xenstore/daemon))
XS_LIB_OBJS := $(patsubst %.o,$(BUILD)/host/%.o,$(call kbuild_objs,xenstore/lib))
XS_LIB_PIC := $(XS_LIB_OBJS:.o=.pic.o)
XS_CLI_OBJS := $(patsubst %.o,$(BUILD)/host/%.o,$(call kbuild_objs,xenstore/cli))
XS_CORE_SAN := $(patsubst $(XS_OUT)/%.o,$(XS_OUT)/asan/%.o,$(XS_CORE_OBJS))

XS_CLI_NAMES := read write ls rm exists list chmod watch
XS_LINKS := $(addprefix $(XS_OUT)/xenstore-,$(XS_CLI_NAMES))

XS_DAEMON := $(XS_OUT)/xenstored
XS_DAEMON_SAN := $(XS_OUT)/xenstored-asan
XS_CORE_A := $(XS_OUT)/libxenstored-core.a
XS_LIB_A := $(XS_OUT)/libxenstore.a
XS_LIB_SO := $(XS_OUT)/libxenstore.so
XS_PC := $(XS_OUT)/xenstore.pc
XS_CLI := $(XS_OUT)/xenstore

ALL_TARGETS += $(XS_DAEMON) $(XS_LIB_A) $(XS_LIB_SO) $(XS_PC) $(XS_CLI) \
	$(XS_LINKS)

XS_CC_MSG = $(if $(Q),@echo "  CC      $<";)

$(XS_OUT)/%.o: xenstore/%.c
	@mkdir -p $(dir $@)
	$(XS_CC_MSG)
	$(Q)$(CC) $(XS_CFLAGS) -c $< -o $@

$(XS_OUT)/%.pic.o: xenstore/%.c
	@mkdir -p $(dir $@)
	$(XS_CC_MSG)
	$(Q)$(CC) $(XS_CFLAGS) -fPIC -c $< -o $@

$(XS_OUT)/asan/%.o: xenstore/%.c
	@mkdir -p $(dir $@)
	$(XS_CC_MSG)
	$(Q)$(CC) $(XS_CFLAGS) $(XS_SAN) -c $< -o $@

$(XS_CORE_A): $(XS_CORE_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XS_DAEMON): $(XS_OUT)/daemon/main.o $(XS_CORE_A)
	$(if $(Q),@echo "  LD      $@";)
	$(Q)$(CC) -o $@ $^ $(XS_PKG_LIBS)

$(XS_DAEMON_SAN): $(XS_OUT)/asan/daemon/main.o $(XS_CORE_SAN)
	$(if $(Q),@echo "  LD      $@";)
	$(Q)$(CC) $(XS_SAN) -o $@ $^ $(XS_PKG_LIBS)

$(XS_LIB_A): $(XS_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XS_LIB_SO): $(XS_LIB_PIC)
	$(if $(Q),@echo "  LD      $@";)
	$(Q)$(CC) -shared -Wl,-soname,libxenstore.so -o $@ $^ -lpthread

$(XS_PC): xenstore/xenstore.pc.in
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@LIBDIR@|$(abspath $(XS_OUT))|' \
		-e 's|@INCLUDEDIR@|$(abspath xenstore/include)|' \
		-e 's|@PUBINCLUDEDIR@|$(abspath hypercalls/include)|' $< > $@

$(XS_CLI): $(XS_CLI_OBJS) $(XS_LIB_A)
	$(if $(Q),@echo "  LD      $@";)
	$(Q)$(CC) -o $@ $^ -lpthread

$(XS_LINKS): $(XS_CLI)
	$(Q)ln -sf xenstore $@

# The fuzzer: the daemon core and a harness built with clang's libFuzzer.
XS_FUZZ := $(XS_OUT)/fuzz/fuzz_proto
XS_FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -g -O1 \
	-Ihypercalls/include -Ixenstore/include $(XS_PKG_CFLAGS) -D_GNU_SOURCE \
	-std=gnu11 -Wall -Wno-unused-parameter
XS_FUZZ_SRCS := $(patsubst %.o,%.c,$(call kbuild_objs,xenstore/daemon)) \
	tests/xenstore/fuzz_proto.c

$(XS_FUZZ): $(XS_FUZZ_SRCS) $(wildcard xenstore/daemon/*.h)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CLANG   $@";)
	$(Q)clang $(XS_FUZZ_FLAGS) -o $@ $(XS_FUZZ_SRCS) $(XS_PKG_LIBS)

XS_FUZZ_SECS ?= 300
fuzz: $(XS_FUZZ)
	$(Q)mkdir -p $(XS_OUT)/fuzz/corpus
	$(Q)$(XS_FUZZ) -max_total_time=$(XS_FUZZ_SECS) -max_len=8192 -detect_leaks=0 \
		$(XS_OUT)/fuzz/corpus tests/xenstore/fuzz-seeds
