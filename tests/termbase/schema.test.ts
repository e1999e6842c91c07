import { ConceptValidationError, validateConcept } from '../../src/termbase';

function issuesOf(input: unknown): string[] {
  try {
    validateConcept(input);
  } catch (error) {
    if (error instanceof ConceptValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConceptValidationError');
}

describe('validateConcept', () => {
  test('fills defaults and trims', () => {
    const concept = validateConcept({
      id: ' gba ',
      terms: [
        { locale: 'en', text: '  Greater Bay Area ', status: 'admitted' },
        { locale: 'zh-Hans', text: '大湾区', status: 'admitted', note: '', partOfSpeech: 'noun' },
      ],
    });
    expect(concept).toEqual({
      id: 'gba',
      note: null,
      subject: null,
      terms: [
        { locale: 'en', text: 'Greater Bay Area', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
        { locale: 'zh-Hans', text: '大湾区', status: 'admitted', caseSensitive: false, partOfSpeech: 'noun', note: null },
      ],
    });
  });

  test('leaves the id out when none is given', () => {
    expect('id' in validateConcept({ terms: [{ locale: 'en', text: 'x', status: 'preferred' }] })).toBe(false);
  });

  test('names the field of each problem', () => {
    expect(
      issuesOf({
        terms: [
          { locale: 'en', text: 'a', status: 'preferred' },
          { locale: 'xx_YY@foo', text: 'b', status: 'preferred' },
          { locale: 'en', text: '   ', status: 'preferred' },
          { locale: 'en', text: 'c', status: 'deprecated' },
          { locale: 'en', text: 'd', status: 'preferred', caseSensitive: 'yes' },
        ],
      }),
    ).toEqual([
      // Any BCP 47 tag is a term's locale (#18); a malformed one is named.
      'terms[1].locale: "xx_YY@foo" is not a BCP 47 language tag (en, zh-Hans, zh-Hant, fr, pt-PT …)',
      'terms[2].text: must not be empty',
      'terms[3].status: must be one of preferred, admitted, forbidden',
      'terms[4].caseSensitive: must be true or false',
    ]);
  });

  test('refuses a concept without terms, a non-object and a repeated term', () => {
    expect(issuesOf({ terms: [] })).toEqual(['terms: must hold at least one term']);
    expect(issuesOf({})).toEqual(['terms: must be a list of terms']);
    expect(issuesOf('x')[0]).toMatch(/^\(concept\): /);
    expect(
      issuesOf({
        terms: [
          { locale: 'en', text: 'Macao', status: 'preferred' },
          { locale: 'en', text: 'macao', status: 'forbidden' },
        ],
      }),
    ).toEqual(['terms[1].text: repeats terms[0] (en "macao")']);
  });
});
