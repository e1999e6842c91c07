import { createHash } from 'node:crypto';
import { isChinese, type Locale } from '../locale';
import { linkedArticles, plainText, renderArticleBody, type BlockMarkup, type BodyBlock } from '../document';
import type { ReleaseBlock, ReleaseContent, ReleaseConverter, ReleaseUnit } from './types';

export interface SnapshotInput {
  locale: Locale;
  /** The article's source locale (how its source sentences join; where its links are read). */
  sourceLocale: Locale;
  slug: string;
  paragraphs: ReadonlyArray<{ index: number; kind: 'heading' | 'text'; level: number | null; markup?: BlockMarkup | null }>;
  /** Every segment's texts in order (target null for the source locale). */
  units: ReleaseUnit[];
  approvers: string[];
  termbaseVersion: string;
  converter: ReleaseConverter | null;
  /** The articles this locale has a release of (links to them stay in this locale). */
  releasedHere?: ReadonlySet<string>;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

/**
 * The source as its paragraphs read, so that a translation and a release of the source compare
 * equal when they were made from the same text, however it was cut into segments.
 */
function sourceDigest(input: SnapshotInput): string {
  const texts = new Map<number, string[]>();
  for (const unit of input.units) texts.set(unit.paragraph, [...(texts.get(unit.paragraph) ?? []), unit.source]);
  const separator = isChinese(input.sourceLocale) ? '' : ' ';
  return digest([...texts.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t.join(separator)));
}

/** The slugs of other articles the body links to (to ask which are released in the locale). */
export function linkedSlugs(input: Pick<SnapshotInput, 'locale' | 'sourceLocale' | 'slug' | 'paragraphs'>): string[] {
  const blocks = input.paragraphs.map((p) => ({ kind: p.kind, level: p.level, text: '', markup: p.markup ?? null }));
  return linkedArticles(blocks, { page: { locale: input.locale, slug: input.slug }, sourceLocale: input.sourceLocale });
}

/**
 * The rendered article of a release: its blocks joined from its segments and rendered by the
 * document's one render function (`renderArticleBody`), its title, and digests.
 */
export function buildReleaseContent(input: SnapshotInput): ReleaseContent {
  const texts = new Map<number, string[]>(input.paragraphs.map((p) => [p.index, []]));
  for (const unit of input.units) texts.get(unit.paragraph)?.push(unit.target ?? unit.source);
  const separator = isChinese(input.locale) ? '' : ' ';
  const body: BodyBlock[] = input.paragraphs.map((p) => ({
    kind: p.kind, level: p.level, text: texts.get(p.index)!.join(separator), markup: p.markup ?? null,
  }));
  const structured = body.some((b) => b.markup);
  // Plain text of the blocks readers see (an HTML block's codes are markup, not text; alt texts are attributes).
  const blocks: ReleaseBlock[] = body
    .filter((b) => !b.markup?.attribute)
    .map((b) => ({ kind: b.kind, level: b.level, text: structured ? plainText(b).trim() : b.text }))
    .filter((b) => b.text !== '');
  const heading = blocks.find((b) => b.kind === 'heading');
  const title = heading?.text ?? blocks[0]?.text.slice(0, 80) ?? input.slug;
  const page = { title, body, locale: input.locale, slug: input.slug, sourceLocale: input.sourceLocale };
  const html = renderReleaseBody(page, input.releasedHere);
  return {
    title,
    html,
    blocks,
    body,
    links: linkedSlugs(input).filter((slug) => slug !== input.slug),
    sourceLocale: input.sourceLocale,
    units: input.units,
    approvers: [...new Set(input.approvers)].sort(),
    termbaseVersion: input.termbaseVersion,
    converter: input.converter,
    // Where links to other articles lead is not this article's content: the digest leaves it out.
    contentDigest: digest([title, renderReleaseBody(page)]),
    sourceDigest: sourceDigest(input),
  };
}

/**
 * The body HTML of a release by the document's one render function; links to another article
 * go to its page in this locale when `releasedHere` names it (else where the source pointed).
 */
export function renderReleaseBody(
  release: { title: string; body: readonly BodyBlock[]; locale: Locale; slug: string; sourceLocale: Locale },
  releasedHere: ReadonlySet<string> = new Set(),
): string {
  return renderArticleBody(release.title, release.body, {
    page: { locale: release.locale, slug: release.slug },
    sourceLocale: release.sourceLocale,
    articleUrl: (slug, hash) => (slug === release.slug || releasedHere.has(slug) ? `/${release.locale}/articles/${slug}${hash}` : null),
  });
}
