import type * as Zod from 'zod';
import { keptLocale } from '../locale';
import { TERM_STATUSES, TERM_TYPES, type DataCategory, type NewConcept } from './types';

function buildSchemas() {
  // zod is a large library: loaded when the first concept is validated, not when a command starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
  const { z } = require('zod') as typeof Zod;
  const nullableText = (max: number) =>
    z
      .string({ error: 'must be a string' })
      .trim()
      .max(max, { error: `must be at most ${max} characters` })
      .nullish()
      .transform((v) => (v === undefined || v === null || v === '' ? null : v));

  /** Any BCP 47 tag; forms of the working locales become them (en-US → en, zh-CN → zh-Hans, zh-TW → zh-Hant). */
  const localeSchema = z
    .string({ error: 'must be a BCP 47 language tag' })
    .transform((tag, ctx) => {
      const locale = keptLocale(tag);
      if (!locale) {
        ctx.addIssue({ code: 'custom', message: `"${tag}" is not a BCP 47 language tag (en, zh-Hans, zh-Hant, fr, pt-PT …)` });
        return z.NEVER;
      }
      return locale;
    });

  /** A kept data category (definition, source, crossReference …); groups nest one level deep in TBX, two at most here. */
  const dataCategorySchema: Zod.ZodType<DataCategory> = z.lazy(() =>
    z.object({
      type: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' }),
      value: z.string({ error: 'must be a string' }).max(20000, { error: 'must be at most 20000 characters' }),
      target: z.string({ error: 'must be a string' }).max(2000, { error: 'must be at most 2000 characters' }).optional(),
      element: z.string({ error: 'must be a string' }).max(40, { error: 'must be at most 40 characters' }).optional(),
      details: z.array(dataCategorySchema).max(50, { error: 'must hold at most 50 details' }).optional(),
    }),
  );
  const fieldsSchema = z.array(dataCategorySchema, { error: 'must be a list of data categories' }).max(200, { error: 'must hold at most 200 data categories' });

  const termSchema = z.object({
    locale: localeSchema,
    text: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(300, { error: 'must be at most 300 characters' })
      .refine((t) => !/[\r\n]/.test(t), { error: 'must be one line' })
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .refine((t) => !/[\u0000-\u001f]/.test(t), { error: 'must not contain control characters' })
      .refine((t) => t === '' || /[\p{L}\p{N}]/u.test(t), { error: 'must contain a letter or a digit' }),
    status: z.enum(TERM_STATUSES, { error: `must be one of ${TERM_STATUSES.join(', ')}` }),
    caseSensitive: z.boolean({ error: 'must be true or false' }).default(false),
    partOfSpeech: nullableText(40),
    note: nullableText(2000),
    termType: z.enum(TERM_TYPES, { error: `must be one of ${TERM_TYPES.join(', ')} or null` }).nullish(),
    fields: fieldsSchema.optional(),
  });

  /** A concept as the API and the importers take it (id optional: the store assigns one). */
  const conceptSchema = z
    .object({
      id: z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, { error: 'must not be empty' })
        .max(200, { error: 'must be at most 200 characters' })
        .optional(),
      note: nullableText(2000),
      subject: nullableText(200),
      terms: z.array(termSchema, { error: 'must be a list of terms' }).min(1, { error: 'must hold at least one term' }),
      fields: fieldsSchema.optional(),
      languages: z.array(z.object({ locale: localeSchema, fields: fieldsSchema }), { error: 'must be a list of language sections' }).max(500).optional(),
    })
    .superRefine((concept, ctx) => {
      // The same term twice in one concept says nothing twice, and with two statuses contradicts itself.
      const seen = new Map<string, number>();
      concept.terms.forEach((term, i) => {
        const key = `${term.locale}\u0000${term.text.toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['terms', i, 'text'], message: `repeats terms[${first}] (${term.locale} "${term.text}")` });
        } else {
          seen.set(key, i);
        }
      });
    });

  return { termSchema, conceptSchema };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The zod schemas of a term and of a concept as the API and the importers take it, built on first use. */
export function termbaseSchemas(): ReturnType<typeof buildSchemas> {
  schemas ??= buildSchemas();
  return schemas;
}

/** Invalid concept input; `issues` name the field of each problem (`terms[2].text: must not be empty`). */
export class ConceptValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'ConceptValidationError';
  }
}

/** Renders a zod path the way a person writes it: terms[2].text */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(concept)';
}

/** Checks and normalises concept input (trimmed texts, defaults filled), or throws ConceptValidationError. */
export function validateConcept(input: unknown): NewConcept {
  const result = termbaseSchemas().conceptSchema.safeParse(input);
  if (!result.success) {
    throw new ConceptValidationError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  const { id, note, subject, terms, fields, languages } = result.data;
  const concept: NewConcept = {
    note,
    subject,
    // Optional parts stay absent when empty, so a concept without them compares equal to one read before they existed.
    terms: terms.map(({ termType, fields: termFields, ...t }) => ({
      ...t,
      ...(termType ? { termType } : {}),
      ...(termFields?.length ? { fields: termFields } : {}),
    })),
  };
  if (id !== undefined) concept.id = id;
  if (fields?.length) concept.fields = fields;
  const kept = languages?.filter((l) => l.fields.length > 0);
  if (kept?.length) concept.languages = kept;
  return concept;
}
