import type { Bead } from './types';

/** Bead type as sentence counts, source side first: `'2-1'`. */
export function beadType(bead: Pick<Bead, 'source' | 'target'>): string {
  return `${bead.source.length}-${bead.target.length}`;
}

/** The CLI's bead notation, source side first: `[3,4]:[5]`, `[]:[6]`. */
export function formatBead(bead: Pick<Bead, 'source' | 'target'>): string {
  return `[${bead.source.join(',')}]:[${bead.target.join(',')}]`;
}

/** Parses `[3,4]:[5]` (spaces allowed) back into index lists; null if the line is not a bead. */
export function parseBead(line: string): { source: number[]; target: number[] } | null {
  const m = /^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$/.exec(line);
  if (!m) return null;
  const list = (s: string): number[] => s.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  return { source: list(m[1]), target: list(m[2]) };
}
