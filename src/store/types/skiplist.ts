// The skip list behind sorted sets (Redis's zskiplist, t_zset.c): Pugh's skip list with a span
// per link, so a rank is found in O(log n). Order is Redis's: by score, then by member compared
// as bytes (memcmp, then length — what JS `<` does on latin1 strings). Max level 32, p = 1/4.
// Ranges by score and by lex (ZRANGEBYSCORE/ZRANGEBYLEX bounds) are answered here too.

/** ZSKIPLIST_MAXLEVEL: enough for 2^64 elements with p = 1/4. */
const MAX_LEVEL = 32;
/** ZSKIPLIST_P */
const P = 0.25;

export class SkipNode {
  /** The node before this one on level 0 (null for the first). */
  backward: SkipNode | null = null;
  /** forward[i]: the next node on level i; span[i]: how many level-0 steps that link skips. */
  readonly forward: (SkipNode | null)[];
  readonly span: number[];
  /** The owning set's scan slot (SortedSetValue keeps a slot table for ZSCAN). */
  slot = -1;

  constructor(
    readonly member: string,
    public score: number,
    level: number,
  ) {
    this.forward = new Array<SkipNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** A score interval as ZRANGEBYSCORE takes it: `(` makes a bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** `-` (below every member) or `+` (above every member) in a lex range; a string is a member. */
export type LexBound = string | typeof LEX_MINUS | typeof LEX_PLUS;
export const LEX_MINUS = -1;
export const LEX_PLUS = 1;

/** A lex interval as ZRANGEBYLEX takes it: `[` inclusive, `(` exclusive, `-` and `+` open. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** sdscmplex: compares two bounds, where `-` and `+` sort before and after everything. */
function compareLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MINUS || b === LEX_PLUS) return -1;
  if (a === LEX_PLUS || b === LEX_MINUS) return 1;
  return a < b ? -1 : 1;
}

/** zslValueGteMin */
export function scoreAboveMin(score: number, range: ScoreRange): boolean {
  return range.minExclusive ? score > range.min : score >= range.min;
}

/** zslValueLteMax */
export function scoreBelowMax(score: number, range: ScoreRange): boolean {
  return range.maxExclusive ? score < range.max : score <= range.max;
}

/** zslLexValueGteMin */
export function lexAboveMin(member: string, range: LexRange): boolean {
  const cmp = compareLex(member, range.min);
  return range.minExclusive ? cmp > 0 : cmp >= 0;
}

/** zslLexValueLteMax */
export function lexBelowMax(member: string, range: LexRange): boolean {
  const cmp = compareLex(member, range.max);
  return range.maxExclusive ? cmp < 0 : cmp <= 0;
}

/** Whether a score range can hold anything at all (zslIsInRange's first test). */
export function scoreRangeIsEmpty(range: ScoreRange): boolean {
  return range.min > range.max || (range.min === range.max && (range.minExclusive || range.maxExclusive));
}

/** Whether a lex range can hold anything at all (zslIsInLexRange's first test). */
export function lexRangeIsEmpty(range: LexRange): boolean {
  const cmp = compareLex(range.min, range.max);
  return cmp > 0 || (cmp === 0 && (range.minExclusive || range.maxExclusive));
}

/** Whether (score, member) sorts before (otherScore, otherMember). */
function precedes(score: number, member: string, otherScore: number, otherMember: string): boolean {
  return score < otherScore || (score === otherScore && member < otherMember);
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

export class SkipList {
  /** The header holds no element; its levels grow with the tallest node (Redis allocates 32). */
  private readonly header = new SkipNode("", 0, 0);
  private tailNode: SkipNode | null = null;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The lowest-ranked node, or null when empty. */
  get first(): SkipNode | null {
    return this.header.forward[0] ?? null;
  }

  /** The highest-ranked node, or null when empty. */
  get last(): SkipNode | null {
    return this.tailNode;
  }

  private get level(): number {
    return this.header.forward.length;
  }

  /** zslInsert: adds a member not yet present. */
  insert(score: number, member: string): SkipNode {
    const node = new SkipNode(member, score, randomLevel());
    this.link(node);
    return node;
  }

  /** Links a node (a new one, or one just unlinked) at its place by (score, member). */
  private link(node: SkipNode): void {
    const update: SkipNode[] = [];
    const rank: number[] = [];
    let x = this.header;
    const level = this.level;
    for (let i = level - 1; i >= 0; i--) {
      rank[i] = i === level - 1 ? 0 : rank[i + 1]!;
      let next = x.forward[i]!;
      while (next !== null && precedes(next.score, next.member, node.score, node.member)) {
        rank[i]! += x.span[i]!;
        x = next;
        next = x.forward[i]!;
      }
      update[i] = x;
    }
    const nodeLevel = node.forward.length;
    for (let i = level; i < nodeLevel; i++) {
      rank[i] = 0;
      update[i] = this.header;
      this.header.forward.push(null);
      this.header.span.push(this.count);
    }
    for (let i = 0; i < nodeLevel; i++) {
      const prev = update[i]!;
      node.forward[i] = prev.forward[i]!;
      prev.forward[i] = node;
      // The new node splits prev's link: it lies (rank[0] - rank[i]) steps after prev.
      node.span[i] = prev.span[i]! - (rank[0]! - rank[i]!);
      prev.span[i] = rank[0]! - rank[i]! + 1;
    }
    for (let i = nodeLevel; i < level; i++) update[i]!.span[i]!++;
    const prev = update[0]!;
    node.backward = prev === this.header ? null : prev;
    const next = node.forward[0]!;
    if (next !== null) next.backward = node;
    else this.tailNode = node;
    this.count++;
  }

  /** The nodes whose links at each level lead to (score, member) or past it. */
  private predecessors(score: number, member: string): SkipNode[] {
    const update: SkipNode[] = [];
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && precedes(next.score, next.member, score, member)) {
        x = next;
        next = x.forward[i]!;
      }
      update[i] = x;
    }
    return update;
  }

  /** zslDeleteNode: unlinks `node`, given its predecessors at every level. */
  private unlink(node: SkipNode, update: SkipNode[]): void {
    const level = this.level;
    for (let i = 0; i < level; i++) {
      const prev = update[i]!;
      if (prev.forward[i] === node) {
        prev.span[i]! += node.span[i]! - 1;
        prev.forward[i] = node.forward[i]!;
      } else {
        prev.span[i]!--;
      }
    }
    const next = node.forward[0]!;
    if (next !== null) next.backward = node.backward;
    else this.tailNode = node.backward;
    // Drop empty top levels (an emptied list keeps none).
    const header = this.header;
    while (header.forward.length > 0 && header.forward[header.forward.length - 1] === null) {
      header.forward.pop();
      header.span.pop();
    }
    this.count--;
  }

  /** zslDelete: removes the node holding (score, member); false if there is none. */
  delete(score: number, member: string): boolean {
    const update = this.predecessors(score, member);
    const node = update[0]?.forward[0] ?? null;
    if (node === null || node.score !== score || node.member !== member) return false;
    this.unlink(node, update);
    return true;
  }

  /**
   * zslUpdateScore: gives `node` a new score. When its neighbours still bracket it the score
   * changes in place; otherwise the node moves (keeping its level).
   */
  updateScore(node: SkipNode, score: number): void {
    const prev = node.backward;
    const next = node.forward[0]!;
    if ((prev === null || prev.score < score) && (next === null || next.score > score)) {
      node.score = score;
      return;
    }
    this.unlink(node, this.predecessors(node.score, node.member));
    node.score = score;
    node.backward = null;
    node.forward.fill(null);
    node.span.fill(0);
    this.link(node);
  }

  /** zslGetRank: the 1-based rank of (score, member), 0 if absent. */
  rank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && (precedes(next.score, next.member, score, member) || (next.score === score && next.member === member))) {
        rank += x.span[i]!;
        x = next;
        next = x.forward[i]!;
      }
      if (x !== this.header && x.score === score && x.member === member) return rank;
    }
    return 0;
  }

  /** zslGetElementByRank: the node at 1-based `rank`, or null past the end. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.count) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.forward[i] !== null && traversed + x.span[i]! <= rank) {
        traversed += x.span[i]!;
        x = x.forward[i]!;
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** zslFirstInRange: the first node within `range`, or null. */
  firstInScoreRange(range: ScoreRange): SkipNode | null {
    if (!this.overlapsScores(range)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && !scoreAboveMin(next.score, range)) {
        x = next;
        next = x.forward[i]!;
      }
    }
    const node = x.forward[0]!;
    return node !== null && scoreBelowMax(node.score, range) ? node : null;
  }

  /** zslLastInRange: the last node within `range`, or null. */
  lastInScoreRange(range: ScoreRange): SkipNode | null {
    if (!this.overlapsScores(range)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && scoreBelowMax(next.score, range)) {
        x = next;
        next = x.forward[i]!;
      }
    }
    return x !== this.header && scoreAboveMin(x.score, range) ? x : null;
  }

  /** zslFirstInLexRange */
  firstInLexRange(range: LexRange): SkipNode | null {
    if (!this.overlapsLex(range)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && !lexAboveMin(next.member, range)) {
        x = next;
        next = x.forward[i]!;
      }
    }
    const node = x.forward[0]!;
    return node !== null && lexBelowMax(node.member, range) ? node : null;
  }

  /** zslLastInLexRange */
  lastInLexRange(range: LexRange): SkipNode | null {
    if (!this.overlapsLex(range)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i]!;
      while (next !== null && lexBelowMax(next.member, range)) {
        x = next;
        next = x.forward[i]!;
      }
    }
    return x !== this.header && lexAboveMin(x.member, range) ? x : null;
  }

  /** zslIsInRange: the range is not empty and meets the list's span of scores. */
  private overlapsScores(range: ScoreRange): boolean {
    const first = this.first;
    const last = this.tailNode;
    return !scoreRangeIsEmpty(range) && first !== null && last !== null && scoreBelowMax(first.score, range) && scoreAboveMin(last.score, range);
  }

  /** zslIsInLexRange */
  private overlapsLex(range: LexRange): boolean {
    const first = this.first;
    const last = this.tailNode;
    return !lexRangeIsEmpty(range) && first !== null && last !== null && lexBelowMax(first.member, range) && lexAboveMin(last.member, range);
  }

  /** Removes `node` (found by its own score and member). */
  deleteNode(node: SkipNode): void {
    this.unlink(node, this.predecessors(node.score, node.member));
  }

  /** Ascending iteration from `node` (inclusive). */
  *from(node: SkipNode | null): IterableIterator<SkipNode> {
    for (let x = node; x !== null; x = x.forward[0]!) yield x;
  }
}
