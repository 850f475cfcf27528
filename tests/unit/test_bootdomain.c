/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for xen/common/bootdomain.c: a boot domain's description in a
 * module string — the defaults, every option, the kernel's part after
 * "--", strings that describe no domain, and every malformed word refused
 * with a reason.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include <xen/bootdomain.h>
#include <xen/errno.h>

#include "harness/harness.h"
#include "unit.h"

static struct bootdom_cfg cfg;
static char why[128];

static int parse(const char *s)
{
	return bootdom_parse(s, &cfg, why, sizeof(why));
}

static void test_not_a_domain(void)
{
	CU_ASSERT_EQUAL(parse("tests=console quiet"), 0);
	CU_ASSERT_STRING_EQUAL(cfg.cmdline, "tests=console quiet");
	CU_ASSERT_EQUAL(cfg.vcpus, 1);
	CU_ASSERT_EQUAL(cfg.weight, 256);
	CU_ASSERT_EQUAL(parse(""), 0);
	CU_ASSERT_EQUAL(parse("domainx=1"), 0);
}

static void test_defaults(void)
{
	CU_ASSERT_EQUAL(parse("domain=guest"), 1);
	CU_ASSERT_STRING_EQUAL(cfg.name, "guest");
	CU_ASSERT_EQUAL(cfg.mem, 0);
	CU_ASSERT_EQUAL(cfg.vcpus, 1);
	CU_ASSERT_FALSE(cfg.vcpus_given);
	CU_ASSERT_EQUAL(cfg.weight, 256);
	CU_ASSERT_EQUAL(cfg.cap, 0);
	CU_ASSERT_EQUAL(cfg.nr_evtchn, 0);
	CU_ASSERT_STRING_EQUAL(cfg.cmdline, "");
}

static void test_everything(void)
{
	CU_ASSERT_EQUAL(parse("  domain=ping-1 mem=48M vcpus=4 weight=512 "
			      "cap=25 evtchn=5:pong:6 evtchn=7:0:4095 -- "
			      "tests=a,b  quiet -- x"),
			1);
	CU_ASSERT_STRING_EQUAL(cfg.name, "ping-1");
	CU_ASSERT_EQUAL(cfg.mem, 48ULL << 20);
	CU_ASSERT_EQUAL(cfg.vcpus, 4);
	CU_ASSERT_TRUE(cfg.vcpus_given);
	CU_ASSERT_EQUAL(cfg.weight, 512);
	CU_ASSERT_EQUAL(cfg.cap, 25);
	CU_ASSERT_EQUAL(cfg.nr_evtchn, 2);
	CU_ASSERT_EQUAL(cfg.evtchn[0].port, 5);
	CU_ASSERT_STRING_EQUAL(cfg.evtchn[0].peer, "pong");
	CU_ASSERT_EQUAL(cfg.evtchn[0].peer_port, 6);
	CU_ASSERT_STRING_EQUAL(cfg.evtchn[1].peer, "0");
	CU_ASSERT_EQUAL(cfg.evtchn[1].peer_port, 4095);
	/* Only the first "--" separates. */
	CU_ASSERT_STRING_EQUAL(cfg.cmdline, "tests=a,b  quiet -- x");
}

static void expect_refused(const char *s, const char *reason)
{
	CU_ASSERT_EQUAL(parse(s), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, reason));
}

static void test_refused(void)
{
	expect_refused("domain=", "bad domain name");
	expect_refused("domain=a/b", "bad domain name");
	expect_refused("domain=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		       "bad domain");
	expect_refused("domain=x mem=", "bad memory size");
	expect_refused("domain=x mem=12Q", "bad memory size");
	expect_refused("domain=x mem=0", "bad memory size");
	expect_refused("domain=x vcpus=0", "vcpus must be 1-32");
	expect_refused("domain=x vcpus=33", "vcpus must be 1-32");
	expect_refused("domain=x weight=0", "weight must be 1-65535");
	expect_refused("domain=x weight=65536", "weight");
	expect_refused("domain=x cap=6401", "cap must be 0-6400");
	expect_refused("domain=x cap=-1", "cap");
	expect_refused("domain=x evtchn=5:pong", "evtchn wants");
	expect_refused("domain=x evtchn=0:pong:1", "evtchn wants");
	expect_refused("domain=x evtchn=1:pong:4096", "evtchn wants");
	expect_refused("domain=x evtchn=1::2", "evtchn wants");
	expect_refused("domain=x colour=blue", "unknown option: 'colour=blue'");
	expect_refused("domain=x tests=a", "unknown option");
	expect_refused("domain=x quiet", "not key=value");
	expect_refused("domain=x evtchn=1:a:1 evtchn=2:a:2 evtchn=3:a:3 "
		       "evtchn=4:a:4 evtchn=5:a:5 evtchn=6:a:6 evtchn=7:a:7 "
		       "evtchn=8:a:8 evtchn=9:a:9",
		       "too many event channels");
}

static const struct unit_test tests[] = {
	{ "a string that describes no domain", test_not_a_domain },
	{ "defaults", test_defaults },
	{ "every option and the kernel's part", test_everything },
	{ "malformed words refused with a reason", test_refused },
};

CU_ErrorCode register_bootdomain_suite(void)
{
	return UNIT_ADD_SUITE("boot domain descriptions", NULL, NULL, tests);
}
