// Redis's glob matcher, stringmatchlen (util.c, 7.0.15), used by KEYS, SCAN/HSCAN/SSCAN/ZSCAN
// MATCH, PSUBSCRIBE, CONFIG GET and ACL key patterns. Pattern and subject are latin1 strings
// (one char per byte). Every quirk of the C code is kept on purpose (see the comments), and
// like Redis 7.0.9+ a failed `*` tail aborts the whole match, which keeps it O(pattern × subject).

const STAR = 0x2a; // *
const QUESTION = 0x3f; // ?
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BACKSLASH = 0x5c; // \
const CARET = 0x5e; // ^
const DASH = 0x2d; // -

/** The C code's recursion limit ("Protection against abusive patterns"): deeper is no match. */
const MAX_NESTING = 1000;

/** Results of one matching step; ABORT is Redis's skipLongerMatches flag set on the way out. */
const NO_MATCH = 0;
const MATCH = 1;
const ABORT = 2;
type StepResult = typeof NO_MATCH | typeof MATCH | typeof ABORT;

/**
 * The C code reads one byte past the end of the pattern (the sds NUL terminator) in a few
 * places; reading 0 there reproduces what it sees.
 */
function at(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

/** tolower() in the "C" locale (Redis sets only LC_COLLATE): only A-Z change. */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** `char` is signed on x86-64, so range bounds and subjects above 0x7f compare as negative. */
function signed(c: number): number {
  return c >= 0x80 ? c - 0x100 : c;
}

function matchFrom(pattern: string, p: number, subject: string, s: number, nocase: boolean, nesting: number): StepResult {
  if (nesting > MAX_NESTING) return NO_MATCH;
  const pEnd = pattern.length;
  const sEnd = subject.length;
  while (p < pEnd && s < sEnd) {
    const pc = pattern.charCodeAt(p);
    if (pc === STAR) {
      while (p < pEnd && at(pattern, p + 1) === STAR) p++;
      if (p === pEnd - 1) return MATCH; // a trailing * matches the rest
      for (; s < sEnd; s++) {
        const r = matchFrom(pattern, p + 1, subject, s, nocase, nesting + 1);
        if (r !== NO_MATCH) return r;
      }
      // The rest of the pattern matches at no position from here on, so an earlier * taking
      // more characters cannot help either: Redis (CVE-2022-36021 fix) gives up everywhere.
      return ABORT;
    } else if (pc === QUESTION) {
      s++;
    } else if (pc === OPEN) {
      const c = subject.charCodeAt(s);
      p++;
      const not = at(pattern, p) === CARET;
      if (not) p++;
      let match = false;
      for (;;) {
        const cc = at(pattern, p);
        if (cc === BACKSLASH && pEnd - p >= 2) {
          p++;
          // An escaped char inside [] is compared case-sensitively even with nocase.
          if (pattern.charCodeAt(p) === c) match = true;
        } else if (cc === CLOSE) {
          break;
        } else if (p >= pEnd) {
          // Unterminated [: the class runs to the end of the pattern (step back so the
          // common "advance past this pattern char" below lands exactly on the end).
          p--;
          break;
        } else if (pEnd - p >= 3 && pattern.charCodeAt(p + 1) === DASH) {
          // A range; written backwards it is swapped ([z-a] is [a-z]). The swap happens
          // before lowercasing, so with nocase [Z-a] becomes z..a and matches nothing.
          let start = signed(cc);
          let end = signed(pattern.charCodeAt(p + 2));
          let sc = signed(c);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            sc = lower(sc);
          }
          p += 2;
          if (sc >= start && sc <= end) match = true;
        } else if (nocase ? lower(cc) === lower(c) : cc === c) {
          match = true;
        }
        p++;
      }
      if (not) match = !match;
      if (!match) return NO_MATCH;
      s++;
    } else {
      // A backslash escapes the next char; a trailing lone backslash is a literal backslash.
      if (pc === BACKSLASH && pEnd - p >= 2) p++;
      const lit = pattern.charCodeAt(p);
      const c = subject.charCodeAt(s);
      if (nocase ? lower(lit) !== lower(c) : lit !== c) return NO_MATCH;
      s++;
    }
    p++;
    if (s === sEnd) {
      // Subject used up: trailing stars can still match the empty rest.
      while (at(pattern, p) === STAR) p++;
      break;
    }
  }
  return p === pEnd && s === sEnd ? MATCH : NO_MATCH;
}

/**
 * Redis's stringmatchlen(pattern, subject, nocase): glob with `*`, `?`, `[abc]`, `[^a]`,
 * `[a-z]` and `\x` escapes, on latin1 strings. An unterminated `[` class extends to the end of
 * the pattern, `[z-a]` equals `[a-z]`, a trailing `\` is a literal backslash.
 */
export function stringMatch(pattern: string, subject: string, nocase: boolean): boolean {
  return matchFrom(pattern, 0, subject, 0, nocase, 0) === MATCH;
}

/** True when the pattern has none of `* ? [ \`, so it matches exactly itself (case-sensitive). */
export function isLiteralPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR || c === QUESTION || c === OPEN || c === BACKSLASH) return false;
  }
  return true;
}

/**
 * The one string a pattern matches (case-sensitively) when its only special chars are `\`
 * escapes, e.g. `user\*1` matches only "user*1"; null if it has a real wildcard.
 * Lets KEYS/SCAN do a direct lookup instead of a scan.
 */
export function literalOfPattern(pattern: string): string | null {
  if (isLiteralPattern(pattern)) return pattern;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR || c === QUESTION || c === OPEN) return null;
    if (c === BACKSLASH && i + 1 < pattern.length) i++;
    out += pattern[i];
  }
  return out;
}
