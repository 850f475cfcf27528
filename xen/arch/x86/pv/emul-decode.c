/* SPDX-License-Identifier: MIT */
/*
 * Decoder for the instructions a PV guest may have emulated after a #GP
 * (pv-boot-abi.md §5.7.2-5.7.3) and for the forced-CPUID sequence (§5.7.1).
 * Everything else decodes as unknown, so the #GP goes back to the guest:
 * hlt, lgdt, swapgs, invlpg and friends are never executed for a guest.
 * The decoder only looks at bytes; the caller fetched them from the guest
 * and applies permissions and effects (emul-priv-op.c).
 */
#include <asm/pv-emul.h>

#define PFX_OPSIZE 0x66
#define PFX_ADDRSIZE 0x67
#define PFX_REP 0xf3
#define PFX_REPNE 0xf2

static bool is_segment_prefix(u8 b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
	       b == 0x65;
}

bool emul_is_forced_cpuid(const u8 *buf, unsigned int n)
{
	static const u8 sig[EMUL_FORCED_CPUID_LEN] = { 0x0f, 0x0b, 'x', 'e',
						       'n',  0x0f, 0xa2 };
	unsigned int i;

	if (n < EMUL_FORCED_CPUID_LEN)
		return false;
	for (i = 0; i < EMUL_FORCED_CPUID_LEN; i++)
		if (buf[i] != sig[i])
			return false;
	return true;
}

/* Control/debug register moves: ModRM with reg = register, rm = GPR. */
static int decode_mov_crdr(const u8 *p, unsigned int left, u8 rex,
			   struct emul_insn *insn)
{
	u8 modrm;

	if (left < 1)
		return -1;
	modrm = p[0];
	/* mod is ignored by hardware: these always name a register. */
	insn->reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
	insn->gpr = (modrm & 7) | ((rex & 1) ? 8 : 0);
	return 1;
}

int emul_decode(const u8 *buf, unsigned int n, struct emul_insn *insn)
{
	bool opsize = false, rep = false, addr32 = false;
	unsigned int i = 0;
	int extra;
	u8 rex = 0, op;

	*insn = (struct emul_insn){ 0 };
	if (n > EMUL_MAX_INSN_LEN)
		n = EMUL_MAX_INSN_LEN;

	/* Legacy prefixes, then at most one REX right before the opcode. */
	for (; i < n; i++) {
		u8 b = buf[i];

		if (b == PFX_OPSIZE)
			opsize = true;
		else if (b == PFX_ADDRSIZE)
			addr32 = true;
		else if (b == PFX_REP)
			rep = true;
		else if (b == PFX_REPNE || is_segment_prefix(b))
			continue;
		else
			break;
	}
	if (i < n && (buf[i] & 0xf0) == 0x40)
		rex = buf[i++];
	if (i >= n)
		return -1;
	op = buf[i++];
	insn->rep = rep;
	insn->addr32 = addr32;
	insn->size = (rex & 8) ? 4 : opsize ? 2 : 4;

	switch (op) {
	case 0xe4: /* in imm8, %al */
	case 0xe5: /* in imm8, %eax */
	case 0xe6: /* out %al, imm8 */
	case 0xe7: /* out %eax, imm8 */
		if (i >= n)
			return -1;
		insn->op = op < 0xe6 ? EMUL_IN : EMUL_OUT;
		insn->port_imm = true;
		insn->port = buf[i++];
		if (!(op & 1))
			insn->size = 1;
		break;
	case 0xec: /* in %dx, %al */
	case 0xed:
	case 0xee: /* out %al, %dx */
	case 0xef:
		insn->op = op < 0xee ? EMUL_IN : EMUL_OUT;
		if (!(op & 1))
			insn->size = 1;
		break;
	case 0x6c: /* insb */
	case 0x6d:
	case 0x6e: /* outsb */
	case 0x6f:
		insn->op = op < 0x6e ? EMUL_INS : EMUL_OUTS;
		if (!(op & 1))
			insn->size = 1;
		break;
	case 0xfa:
		insn->op = EMUL_CLI;
		break;
	case 0xfb:
		insn->op = EMUL_STI;
		break;
	case 0xf4:
		insn->op = EMUL_HLT;
		break;
	case 0xcd:
		if (i >= n)
			return -1;
		insn->op = EMUL_INT;
		insn->vector = buf[i++];
		break;
	case 0x0f:
		if (i >= n)
			return -1;
		op = buf[i++];
		switch (op) {
		case 0x06:
			insn->op = EMUL_CLTS;
			break;
		case 0x09:
			insn->op = EMUL_WBINVD;
			break;
		case 0x30:
			insn->op = EMUL_WRMSR;
			break;
		case 0x31:
			insn->op = EMUL_RDTSC;
			break;
		case 0x32:
			insn->op = EMUL_RDMSR;
			break;
		case 0x20:
		case 0x21:
		case 0x22:
		case 0x23:
			extra = decode_mov_crdr(buf + i, n - i, rex, insn);
			if (extra < 0)
				return -1;
			i += extra;
			insn->op = op == 0x20 ? EMUL_MOV_FROM_CR :
				   op == 0x21 ? EMUL_MOV_FROM_DR :
				   op == 0x22 ? EMUL_MOV_TO_CR :
						EMUL_MOV_TO_DR;
			break;
		case 0x01:
			if (i >= n)
				return -1;
			if (buf[i] == 0xf9)
				insn->op = EMUL_RDTSCP;
			else if (buf[i] == 0xd1)
				insn->op = EMUL_XSETBV;
			else
				return -1;
			i++;
			break;
		default:
			return -1;
		}
		break;
	default:
		return -1;
	}
	insn->len = i;
	return 0;
}

/*
 * Length of a ModRM memory operand (ModRM, SIB, displacement) at p, or -1.
 * mod 3 (a register) is refused: a store to memory is what we want.
 */
static int modrm_mem_len(const u8 *p, unsigned int left)
{
	unsigned int mod, rm, len = 1;

	if (left < 1)
		return -1;
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return -1;
	if (rm == 4) {
		if (left < 2)
			return -1;
		len++;
		if (mod == 0 && (p[1] & 7) == 5)
			len += 4; /* no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		len += 4; /* RIP-relative disp32 */
	}
	if (mod == 1)
		len += 1;
	else if (mod == 2)
		len += 4;
	return len <= left ? (int)len : -1;
}

int emul_decode_write(const u8 *buf, unsigned int n, struct emul_write *w)
{
	bool opsize = false;
	unsigned int i = 0, immlen = 0, k;
	u8 rex = 0, op, modrm;
	int mlen;

	*w = (struct emul_write){ 0 };
	if (n > EMUL_MAX_INSN_LEN)
		n = EMUL_MAX_INSN_LEN;
	for (; i < n; i++) {
		u8 b = buf[i];

		if (b == PFX_OPSIZE)
			opsize = true;
		else if (b == 0xf0 || is_segment_prefix(b)) /* lock, segs */
			continue;
		else
			break;
	}
	if (i < n && (buf[i] & 0xf0) == 0x40)
		rex = buf[i++];
	if (i >= n)
		return -1;
	op = buf[i++];
	if (op == 0x0f) {
		if (i >= n)
			return -1;
		op = buf[i++];
		if (op != 0xb0 && op != 0xb1)
			return -1;
		w->op = EMUL_W_CMPXCHG;
		w->size = op == 0xb0 ? 1 : 0;
	} else {
		switch (op) {
		case 0x88:
		case 0xc6:
			w->op = EMUL_W_MOV;
			w->size = 1;
			break;
		case 0x89:
		case 0xc7:
			w->op = EMUL_W_MOV;
			break;
		case 0x86:
			w->op = EMUL_W_XCHG;
			w->size = 1;
			break;
		case 0x87:
			w->op = EMUL_W_XCHG;
			break;
		case 0x08: /* or r8 -> r/m8 */
		case 0x20: /* and r8 -> r/m8 */
			w->op = op == 0x08 ? EMUL_W_OR : EMUL_W_AND;
			w->size = 1;
			break;
		case 0x09:
		case 0x21:
			w->op = op == 0x09 ? EMUL_W_OR : EMUL_W_AND;
			break;
		case 0x80: /* group 1, imm8 */
		case 0x81: /* group 1, imm16/32 */
		case 0x83: /* group 1, sign-extended imm8 */
			if (i >= n)
				return -1;
			switch ((buf[i] >> 3) & 7) {
			case 1:
				w->op = EMUL_W_OR;
				break;
			case 4:
				w->op = EMUL_W_AND;
				break;
			default:
				return -1;
			}
			if (op == 0x80)
				w->size = 1;
			break;
		default:
			return -1;
		}
	}
	if (!w->size)
		w->size = (rex & 8) ? 8 : opsize ? 2 : 4;
	if (i >= n)
		return -1;
	modrm = buf[i];
	mlen = modrm_mem_len(buf + i, n - i);
	if (mlen < 0)
		return -1;
	i += mlen;

	if (op == 0xc6 || op == 0xc7 || op == 0x80 || op == 0x81 ||
	    op == 0x83) {
		if ((op == 0xc6 || op == 0xc7) && ((modrm >> 3) & 7))
			return -1; /* only /0 is mov */
		w->src_imm = true;
		if (op == 0x83)
			immlen = 1;
		else
			immlen = w->size == 8 ? 4 : w->size;
		if (i + immlen > n)
			return -1;
		for (k = 0; k < immlen; k++)
			w->imm |= (u64)buf[i + k] << (8 * k);
		i += immlen;
		/* Sign-extend a short immediate to the operand size. */
		if (immlen < w->size && (w->imm >> (immlen * 8 - 1)) & 1)
			w->imm |= ~0ULL << (immlen * 8);
		if (w->size < 8)
			w->imm &= (1ULL << (w->size * 8)) - 1;
	} else {
		w->src_gpr = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
		if (w->size == 1 && !rex && w->src_gpr >= 4) {
			w->src_high8 = true;
			w->src_gpr -= 4;
		}
	}
	w->len = i;
	return 0;
}
