import { IMPORT_LIMITS } from '../../export/importLimits';

/**
 * The files of a drop, folders walked recursively (a dropped folder arrives as one empty File
 * in `files`; its contents only through the entries API), each named by its path in the folder.
 * The walk stops one file past what an import reads, so a folder of 100,000 files is refused
 * at once rather than after every one is opened.
 */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0 || entries.every((e) => e.isFile)) return [...transfer.files];
  const out: File[] = [];
  const full = () => out.length > IMPORT_LIMITS.files;
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (full()) return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push(new File([file], `${prefix}${file.name}`, { type: file.type }));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the folder in batches until it returns none.
    while (!full()) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}
