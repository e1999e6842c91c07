/**
 * Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in one
 * pass over a text, whatever the number of patterns. Built once per termbase and locale.
 * Stored flat (typed arrays, edges sorted per node) so ten thousand terms stay compact and the
 * scan loop touches no Maps; the root gets a dense 64K table because most steps start there.
 */
export class AhoCorasick {
  private readonly rootNext: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeChars: Uint16Array;
  private readonly edgeTargets: Int32Array;
  private readonly fail: Int32Array;
  /** Pattern id ending at a node, or -1. */
  private readonly output: Int32Array;
  /** Nearest node on the failure chain that has an output (0 = none). */
  private readonly dictLink: Int32Array;
  readonly patternLengths: Int32Array;

  constructor(patterns: readonly string[]) {
    // Build the trie with one Map keyed by node * 65536 + code unit.
    const edges = new Map<number, number>();
    const outputs: number[] = [-1];
    let nodeCount = 1;
    this.patternLengths = new Int32Array(patterns.length);
    patterns.forEach((pattern, id) => {
      if (pattern.length === 0) throw new Error('AhoCorasick: empty pattern');
      this.patternLengths[id] = pattern.length;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const key = node * 65536 + pattern.charCodeAt(i);
        let next = edges.get(key);
        if (next === undefined) {
          next = nodeCount++;
          edges.set(key, next);
          outputs.push(-1);
        }
        node = next;
      }
      if (outputs[node] === -1) outputs[node] = id;
    });

    // Flatten the edges: sorted by (node, code unit) so each node's edges are one sorted run.
    const flat = Array.from(edges.entries()).sort((a, b) => a[0] - b[0]);
    this.edgeStart = new Int32Array(nodeCount + 1);
    this.edgeChars = new Uint16Array(flat.length);
    this.edgeTargets = new Int32Array(flat.length);
    this.rootNext = new Int32Array(65536);
    flat.forEach(([key, target], k) => {
      const node = Math.floor(key / 65536);
      const code = key % 65536;
      this.edgeChars[k] = code;
      this.edgeTargets[k] = target;
      this.edgeStart[node + 1]++;
      if (node === 0) this.rootNext[code] = target;
    });
    for (let n = 0; n < nodeCount; n++) this.edgeStart[n + 1] += this.edgeStart[n];

    this.output = Int32Array.from(outputs);
    this.fail = new Int32Array(nodeCount);
    this.dictLink = new Int32Array(nodeCount);
    // Breadth-first, so a node's failure target is always finished before the node.
    const queue = new Int32Array(nodeCount);
    let head = 0;
    let tail = 0;
    for (let k = this.edgeStart[0]; k < this.edgeStart[1]; k++) queue[tail++] = this.edgeTargets[k];
    while (head < tail) {
      const u = queue[head++];
      for (let k = this.edgeStart[u]; k < this.edgeStart[u + 1]; k++) {
        const v = this.edgeTargets[k];
        const c = this.edgeChars[k];
        let f = this.fail[u];
        let target = this.step(f, c);
        while (target < 0 && f !== 0) {
          f = this.fail[f];
          target = this.step(f, c);
        }
        const fv = target < 0 || target === v ? 0 : target;
        this.fail[v] = fv;
        this.dictLink[v] = this.output[fv] >= 0 ? fv : this.dictLink[fv];
        queue[tail++] = v;
      }
    }
  }

  /** The goto function: the child of `node` by code unit `c`, or -1. */
  private step(node: number, c: number): number {
    if (node === 0) {
      const t = this.rootNext[c];
      return t === 0 ? -1 : t;
    }
    let lo = this.edgeStart[node];
    let hi = this.edgeStart[node + 1] - 1;
    const chars = this.edgeChars;
    if (hi - lo < 8) {
      for (let k = lo; k <= hi; k++) if (chars[k] === c) return this.edgeTargets[k];
      return -1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = chars[mid];
      if (m === c) return this.edgeTargets[mid];
      if (m < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Calls `onMatch(patternId, end)` for every occurrence (end exclusive, in `text` units). */
  scan(text: Uint16Array, onMatch: (patternId: number, end: number) => void): void {
    const { fail, output, dictLink, rootNext } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (state !== 0) {
        let next = this.step(state, c);
        while (next < 0 && state !== 0) {
          state = fail[state];
          next = state === 0 ? rootNext[c] : this.step(state, c);
        }
        state = next < 0 ? 0 : next;
      } else {
        state = rootNext[c];
      }
      if (state === 0) continue;
      let t = output[state] >= 0 ? state : dictLink[state];
      while (t !== 0) {
        onMatch(output[t], i + 1);
        t = dictLink[t];
      }
    }
  }
}
