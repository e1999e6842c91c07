/*
 * The articles page's upload: the browser reads the English file (and the optional Chinese
 * one), asks the server what the upload would change, applies it at once for a new article or
 * after the editor has seen the changes for an existing one, then opens the review.
 */
import { api, byId, clear, el, errorText, publishedNote, releasedPages, t } from './common';

interface Preview {
  slug: string;
  exists: boolean;
  segments: number;
  changes: Array<{ op: 'equal' | 'insert' | 'delete'; text: string }>;
  added: number;
  removed: number;
  unchanged: number;
  realigns: boolean;
  releases: Array<{ locale: string; version: number; publishedAt: string }>;
}
interface Uploaded { slug: string; segments: number; review: string; notes?: string[] }
interface UploadBody {
  slug?: string;
  english: { fileName: string; text: string };
  chinese?: { fileName: string; text: string; locale: string };
  preview?: boolean;
}

const form = byId<HTMLFormElement>('wb-upload');
const statusLine = byId('wb-upload-status');
const previewBox = byId('wb-upload-preview');
const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;

function say(message: string, isError = false): void {
  statusLine.textContent = message;
  statusLine.className = `wb-status${isError ? ' wb-error' : ''}`;
}

function fileOf(name: string): File | undefined {
  return form.querySelector<HTMLInputElement>(`input[name=${name}]`)?.files?.[0];
}

async function readBody(): Promise<UploadBody | null> {
  const english = fileOf('english');
  if (!english) return null;
  const chinese = fileOf('chinese');
  const data = new FormData(form);
  const slug = String(data.get('slug') ?? '').trim();
  return {
    ...(slug ? { slug } : {}),
    english: { fileName: english.name, text: await english.text() },
    ...(chinese ? { chinese: { fileName: chinese.name, text: await chinese.text(), locale: String(data.get('chineseLocale') ?? 'zh-Hans') } } : {}),
  };
}

async function apply(body: UploadBody): Promise<void> {
  const result = await api<Uploaded>('POST', '/api/articles', body);
  if (!result.ok) { say(errorText(result), true); submit.disabled = false; return; }
  const notes = result.data.notes ?? [];
  if (notes.length === 0) {
    say(t('articles.uploaded', { segments: result.data.segments }));
    window.location.assign(result.data.review);
    return;
  }
  // What the import removed, unwrapped or repaired (HTML) is shown before the review, never dropped in silence.
  say(t('articles.uploadedWithNotes', { segments: result.data.segments }));
  clear(previewBox);
  previewBox.hidden = false;
  previewBox.appendChild(el('h2', { text: t('articles.notesTitle', { count: notes.length }) }));
  previewBox.appendChild(el('ul', { class: 'wb-import-notes' }, notes.map((note) => el('li', { text: note }))));
  const open = el('a', { href: result.data.review, class: 'wb-button', 'data-action': 'open-review', text: t('articles.openReview') });
  previewBox.appendChild(el('div', { class: 'wb-buttons' }, [open]));
  open.focus();
}

/** An existing article: the segments this upload adds and removes, then Apply or Cancel. */
function showChanges(preview: Preview, body: UploadBody): void {
  clear(previewBox);
  previewBox.hidden = false;
  previewBox.appendChild(el('h2', { text: t('articles.changesTitle', { slug: preview.slug }) }));
  previewBox.appendChild(el('p', { text: t('articles.changesCounts', { added: preview.added, removed: preview.removed, unchanged: preview.unchanged }) }));
  if (preview.realigns && body.chinese) previewBox.appendChild(el('p', { class: 'wb-warning', text: t('articles.realignWarning', { locale: body.chinese.locale }) }));
  else previewBox.appendChild(el('p', { class: 'wb-note', text: t('articles.keptNote') }));
  const changed = preview.changes.filter((c) => c.op !== 'equal');
  // A published article: its pages stay as they are; the editor learns which will need approving again.
  if (preview.releases.length > 0 && (changed.length > 0 || preview.realigns)) {
    previewBox.appendChild(publishedNote(t('versions.warnUpload', { pages: releasedPages(preview.releases) })));
  }
  if (changed.length === 0) previewBox.appendChild(el('p', { class: 'wb-none', text: t('articles.noChanges') }));
  else {
    previewBox.appendChild(el('ol', { class: 'wb-segment-changes' }, changed.map((c) => el('li', { class: `wb-change-${c.op}` }, [
      c.op === 'insert' ? el('ins', { text: `+ ${c.text}` }) : el('del', { text: `− ${c.text}` }),
    ]))));
  }
  const applyButton = el('button', { type: 'button', 'data-action': 'apply-upload', text: t('articles.apply') });
  applyButton.addEventListener('click', () => { applyButton.disabled = true; void apply(body); });
  previewBox.appendChild(el('div', { class: 'wb-buttons' }, [
    applyButton,
    el('button', {
      type: 'button', 'data-action': 'cancel-upload', text: t('articles.cancel'),
      onclick: () => { clear(previewBox); previewBox.hidden = true; submit.disabled = false; say(''); submit.focus(); },
    }),
  ]));
  applyButton.focus();
}

// Release now / Withdraw (editors): one request each, then the list again as it is now.
const releaseStatus = document.getElementById('wb-release-status');
function sayRelease(message: string, isError = false): void {
  if (!releaseStatus) return;
  releaseStatus.textContent = message;
  releaseStatus.className = `wb-status${isError ? ' wb-error' : ''}`;
}
async function releaseAction(path: string, body: Record<string, string>, done: string, control: HTMLButtonElement | null): Promise<void> {
  if (control) control.disabled = true;
  const result = await api('POST', path, body);
  if (!result.ok) { sayRelease(errorText(result), true); if (control) control.disabled = false; return; }
  sayRelease(done);
  window.location.reload();
}
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action=release]') : null;
  if (!button) return;
  const slug = button.getAttribute('data-slug') ?? '';
  const locale = button.getAttribute('data-locale') ?? '';
  void releaseAction(`/api/articles/${encodeURIComponent(slug)}/publish`, { locale }, t('articles.released', { slug, locale }), button);
});
document.addEventListener('submit', (event) => {
  const withdraw = event.target instanceof HTMLFormElement && event.target.getAttribute('data-action') === 'withdraw' ? event.target : null;
  if (!withdraw) return;
  event.preventDefault();
  const slug = withdraw.getAttribute('data-slug') ?? '';
  const locale = withdraw.getAttribute('data-locale') ?? '';
  const reason = String(new FormData(withdraw).get('reason') ?? '').trim();
  void releaseAction(`/api/articles/${encodeURIComponent(slug)}/withdraw`, { locale, reason }, t('articles.withdrawn', { slug, locale }), withdraw.querySelector('button'));
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    const body = await readBody();
    if (!body) { say(t('articles.needFile'), true); return; }
    submit.disabled = true;
    say(t('articles.uploading'));
    const preview = await api<Preview>('POST', '/api/articles', { ...body, preview: true });
    if (!preview.ok) { say(errorText(preview), true); submit.disabled = false; return; }
    if (!preview.data.exists) { await apply(body); return; }
    say('');
    showChanges(preview.data, body);
  })();
});
