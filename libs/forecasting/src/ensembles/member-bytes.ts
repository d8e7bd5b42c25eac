import type { ForecastModel } from './forecast-model';

/** Each member's saved bytes, one after another, and the byte length of each: the body of a container of models. */
export async function savedMembers(members: readonly ForecastModel[]): Promise<{ body: Uint8Array; sizes: number[] }> {
  const saved: Uint8Array[] = [];
  for (const member of members) saved.push(await member.save());
  const body = new Uint8Array(saved.reduce((sum, bytes) => sum + bytes.length, 0));
  let offset = 0;
  for (const bytes of saved) {
    body.set(bytes, offset);
    offset += bytes.length;
  }
  return { body, sizes: saved.map((bytes) => bytes.length) };
}
