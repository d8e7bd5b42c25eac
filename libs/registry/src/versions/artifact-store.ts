import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where a version's artifact bytes live: inline in Postgres (the default) or in a store behind a URI. */
export interface ArtifactStore {
  /** Returns the URI to record, or null when the bytes are to be stored inline in the version row. */
  put(name: string, bytes: Uint8Array): Promise<string | null>;
  get(uri: string): Promise<Uint8Array>;
}

export class InlineArtifactStore implements ArtifactStore {
  async put(): Promise<null> {
    return null;
  }

  async get(uri: string): Promise<Uint8Array> {
    throw new Error(`inline artifact store holds no external artifact (${uri})`);
  }
}

export class FileArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  async put(name: string, bytes: Uint8Array): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const path = join(this.root, `${name}.tsfm`);
    await writeFile(path, bytes);
    return `file://${path}`;
  }

  async get(uri: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(new URL(uri)));
  }
}

export class ArtifactIntegrityError extends Error {
  constructor(versionId: number, expected: string, actual: string) {
    super(`artifact of version ${versionId} is corrupt: sha256 ${actual}, expected ${expected}`);
    this.name = 'ArtifactIntegrityError';
  }
}
