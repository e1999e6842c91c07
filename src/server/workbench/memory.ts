/**
 * The admin's translation memory page (`/workbench/memory`): import a TMX, XLIFF or CSV file
 * (browser/memory.ts sends it as the body of `POST /api/tm/import`, with a progress bar, and
 * shows the counts and what was not kept), and export the memory by format, locale pair and
 * options (a plain GET form to `GET /api/tm/export`: a download, no script needed).
 */
import { LOCALE_LABELS } from '../../locale';
import { html } from '../http';
import { layout, type PageContext } from './pages';

/** What the import takes (the API tells the formats apart by extension when none is chosen). */
const MEMORY_ACCEPT = '.tmx,.xlf,.xliff,.xml,.csv,application/x-tmx+xml,application/xliff+xml,text/csv';

export function memoryPage(ctx: PageContext, input: { strings: Record<string, unknown> }): string {
  const { t } = ctx;
  const option = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
  return layout(ctx, {
    title: t('memory.title'),
    active: 'memory',
    scripts: ['memory.js'],
    config: { csrfToken: ctx.csrfToken, strings: input.strings, user: ctx.user ? { name: ctx.user.name, role: ctx.user.role } : null },
    body: html`
<h1>${t('memory.title')}</h1>
<p class="wb-note">${t('memory.intro')}</p>
<section class="wb-panel" aria-labelledby="tm-import-h">
  <h2 id="tm-import-h">${t('memory.import')}</h2>
  <p class="wb-note">${t('memory.importHelp')}</p>
  <form id="tm-import" class="wb-upload-form">
    <label>${t('memory.file')} <input type="file" name="file" accept="${MEMORY_ACCEPT}" required></label>
    <label>${t('memory.format')} <select name="format">
      ${option('', t('memory.formatByName'))}${option('tmx', 'TMX')}${option('xliff', 'XLIFF')}${option('csv', 'CSV')}
    </select></label>
    <button type="submit">${t('memory.importButton')}</button>
  </form>
  <div id="tm-progress" class="tm-progress" hidden>
    <label for="tm-progress-bar" id="tm-progress-label">${t('memory.uploading')}</label>
    <progress id="tm-progress-bar" max="100" value="0"></progress>
    <span id="tm-progress-text" class="wb-num"></span>
  </div>
  <p id="tm-status" class="wb-status" role="status" aria-live="polite"></p>
  <div id="tm-error" class="wb-message wb-error" role="alert" hidden></div>
  <section id="tm-result" class="tm-result" aria-labelledby="tm-result-h" tabindex="-1" hidden></section>
</section>
<section class="wb-panel" aria-labelledby="tm-export-h">
  <h2 id="tm-export-h">${t('memory.export')}</h2>
  <p class="wb-note">${t('memory.exportHelp')}</p>
  <form id="tm-export" class="wb-upload-form" method="get" action="/api/tm/export">
    <label>${t('memory.format')} <select name="format">${option('tmx', 'TMX 1.4b')}${option('xliff', 'XLIFF')}${option('csv', 'CSV')}</select></label>
    <label>${t('memory.pair')} <select name="targetLocale">
      ${option('', t('memory.everyLanguage'))}
      ${(['zh-Hans', 'zh-Hant'] as const).map((l) => option(l, `${LOCALE_LABELS.en} → ${LOCALE_LABELS[l]}`))}
    </select></label>
    <label>${t('memory.localeTags')} <select name="localeTags">${option('region', t('memory.tagsRegion'))}${option('bcp47', t('memory.tagsBcp47'))}</select></label>
    <label>${t('memory.xliffVersion')} <select name="xliffVersion">${option('2.0', 'XLIFF 2.0')}${option('1.2', 'XLIFF 1.2')}</select></label>
    <button type="submit">${t('memory.exportButton')}</button>
  </form>
</section>`,
  });
}
