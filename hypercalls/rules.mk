# SPDX-License-Identifier: MIT
#
# The ABI tree. Public headers need no build; the hypercall table is turned
# into headers under build/gen by scripts/gen-hypercalls. Other trees use:
#   HYPERCALLS_INCLUDE  the -I flags for <public/...> and the generated headers
#   HYPERCALLS_GEN      the generated headers: hypercall-defs.h (hypervisor),
#                       hypercall-stubs.h (guests), hypercall-privcmd.h (dom0
#                       tools), hypercall-names.h (all); objects that include
#                       them order-depend on it: "$(OBJS): | $(HYPERCALLS_GEN)"

HYPERCALLS_TBL := hypercalls/hypercalls.tbl
HYPERCALLS_GENDIR := $(BUILD)/gen
HYPERCALLS_INCLUDE := -Ihypercalls/include -I$(HYPERCALLS_GENDIR)
HYPERCALLS_GEN := $(HYPERCALLS_GENDIR)/hypercall-defs.h \
	$(HYPERCALLS_GENDIR)/hypercall-stubs.h \
	$(HYPERCALLS_GENDIR)/hypercall-names.h \
	$(HYPERCALLS_GENDIR)/hypercall-privcmd.h

# One generator run per header; each validates the whole table first, so a
# bad table stops the build with the generator's file:line message. Written
# through a temporary file so a failed run leaves no half header behind.
$(HYPERCALLS_GENDIR)/hypercall-%.h: $(HYPERCALLS_TBL) scripts/gen-hypercalls
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  GEN     $@")
	$(Q)scripts/gen-hypercalls $* $(HYPERCALLS_TBL) > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

ALL_TARGETS += $(HYPERCALLS_GEN)
