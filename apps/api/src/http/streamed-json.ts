import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { EventLoopSlices } from './event-loop-slices';

/**
 * `{ "<key>": [items…] }` as a JSON response written item by item in slices of the event loop: a
 * response of megabytes is never serialized in one piece (JSON.stringify of 4 MB holds the loop for tens of ms).
 */
export function streamedJsonList(key: string, items: readonly unknown[], slices: EventLoopSlices): StreamableFile {
  async function* chunks(): AsyncGenerator<string> {
    yield `{${JSON.stringify(key)}:[`;
    for (let i = 0; i < items.length; i++) {
      yield await slices.run(() => (i === 0 ? '' : ',') + JSON.stringify(items[i]));
    }
    yield ']}';
  }
  return new StreamableFile(Readable.from(chunks()), { type: 'application/json; charset=utf-8' });
}
