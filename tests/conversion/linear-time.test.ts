/**
 * Conversion is linear in the text: where a phrase changes length (twp's U盘 → 隨身碟), each
 * ambiguous character's place in the result was found by converting everything before it again
 * (430 KB took 90 s); the findings stay the same.
 */
import { createTraditionalConverter } from '../../src/conversion';
import { growthRatio, LINEAR_GROWTH_LIMIT } from '../support/growth';

const converter = createTraditionalConverter({ variant: 'twp', concepts: [] });
const text = (repeats: number) => '用U盘，头发和后面的事了。'.repeat(repeats);

it('converts a text with a length-changing phrase in time linear in its length, with every ambiguous character found', () => {
  const result = converter.convert(text(100));
  expect(result.text).toContain('隨身碟');
  expect(result.text.length).not.toBe(text(100).length);
  const ambiguous = result.findings.filter((f) => f.checkId === 'conversion-ambiguous');
  expect(ambiguous.length).toBeGreaterThanOrEqual(100);
  // Each finding's span covers the character it names, in the converted text.
  for (const f of ambiguous) expect(f.message).toContain(`“${result.text.slice(f.span!.start, f.span!.end)}” by its character table`);
  expect(growthRatio((repeats) => converter.convert(text(repeats)), 1000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
});
