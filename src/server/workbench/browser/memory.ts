/*
 * The memory page's import (/workbench/memory): the chosen file goes as the request body of
 * POST /api/tm/import — XMLHttpRequest, because fetch reports no upload progress — with a
 * progress bar while it is sent, then "importing" while the server reads it in one transaction.
 * The answer's counts and what was not kept are shown; a refusal shows the API's message, which
 * names the file and line (nothing was stored). The export form is a plain GET: a download.
 */
import { byId, clear, config, el, errorText, t, type ApiResult } from './common';

interface ImportAnswer {
  file: string;
  format: string;
  read: number;
  added: number;
  updated: number;
  skipped: number;
  notKept: string[];
}

const form = byId<HTMLFormElement>('tm-import');
const fileInput = form.querySelector<HTMLInputElement>('input[type=file]')!;
const formatSelect = form.querySelector<HTMLSelectElement>('select[name=format]')!;
const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
const progressBox = byId('tm-progress');
const progressBar = byId<HTMLProgressElement>('tm-progress-bar');
const progressLabel = byId('tm-progress-label');
const progressText = byId('tm-progress-text');
const statusLine = byId('tm-status');
const errorBox = byId('tm-error');
const resultBox = byId('tm-result');

const bytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

function showProgress(sent: number, total: number): void {
  const share = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  progressBar.value = share;
  progressText.textContent = t('memory.sent', { share, sent: bytes(sent), total: bytes(total) });
}

/** Sends the file; resolves with the API's answer as `api()` would shape it (null: the network failed). */
function send(file: File, format: string): Promise<ApiResult<ImportAnswer> | null> {
  const query = new URLSearchParams({ fileName: file.name, ...(format ? { format } : {}) });
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/tm/import?${query.toString()}`);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    if (config.csrfToken) request.setRequestHeader('X-CSRF-Token', config.csrfToken);
    request.upload.addEventListener('progress', (event) => showProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    request.upload.addEventListener('load', () => {
      // Every byte is sent; the server is still reading and storing the units.
      showProgress(file.size, file.size);
      progressLabel.textContent = t('memory.importing');
      progressBar.removeAttribute('value');
    });
    request.addEventListener('error', () => resolve(null));
    request.addEventListener('load', () => {
      if (request.status === 401) {
        window.location.assign(`/workbench/login?next=${encodeURIComponent(window.location.pathname)}`);
      }
      let data: unknown = null;
      try { data = request.responseText ? JSON.parse(request.responseText) : null; } catch { data = { error: request.responseText }; }
      resolve(request.status >= 200 && request.status < 300
        ? { status: request.status, ok: true, data: data as ImportAnswer }
        : { status: request.status, ok: false, data: data as Record<string, unknown> | null });
    });
    request.send(file);
  });
}

function showResult(answer: ImportAnswer): void {
  clear(resultBox);
  resultBox.hidden = false;
  const count = (key: 'read' | 'added' | 'updated' | 'skipped') =>
    el('div', { class: 'tm-count', 'data-count': key }, [el('dt', { text: t(`memory.counts.${key}`) }), el('dd', { class: 'wb-num', text: answer[key] })]);
  resultBox.append(
    el('h3', { id: 'tm-result-h', text: t('memory.resultTitle', { file: answer.file }) }),
    el('dl', { class: 'tm-counts' }, [count('read'), count('added'), count('updated'), count('skipped')]),
    el('p', { class: 'wb-note', text: t('memory.skippedHelp') }),
  );
  if (answer.notKept.length) {
    resultBox.append(
      el('h4', { text: t('memory.notKept', { count: answer.notKept.length }) }),
      el('ul', { class: 'tm-not-kept' }, answer.notKept.map((line) => el('li', { text: line }))),
    );
  } else {
    resultBox.append(el('p', { class: 'wb-none', text: t('memory.allKept') }));
  }
}

function showError(result: ApiResult<ImportAnswer> | null): void {
  errorBox.hidden = false;
  clear(errorBox);
  const data = result && !result.ok ? result.data : null;
  // The API's own words name the file and the line; where the message lacks them, they are added.
  const where = data && typeof data.file === 'string' && typeof data.line === 'number' ? t('memory.where', { file: data.file, line: data.line }) : '';
  // A file the API refused (400) is shown in the API's own words: they name the field, file and line.
  const message = result === null ? t('problems.network') : result.status === 413 ? t('memory.tooLarge')
    : result.status === 400 && data && typeof data.error === 'string' ? data.error : errorText(result);
  errorBox.append(el('p', { class: 'tm-error-message', text: message }));
  if (where && !message.includes(String(data!.line))) errorBox.append(el('p', { class: 'tm-error-where', text: where }));
  errorBox.append(el('p', { class: 'wb-note', text: t('memory.nothingStored') }));
}

fileInput.addEventListener('change', () => {
  // A new file: the last answer no longer applies.
  errorBox.hidden = true;
  resultBox.hidden = true;
  statusLine.textContent = '';
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const file = fileInput.files?.[0];
  if (!file) return;
  submit.disabled = true;
  errorBox.hidden = true;
  resultBox.hidden = true;
  progressBox.hidden = false;
  progressLabel.textContent = t('memory.uploading');
  showProgress(0, file.size);
  statusLine.textContent = t('memory.sending', { file: file.name });
  void send(file, formatSelect.value).then((result) => {
    submit.disabled = false;
    progressBox.hidden = true;
    if (result && result.ok) {
      statusLine.textContent = t('memory.imported', { file: result.data.file, added: result.data.added, updated: result.data.updated });
      showResult(result.data);
      resultBox.focus();
    } else {
      statusLine.textContent = '';
      showError(result);
    }
  });
});
