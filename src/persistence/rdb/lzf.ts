// LZF, the compressor RDB strings use (Redis bundles liblzf 3.6: lzf_c.c, lzf_d.c), built the
// way Redis builds it (HLOG 16, VERY_FAST, not ULTRA_FAST), so a string compresses to the same
// bytes as in a dump.rdb written by Redis. Format: 000LLLLL + L+1 literal bytes;
// LLLooooo oooooooo = copy L+2 bytes from `o+1` back; 111ooooo LLLLLLLL oooooooo = copy L+9.

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/** Table entries are `base + position + 1`; past this the table is cleared and base restarts. */
const MAX_BASE = 0xffffffff;

/** The hash of the 3 bytes whose running value is `h` (lzf_c.c's IDX under VERY_FAST). */
function slotOf(h: number): number {
  return ((h >>> 8) - h * 5) & (HSIZE - 1);
}

/**
 * lzf_compress with its hash table kept between calls (256 KB: too big to allocate per string).
 * Redis does not clear the table either (INIT_HTAB 0) but then may match through stale slots;
 * here an entry counts only if written during this call — what a cleared table gives, the
 * deterministic reading of liblzf — by storing positions offset by a per-call base.
 */
export class LzfCompressor {
  private readonly table = new Uint32Array(HSIZE);
  private base = 0;

  /**
   * Compresses `input` into out[0, outLimit) and returns the compressed length, or 0 when the
   * result would not fit (Redis asks for at most len-4 bytes: compression must save 4 bytes).
   */
  compress(input: Uint8Array, out: Uint8Array, outLimit = out.length): number {
    const inLen = input.length;
    const outLen = Math.min(outLimit, out.length);
    if (inLen === 0 || outLen === 0) return 0;
    if (this.base + inLen + 1 >= MAX_BASE) {
      this.table.fill(0);
      this.base = 0;
    }
    const table = this.table;
    const base = this.base;
    this.base += inLen + 1;

    let ip = 0;
    let op = 1; // the first literal run's header
    let lit = 0;
    let hval = (input[0] << 8) | (inLen > 1 ? input[1] : 0);
    while (ip < inLen - 2) {
      hval = ((hval << 8) | input[ip + 2]) & 0xffffff;
      const slot = slotOf(hval);
      const entry = table[slot];
      table[slot] = base + ip + 1;
      // A match needs a reference written in this call, after position 0 (liblzf's
      // `ref > in_data`), at most MAX_OFF back, starting with the same 3 bytes.
      const ref = entry > base ? entry - base - 1 : 0;
      const off = ip - ref - 1;
      if (
        ref > 0 &&
        off < MAX_OFF &&
        input[ref + 2] === input[ip + 2] &&
        input[ref] === input[ip] &&
        input[ref + 1] === input[ip + 1]
      ) {
        let len = 2;
        const maxlen = Math.min(inLen - ip - len, MAX_REF);
        if (op + 3 + 1 >= outLen && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return 0;
        out[op - lit - 1] = lit - 1; // close the literal run…
        if (lit === 0) op--; // …or take back its header when it is empty
        // liblzf first compares up to 16 bytes unchecked when more than 16 remain, then goes on
        // bounded by maxlen; the two phases can stop at different lengths, so both are kept.
        let mismatched = false;
        if (maxlen > 16) {
          for (let k = 0; k < 16; k++) {
            len++;
            if (input[ref + len] !== input[ip + len]) {
              mismatched = true;
              break;
            }
          }
        }
        if (!mismatched) {
          do len++;
          while (len < maxlen && input[ref + len] === input[ip + len]);
        }
        len -= 2; // the match is len + 2 bytes long
        ip++;
        if (len < 7) {
          out[op++] = (off >>> 8) + (len << 5);
        } else {
          out[op++] = (off >>> 8) + (7 << 5);
          out[op++] = len - 7;
        }
        out[op++] = off & 0xff;
        lit = 0;
        op++; // the next literal run's header
        ip += len + 1;
        if (ip >= inLen - 2) break;
        // VERY_FAST: hash only the last two positions inside the match.
        ip -= 2;
        hval = (input[ip] << 8) | input[ip + 1];
        hval = ((hval << 8) | input[ip + 2]) & 0xffffff;
        table[slotOf(hval)] = base + ip + 1;
        ip++;
        hval = ((hval << 8) | input[ip + 2]) & 0xffffff;
        table[slotOf(hval)] = base + ip + 1;
        ip++;
      } else {
        if (op >= outLen) return 0;
        lit++;
        out[op++] = input[ip++];
        if (lit === MAX_LIT) {
          out[op - lit - 1] = lit - 1;
          lit = 0;
          op++;
        }
      }
    }
    if (op + 3 > outLen) return 0; // at most 2 bytes and a run header are left
    while (ip < inLen) {
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
    out[op - lit - 1] = lit - 1;
    if (lit === 0) op--;
    return op;
  }
}

/**
 * lzf_decompress: expands `input` into `out` and returns the number of bytes written, or -1 when
 * the data is corrupt (a run or reference past the end of either buffer, or before the start).
 */
export function lzfDecompress(input: Uint8Array, out: Uint8Array): number {
  const inEnd = input.length;
  const outEnd = out.length;
  let ip = 0;
  let op = 0;
  while (ip < inEnd) {
    let ctrl = input[ip++];
    if (ctrl < MAX_LIT) {
      ctrl++;
      if (op + ctrl > outEnd || ip + ctrl > inEnd) return -1;
      // Runs are at most 32 bytes: a plain loop beats creating a subarray for set().
      for (let k = 0; k < ctrl; k++) out[op++] = input[ip++];
    } else {
      let len = ctrl >>> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) return -1;
      if (len === 7) {
        len += input[ip++];
        if (ip >= inEnd) return -1;
      }
      ref -= input[ip++];
      len += 2;
      if (op + len > outEnd || ref < 0) return -1;
      if (len > 32 && ref + len <= op) {
        out.copyWithin(op, ref, ref + len);
        op += len;
      } else {
        // Short copies, and overlapping ones that repeat the bytes just written (run-length style).
        for (let k = 0; k < len; k++) out[op++] = out[ref++];
      }
    }
  }
  return op;
}
