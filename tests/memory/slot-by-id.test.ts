import { SlotById } from '../../src/memory/slot-by-id';
import { seededRandom } from '../../src/alignment/evaluate';

describe('SlotById', () => {
  it('agrees with a Map through random sets, replacements and deletes (ids beyond 32 bits too)', () => {
    const random = seededRandom(7);
    const table = new SlotById();
    const map = new Map<number, number>();
    let nextSlot = 0;
    for (let step = 0; step < 20_000; step++) {
      // Few distinct ids, so probe runs collide, wrap and get shifted back on delete.
      const id = random() < 0.1 ? 2 ** 40 + Math.floor(random() * 300) : Math.floor(random() * 3000);
      const r = random();
      if (r < 0.6) {
        const slot = nextSlot++;
        table.set(id, slot);
        map.set(id, slot);
      } else if (r < 0.9) {
        expect(table.delete(id)).toBe(map.delete(id));
      } else {
        expect(table.get(id)).toBe(map.get(id) ?? -1);
      }
      expect(table.size).toBe(map.size);
    }
    for (let id = 0; id < 3000; id++) expect(table.get(id)).toBe(map.get(id) ?? -1);
    for (let id = 0; id < 300; id++) expect(table.get(2 ** 40 + id)).toBe(map.get(2 ** 40 + id) ?? -1);
  });
});
