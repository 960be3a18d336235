// notify-keyspace-events: the class characters and their bit flags (server.h NOTIFY_*), and the
// two conversions of notify.c: keyspaceEventsStringToFlags (CONFIG SET, redis.conf) and
// keyspaceEventsFlagsToString (CONFIG GET prints the canonical form: "KEA" reads back "AKE").

export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m, left out of A on purpose
export const NOTIFY_LOADED = 1 << 12; // modules only, no character
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n, left out of A as well
export const NOTIFY_ALL =
  NOTIFY_GENERIC |
  NOTIFY_STRING |
  NOTIFY_LIST |
  NOTIFY_SET |
  NOTIFY_HASH |
  NOTIFY_ZSET |
  NOTIFY_EXPIRED |
  NOTIFY_EVICTED |
  NOTIFY_STREAM |
  NOTIFY_MODULE;

const CLASS_FLAGS: Readonly<Record<string, number>> = {
  A: NOTIFY_ALL,
  g: NOTIFY_GENERIC,
  $: NOTIFY_STRING,
  l: NOTIFY_LIST,
  s: NOTIFY_SET,
  h: NOTIFY_HASH,
  z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED,
  e: NOTIFY_EVICTED,
  K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT,
  t: NOTIFY_STREAM,
  m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE,
  n: NOTIFY_NEW,
};

/** The flags for a class string, or null on a character Redis rejects (case-sensitive). */
export function keyspaceEventsStringToFlags(classes: string): number | null {
  let flags = 0;
  for (const c of classes) {
    const flag = CLASS_FLAGS[c];
    if (flag === undefined) return null;
    flags |= flag;
  }
  return flags;
}

/** Canonical text: "A" when every A class is on, else g$lshzxetdn in that order; then K E m. */
export function keyspaceEventsFlagsToString(flags: number): string {
  let out = "";
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    out += "A";
  } else {
    if (flags & NOTIFY_GENERIC) out += "g";
    if (flags & NOTIFY_STRING) out += "$";
    if (flags & NOTIFY_LIST) out += "l";
    if (flags & NOTIFY_SET) out += "s";
    if (flags & NOTIFY_HASH) out += "h";
    if (flags & NOTIFY_ZSET) out += "z";
    if (flags & NOTIFY_EXPIRED) out += "x";
    if (flags & NOTIFY_EVICTED) out += "e";
    if (flags & NOTIFY_STREAM) out += "t";
    if (flags & NOTIFY_MODULE) out += "d";
    if (flags & NOTIFY_NEW) out += "n";
  }
  if (flags & NOTIFY_KEYSPACE) out += "K";
  if (flags & NOTIFY_KEYEVENT) out += "E";
  if (flags & NOTIFY_KEY_MISS) out += "m";
  return out;
}
