# SPDX-License-Identifier: MIT
#
# tests/abi: the ABI contract checks.
#  1. Every public header (and the guest-facing generated ones) compiled
#     alone, twice included, as C89, C99 and C++11 with -pedantic -Werror:
#     one tiny generated TU per header per language under build/. Any
#     failure stops the build; the list of TUs that compiled is the stamp
#     file, which the test program reports.
#  2. checks.c (C11 _Static_assert) and checks_cxx.cc (C++11 static_assert)
#     pin every documented size, offset and constant: drift fails the build.
#  3. abi-test: runtime checks (ring macros, dispatch table, generator),
#     ending "abi: N passed, N failed".

ABI_OUT := $(BUILD)/host/tests/abi
ABI_BIN := $(ABI_OUT)/abi-test
ABI_OBJS := $(addprefix $(BUILD)/host/,$(call kbuild_objs,tests/abi))
ABI_HANDLERS := $(ABI_OUT)/hypercall-test-handlers
ABI_STAMP := $(ABI_OUT)/selfcontained.stamp
ABI_CXX_PINS := $(ABI_OUT)/checks_cxx.o

ABI_CFLAGS := $(HOST_CFLAGS) -MMD -MP $(HYPERCALLS_INCLUDE) -Itests/abi \
	-DABI_STAMP='"$(ABI_STAMP)"'
ABI_CXXFLAGS := -std=c++11 -pedantic -Wall -Wextra -Werror -MMD -MP \
	$(HYPERCALLS_INCLUDE) -Itests/abi
ABI_STRICT := -Wall -Wextra -Werror -pedantic $(HYPERCALLS_INCLUDE)

$(ABI_OBJS): $(BUILD)/host/%.o: %.c tests/abi/rules.mk | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  CC      $<")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ABI_CFLAGS) -c -o $@ $<

$(ABI_HANDLERS).c: $(HYPERCALLS_TBL) scripts/gen-hypercalls
	$(if $(Q),@echo "  GEN     $@")
	$(Q)mkdir -p $(dir $@)
	$(Q)scripts/gen-hypercalls test-handlers $(HYPERCALLS_TBL) > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(ABI_HANDLERS).o: $(ABI_HANDLERS).c | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(ABI_CFLAGS) -c -o $@ $<

$(ABI_CXX_PINS): tests/abi/checks_cxx.cc tests/abi/rules.mk | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  CXX     $<")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CXX) $(ABI_CXXFLAGS) -c -o $@ $<

$(ABI_BIN): $(ABI_OBJS) $(ABI_HANDLERS).o $(ABI_CXX_PINS)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) -o $@ $(ABI_OBJS) $(ABI_HANDLERS).o

# Self-containment. Headers are named as they are included (public/xen.h,
# hypercall-stubs.h). None needs more than C89: <stdint.h> is usable from
# gcc in C89 mode, and the headers avoid anonymous unions, // comments and
# long long constants. hypercall-defs.h is the hypervisor's and is checked
# as C11 (it carries _Static_asserts); stubs are also built in their
# hypercall-page form.
ABI_PUBLIC := $(patsubst hypercalls/include/%,%,$(shell find hypercalls/include/public -name '*.h' 2>/dev/null | sort))
ABI_GUEST_GEN := hypercall-stubs.h hypercall-names.h hypercall-privcmd.h
ABI_SC := $(ABI_OUT)/selfcontained
ABI_SC_OBJS := \
	$(foreach h,$(ABI_PUBLIC) $(ABI_GUEST_GEN),$(ABI_SC)/c89/$(h:.h=.o) \
		$(ABI_SC)/c99/$(h:.h=.o) $(ABI_SC)/cxx11/$(h:.h=.o)) \
	$(ABI_SC)/c11/hypercall-defs.o $(ABI_SC)/c99-page/hypercall-stubs.o

# $(call abi_tu,header): the translation unit's text.
abi_tu = printf '\#include <%s>\n\#include <%s>\ntypedef int abi_selfcontained_unit;\n' $(1) $(1)

$(ABI_SC)/c89/%.o: | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  HDRCHK  c89 $*.h")
	$(Q)mkdir -p $(dir $@) && $(call abi_tu,$*.h) > $(@:.o=.c)
	$(Q)$(CC) -std=c89 $(ABI_STRICT) -c -o $@ $(@:.o=.c)
$(ABI_SC)/c99/%.o: | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  HDRCHK  c99 $*.h")
	$(Q)mkdir -p $(dir $@) && $(call abi_tu,$*.h) > $(@:.o=.c)
	$(Q)$(CC) -std=c99 $(ABI_STRICT) -c -o $@ $(@:.o=.c)
$(ABI_SC)/c11/%.o: | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  HDRCHK  c11 $*.h")
	$(Q)mkdir -p $(dir $@) && $(call abi_tu,$*.h) > $(@:.o=.c)
	$(Q)$(CC) -std=c11 $(ABI_STRICT) -c -o $@ $(@:.o=.c)
$(ABI_SC)/c99-page/%.o: | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  HDRCHK  c99 $*.h (hypercall page)")
	$(Q)mkdir -p $(dir $@) && $(call abi_tu,$*.h) > $(@:.o=.c)
	$(Q)$(CC) -std=c99 -DXEN_HYPERCALL_VIA_PAGE $(ABI_STRICT) -c -o $@ $(@:.o=.c)
$(ABI_SC)/cxx11/%.o: | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  HDRCHK  c++11 $*.h")
	$(Q)mkdir -p $(dir $@) && $(call abi_tu,$*.h) > $(@:.o=.cc)
	$(Q)$(CXX) -std=c++11 $(ABI_STRICT) -c -o $@ $(@:.o=.cc)

# Rebuild the TUs when any header they could include changes.
ABI_SC_GEN_OBJS := $(filter %/hypercall-stubs.o %/hypercall-names.o \
	%/hypercall-privcmd.o %/hypercall-defs.o,$(ABI_SC_OBJS))
$(ABI_SC_OBJS): $(addprefix hypercalls/include/,$(ABI_PUBLIC)) tests/abi/rules.mk
$(ABI_SC_GEN_OBJS): $(HYPERCALLS_GEN)

$(ABI_STAMP): $(ABI_SC_OBJS)
	$(Q)printf '%s\n' $(patsubst $(ABI_SC)/%.o,%.h,$(ABI_SC_OBJS)) > $@

ALL_TARGETS += $(ABI_BIN) $(ABI_STAMP)
TEST_SUITES += abi
SUITE_CMD_abi := $(ABI_BIN)
SUITE_DEPS_abi := $(ABI_BIN) $(ABI_STAMP)

.PHONY: test-abi
test-abi: deps
	$(Q)$(MAKE) --no-print-directory $(ABI_BIN) $(ABI_STAMP)
	$(Q)$(ABI_BIN)
