import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, type CliIo } from './io';
import { kindOf, openFailure } from './readInput';

export interface OutputTarget {
  /** A file path, or `-` for standard output. */
  readonly path: string;
  /** Replace an existing regular file (never a link, never an input). */
  readonly force: boolean;
  /** Files the command reads: never written over, --force or not. */
  readonly inputs: readonly string[];
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** What a filesystem without hard links (FAT, some network mounts) answers link() with. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** The same file as one of the inputs, however it is named (a link, ./x, a hard link). */
async function isAnInput(path: string, inputs: readonly string[]): Promise<boolean> {
  const target = await stat(path).catch(() => null);
  if (!target) return false;
  for (const input of inputs) {
    const read = await stat(input).catch(() => null);
    if (read && read.dev === target.dev && read.ino === target.ino) return true;
  }
  return false;
}

/** Why the target may not be written, or null: judged on the name itself (lstat), never on what a link points at. */
async function targetProblem({ path, force, inputs }: OutputTarget): Promise<string | null> {
  if (await isAnInput(path, inputs)) return `${path} is the file this command reads: it is never written over.`;
  const existing = await lstat(path).catch((error: unknown) => {
    if (errno(error) === 'ENOENT') return null;
    throw new InputError(`${path}: ${openFailure(error)}`);
  });
  if (!existing) return null;
  if (existing.isSymbolicLink())
    return `${path} is a symbolic link: a file holding private keys is never written through a link. Remove it or choose another name.`;
  if (!existing.isFile()) return `${path} is ${kindOf(existing)}: give the name of a new file.`;
  return force
    ? null
    : `${path} already exists: nothing was written. Use --force to replace it, or choose another name.`;
}

/** Removes the temporary file if the run is stopped while it exists, so no half-written file is left behind. */
function removedOnSignal(temp: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    void unlink(temp)
      .catch(() => undefined)
      .finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** Refuses a target that may not be written, before any work is done for it; writePrivateFile judges it again. */
export async function checkOutput(target: OutputTarget, io: CliIo): Promise<void> {
  if (target.path === '-') {
    if (io.outIsTerminal)
      throw new InputError('standard output is a terminal: pipe it (-o - | ...) or give a file name.');
    return;
  }
  const problem = await targetProblem(target);
  if (problem) throw new InputError(problem);
}

/**
 * Writes a file that holds private keys as ssh-keygen would: a new file only, mode 0600
 * whatever the umask, never through a symbolic link, never over an input. The bytes go to a
 * temporary file beside the target (O_CREAT|O_EXCL|O_NOFOLLOW), synced, then put in place:
 * linked to the new name, or with --force (or on a filesystem without hard links) renamed
 * there after the target is judged again (rename replaces the name; it never follows a link).
 * An interrupted run leaves the target as it was. `-` writes to standard output, never a terminal.
 */
export async function writePrivateFile(target: OutputTarget, bytes: Uint8Array, io: CliIo): Promise<void> {
  await checkOutput(target, io);
  if (target.path === '-') {
    await io.outBytes(bytes);
    return;
  }
  const temp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  ).catch((error: unknown) => {
    throw new InputError(`${target.path}: ${openFailure(error)}`);
  });
  const release = removedOnSignal(temp);
  try {
    try {
      await handle.chmod(0o600);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Without --force the temporary file is linked to the new name, which fails if anything appeared there meanwhile.
    const linked =
      !target.force &&
      (await link(temp, target.path).then(
        () => true,
        (error: unknown) => {
          if (errno(error) === 'EEXIST')
            throw new InputError(`${target.path} appeared while the bundle was written: nothing was written over it.`);
          if (NO_HARD_LINKS.has(errno(error) ?? '')) return false;
          throw new InputError(`${target.path}: ${openFailure(error)}`);
        },
      ));
    if (linked) {
      await unlink(temp);
    } else {
      // Judged again just before the rename: a link or file put there since is refused, not replaced.
      const again = await targetProblem(target);
      if (again) throw new InputError(again);
      await rename(temp, target.path);
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}
