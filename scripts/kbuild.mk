# SPDX-License-Identifier: MIT
#
# The Kbuild reader. A tree's Kbuild file lists what it builds in obj-y:
# "foo.o" is foo.c or foo.S in that folder, "bar/" descends into bar/Kbuild.
# $(call kbuild_objs,DIR) returns every object of the tree rooted at DIR,
# relative to the top (for example xen/common/page_alloc.o); each tree's
# rules.mk maps those names onto build/ with its own flags.

define kbuild_read_one
obj-y :=
include $(1)/Kbuild
KBUILD_ACC += $$(addprefix $(1)/,$$(filter-out %/,$$(obj-y)))
$$(foreach d,$$(filter %/,$$(obj-y)),$$(eval $$(call kbuild_read_one,$(1)/$$(patsubst %/,%,$$(d)))))
endef

kbuild_objs = $(eval KBUILD_ACC :=)$(eval $(call kbuild_read_one,$(1)))$(KBUILD_ACC)
