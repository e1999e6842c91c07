/** The pairing's candidate pick gives what a stable sort by votes gives, ties included. */
import { topByVotes } from '../../src/alignment/pairing';
import { seededRandom } from '../../src/alignment/evaluate';

describe('topByVotes', () => {
  it('equals the first k of a stable sort by votes, over random votes with many ties', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 2000; round++) {
      const n = Math.floor(random() * 60);
      const votes = new Float64Array(80);
      const items: number[] = [];
      for (let i = 0; i < n; i++) {
        const z = Math.floor(random() * 80);
        if (items.includes(z)) continue;
        items.push(z);
        votes[z] = Math.floor(random() * 6) + (random() < 0.3 ? 0.5 : 0);
      }
      const k = Math.floor(random() * 15);
      const expected = [...items].sort((a, b) => votes[b] - votes[a]).slice(0, k);
      expect(topByVotes(items, votes, k)).toEqual(expected);
    }
  });
});
