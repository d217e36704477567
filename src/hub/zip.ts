// **zip** reads a zip archive by random access (yauzl): the central directory lists the entries, and each entry is
// inflated as a stream on demand, so a multi-gigabyte archive is read in any order without being unpacked to disk.

import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  /** Uncompressed size (zip64 sizes included). */
  bytes: number;
}

export interface ZipArchive {
  path: string;
  /** File entries (no directories), in archive order. */
  entries: ZipEntry[];
  /** The entry's inflated bytes. */
  stream(name: string): Promise<Readable>;
  close(): void;
}

/** Opens `path` as a zip archive; rejects with a message naming the file when it is not one. */
export function openZip(path: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    // autoClose off: entries are opened later, in the mapper's order, not while the directory is listed
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) {
        reject(new Error(`${path}: not a readable zip archive (${err?.message ?? 'no archive'})`));
        return;
      }
      const byName = new Map<string, yauzl.Entry>();
      const entries: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) {
          byName.set(entry.fileName, entry);
          entries.push({ name: entry.fileName, bytes: entry.uncompressedSize });
        }
        zip.readEntry();
      });
      zip.on('error', (e: Error) => reject(new Error(`${path}: ${e.message}`)));
      zip.on('end', () =>
        resolve({
          path,
          entries,
          stream: (name) =>
            new Promise<Readable>((res, rej) => {
              const entry = byName.get(name);
              if (!entry) return rej(new Error(`${path}: no entry ${name}`));
              zip.openReadStream(entry, (e, s) =>
                e || !s ? rej(new Error(`${path}!${name}: ${e?.message}`)) : res(s),
              );
            }),
          close: () => zip.close(),
        }),
      );
      zip.readEntry();
    });
  });
}
