/** A growable Int32Array: posting lists and scratch lists that are reused without garbage. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 4) { this.data = new Int32Array(capacity); }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** `a` itself when it holds `min` elements, else a copy at least twice as long. */
export function grow<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, a.length * 2));
  next.set(a);
  return next;
}
