/**
 * The archive's folder walk and document reads on bad input: too many files, files and folders
 * that cannot be read. Each names the path; nothing is read into memory that is not a document.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveFolderError, readArchiveDocument, walkArchive } from '../../src/cli/archive-files';

const dir = mkdtempSync(join(tmpdir(), 'bitext-archive-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Root reads whatever its permissions say: the permission cases run only for other users.
const asRoot = process.getuid?.() === 0;

it('refuses a folder with more files than the limit, naming the folder', async () => {
  const many = join(dir, 'many');
  mkdirSync(join(many, 'sub'), { recursive: true });
  for (let i = 0; i < 30; i++) writeFileSync(join(many, `${i}.txt`), 'Hello.');
  for (let i = 0; i < 30; i++) writeFileSync(join(many, 'sub', `${i}.txt`), 'Hello.');
  await expect(walkArchive(many, 50)).rejects.toThrow(ArchiveFolderError);
  await expect(walkArchive(many, 50)).rejects.toThrow(`${many}: more than 50 files: split the archive`);
  expect((await walkArchive(many, 60)).files).toHaveLength(60);
});

it('reports a document that cannot be read by its reason', async () => {
  const folder = join(dir, 'not-a-file.txt');
  mkdirSync(folder);
  expect(await readArchiveDocument({ name: 'not-a-file.txt', path: folder, size: 10 })).toEqual({ problem: 'cannot be read (EISDIR)' });
  expect(await readArchiveDocument({ name: 'gone.txt', path: join(dir, 'gone.txt'), size: 10 })).toEqual({ problem: 'cannot be read (ENOENT)' });
});

(asRoot ? it.skip : it)('reports an unreadable file and an unreadable folder by name, and walks on', async () => {
  const root = join(dir, 'locked-archive');
  mkdirSync(join(root, 'locked'), { recursive: true });
  writeFileSync(join(root, 'ok.txt'), 'Hello.');
  writeFileSync(join(root, 'secret.txt'), 'Hello.');
  writeFileSync(join(root, 'locked', 'inside.txt'), 'Hello.');
  chmodSync(join(root, 'secret.txt'), 0);
  chmodSync(join(root, 'locked'), 0);
  try {
    const walk = await walkArchive(root);
    expect(walk.problems).toContainEqual({ name: 'locked', reason: 'cannot be read (EACCES)' });
    const secret = walk.files.find((f) => f.name === 'secret.txt')!;
    expect(await readArchiveDocument(secret)).toEqual({ problem: 'cannot be read (EACCES)' });
  } finally {
    chmodSync(join(root, 'locked'), 0o755);
  }
});

it('names a pipe it does not read, and counts the hidden entries it leaves out', async () => {
  const root = join(dir, 'special');
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main');
  writeFileSync(join(root, '.DS_Store'), 'x');
  writeFileSync(join(root, 'page.txt'), 'Hello.');
  execFileSync('mkfifo', [join(root, 'pipe.txt')]);
  const walk = await walkArchive(root);
  expect(walk.files.map((f) => f.name)).toEqual(['page.txt']);
  expect(walk.problems).toEqual([{ name: 'pipe.txt', reason: 'not a regular file (a pipe, socket or device): not read' }]);
  expect(walk.hidden).toBe(2);
});
