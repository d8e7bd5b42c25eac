/**
 * An ESN's saved file: one container (serialization/container.ts: `TSFM`, the same preamble and CRC) whose header is
 * `{ format: 'tsf-esn', formatVersion: 1, spec, members: [...] }` and whose data is each reservoir's arrays, then its
 * readout's, little-endian, one member after another: W's values (float64), w_in, b, the readout weights
 * (features × horizon), P = (XᵀX + penalty·I)⁻¹ when the model is online (features²), then W's columns (int32).
 */
import { z } from 'zod';
import { ModelFormatError } from '../errors';
import type { ForecasterSpec } from '../forecaster-spec';
import { formatIssues } from '../models/registry';
import { packContainer, unpackContainer } from '../serialization';
import { LIBRARY_VERSION } from '../version';
import { Reservoir } from './reservoir';
import { RidgeReadout } from './ridge-readout';

export const ESN_FORMAT = 'tsf-esn';

/** One reservoir with its readout. */
export interface EsnMember {
  reservoir: Reservoir;
  readout: RidgeReadout;
}

const memberHeaderSchema = z
  .object({
    size: z.number().int().min(1),
    perUnit: z.number().int().min(1),
    leakRate: z.number().gt(0).max(1),
    features: z.number().int().min(1),
    outputs: z.number().int().min(1),
    penalty: z.number().positive(),
    online: z.boolean(),
  })
  .strict();

const esnHeaderSchema = z.object({
  format: z.literal(ESN_FORMAT),
  formatVersion: z.literal(1),
  library: z.string(),
  savedAt: z.string(),
  spec: z.record(z.string(), z.unknown()),
  members: z.array(memberHeaderSchema).min(1),
});

type MemberHeader = z.output<typeof memberHeaderSchema>;

/** True when `header` (an unpacked container's) is an ESN's. */
export function isEsnHeader(header: unknown): boolean {
  return typeof header === 'object' && header !== null && (header as { format?: unknown }).format === ESN_FORMAT;
}

/** The bytes of an ESN of `spec` and its fitted members. */
export function writeEsnFile(spec: ForecasterSpec, members: readonly EsnMember[]): Uint8Array {
  const arrays: Array<Float64Array | Int32Array> = [];
  const headers: MemberHeader[] = members.map(({ reservoir, readout }) => {
    const { size, perUnit, leakRate, values, input, bias, columns } = reservoir.weights;
    arrays.push(values, input, bias, readout.weights.data, ...(readout.inverse ? [readout.inverse.data] : []), columns);
    return { size, perUnit, leakRate, features: readout.features, outputs: readout.outputs, penalty: readout.penalty, online: readout.inverse !== null };
  });
  const body = new Uint8Array(arrays.reduce((sum, array) => sum + array.byteLength, 0));
  let offset = 0;
  for (const array of arrays) {
    body.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return packContainer({ format: ESN_FORMAT, formatVersion: 1, library: LIBRARY_VERSION, savedAt: new Date().toISOString(), spec, members: headers }, body);
}

/** The spec (unvalidated) and members of an ESN file. Throws ModelFormatError on anything else. */
export function readEsnFile(bytes: Uint8Array): { spec: Record<string, unknown>; members: EsnMember[] } {
  const { header, weights } = unpackContainer(bytes);
  const parsed = esnHeaderSchema.safeParse(header);
  if (!parsed.success) throw new ModelFormatError(`bad ESN header: ${formatIssues(parsed.error).join('; ')}`);
  let offset = 0;
  const take = <T extends Float64Array | Int32Array>(kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T => {
    const end = offset + length * kind.BYTES_PER_ELEMENT;
    if (end > weights.byteLength) throw new ModelFormatError(`the ESN's arrays need more than the ${weights.byteLength} saved bytes`);
    const array = new kind(weights.slice(offset, end));
    offset = end;
    return array;
  };
  const members = parsed.data.members.map(({ size, perUnit, leakRate, features, outputs, penalty, online }) => {
    const values = take(Float64Array, size * perUnit);
    const input = take(Float64Array, size);
    const bias = take(Float64Array, size);
    const weightData = take(Float64Array, features * outputs);
    const inverse = online ? { rows: features, cols: features, data: take(Float64Array, features * features) } : null;
    const columns = take(Int32Array, size * perUnit);
    if (columns.some((column) => column < 0 || column >= size)) throw new ModelFormatError('a reservoir connection points outside the reservoir');
    return {
      reservoir: new Reservoir({ size, perUnit, leakRate, values, input, bias, columns }),
      readout: new RidgeReadout({ weights: { rows: features, cols: outputs, data: weightData }, penalty, inverse }),
    };
  });
  if (offset !== weights.byteLength) throw new ModelFormatError(`the ESN's arrays take ${offset} bytes; ${weights.byteLength} were saved`);
  return { spec: parsed.data.spec, members };
}
