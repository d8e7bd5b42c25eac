import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where a version's artifact bytes live: inline in Postgres (the default) or in a store behind a URI. */
export interface ArtifactStore {
  /** Returns the URI to record, or null when the bytes are to be stored inline in the version row. */
  put(name: string, bytes: Uint8Array): Promise<string | null>;
  get(uri: string): Promise<Uint8Array>;
}

/** Reads an artifact by the URI a store recorded; URIs are absolute, so any process on a shared filesystem can read them. */
async function readArtifactUri(uri: string): Promise<Uint8Array> {
  const url = new URL(uri);
  if (url.protocol !== 'file:') throw new Error(`unsupported artifact URI ${uri}`);
  return new Uint8Array(await readFile(url));
}

/** Bytes go into the version row; artifacts another store wrote are still readable by their URI. */
export class InlineArtifactStore implements ArtifactStore {
  async put(): Promise<null> {
    return null;
  }

  get(uri: string): Promise<Uint8Array> {
    return readArtifactUri(uri);
  }
}

/** Bytes go to files under `root` (a volume shared by trainers and API), named by content so a retry rewrites the same file. */
export class FileArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  async put(name: string, bytes: Uint8Array): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const path = join(this.root, `${name}.tsfm`);
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
    return `file://${path}`;
  }

  get(uri: string): Promise<Uint8Array> {
    return readArtifactUri(uri);
  }
}

export class ArtifactIntegrityError extends Error {
  constructor(versionId: number, expected: string, actual: string) {
    super(`artifact of version ${versionId} is corrupt: sha256 ${actual}, expected ${expected}`);
    this.name = 'ArtifactIntegrityError';
  }
}
