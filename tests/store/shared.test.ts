import { describeStoreLocation, isPostgresUrl, redactUrl } from '../../src/store';
import { conceptSnapshot, patchAssignments, sourceKey, toIso, unitWhere } from '../../src/store/shared';

describe('store helpers', () => {
  it('keeps sourceKey stable (it is stored: a change needs a migration)', () => {
    expect(sourceKey('Jiangmen is a city in Guangdong.')).toBe(4203797324684735);
    expect(sourceKey('江门')).toBe(7207012622357237);
    expect(sourceKey('')).toBe(3338908027751811);
    expect(Number.isSafeInteger(sourceKey('x'.repeat(10_000)))).toBe(true);
    expect(sourceKey('Jiangmen')).not.toBe(sourceKey('jiangmen'));
  });

  it('redacts the password of a PostgreSQL URL', () => {
    expect(redactUrl('postgres://bitext:s3cret@127.0.0.1:5432/bitext_test')).toBe('postgres://bitext@127.0.0.1:5432/bitext_test');
    expect(redactUrl('postgresql://u:p%40ss@db.example/x?sslmode=require')).toBe('postgresql://u@db.example/x?sslmode=require');
    expect(redactUrl('postgres://host/db')).toBe('postgres://host/db');
    expect(describeStoreLocation('postgres://a:b@h/db')).toBe('postgres://a@h/db');
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
    expect(isPostgresUrl('data/postgres.db')).toBe(false);
  });

  it('builds AND-combined unit filters with the placeholder style asked for', () => {
    const params: unknown[] = [];
    const where = unitWhere({ documentId: 3, status: 'approved', scope: 'articles' }, (v) => `$${params.push(v)}`);
    expect(where).toBe('WHERE document_id = $1 AND status = $2 AND document_id IS NOT NULL');
    expect(params).toEqual([3, 'approved']);
    expect(unitWhere({}, () => '?')).toBe('');
  });

  it('maps a unit patch to columns, leaving undefined fields alone and re-keying a new source', () => {
    const assignments = patchAssignments({ targetText: 't', bead: null, findings: [], sourceText: 's', status: undefined });
    expect(assignments).toEqual([
      { column: 'source_text', json: false, value: 's' },
      { column: 'source_key', json: false, value: sourceKey('s') },
      { column: 'target_text', json: false, value: 't' },
      { column: 'bead', json: true, value: null },
      { column: 'findings', json: true, value: '[]' },
    ]);
  });

  it('normalises timestamps to ISO UTC and rejects non-dates', () => {
    expect(toIso('2025-06-01T08:00:00+08:00')).toBe('2025-06-01T00:00:00.000Z');
    expect(() => toIso('tomorrow')).toThrow(RangeError);
  });

  it('snapshots a concept with every optional field spelled out', () => {
    const snap = conceptSnapshot({ id: 'c', note: null, subject: null, terms: [
      { locale: 'en', text: 'x', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    ] }, 2, 'ed', '2025-01-01T00:00:00.000Z');
    expect(snap).toEqual({ id: 'c', note: null, subject: null, terms: [
      { locale: 'en', text: 'x', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    ], version: 2, updatedBy: 'ed', updatedAt: '2025-01-01T00:00:00.000Z' });
  });
});
