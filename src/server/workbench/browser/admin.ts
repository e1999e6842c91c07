/*
 * The account pages' script (/workbench/users, /workbench/account). The forms work without it;
 * it adds a confirmation step in the page (no window.confirm, which screen readers and tests
 * handle badly) to the changes that lock someone out, copy buttons for credentials shown once,
 * and the "passwords differ" check before the password form is sent.
 */
import { el, t } from './common';

/** First submit: say what will happen and offer Confirm / Cancel; Confirm sends the form. */
function confirmFirst(form: HTMLFormElement): void {
  const question = form.dataset.confirm ?? '';
  let confirmed = false;
  form.addEventListener('submit', (event) => {
    if (confirmed) return;
    event.preventDefault();
    if (form.querySelector('.wb-confirm')) return;
    const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
    const box = el('span', { class: 'wb-confirm', role: 'alert' }, [
      el('span', { text: question }), ' ',
      el('button', {
        type: 'button', class: 'wb-confirm-yes', text: t('users.confirm'),
        onclick: () => { confirmed = true; form.requestSubmit(); },
      }), ' ',
      el('button', {
        type: 'button', class: 'wb-confirm-no', text: t('users.cancel'),
        onclick: () => { box.remove(); if (submit) submit.hidden = false; submit?.focus(); },
      }),
    ]);
    if (submit) submit.hidden = true;
    form.append(box);
    box.querySelector<HTMLButtonElement>('.wb-confirm-yes')?.focus();
  });
}

function copyButton(code: HTMLElement): void {
  if (!navigator.clipboard) return;
  const button = el('button', {
    type: 'button', class: 'wb-copy', text: t('users.copy'),
    onclick: async () => {
      await navigator.clipboard.writeText(code.textContent ?? '');
      button.textContent = t('users.copied');
    },
  });
  code.after(' ', button);
}

for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form[data-confirm]'))) confirmFirst(form);
for (const code of Array.from(document.querySelectorAll<HTMLElement>('code[data-copy]'))) copyButton(code);

const passwordForm = document.getElementById('wb-password') as HTMLFormElement | null;
if (passwordForm) {
  const password = passwordForm.querySelector<HTMLInputElement>('input[name=password]')!;
  const repeat = passwordForm.querySelector<HTMLInputElement>('input[name=repeat]')!;
  const check = () => repeat.setCustomValidity(repeat.value && repeat.value !== password.value ? t('account.mismatch') : '');
  password.addEventListener('input', check);
  repeat.addEventListener('input', check);
}
