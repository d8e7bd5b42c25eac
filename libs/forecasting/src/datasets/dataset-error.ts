/** Any problem with a dataset file, with the file and (1-based) line in the message where they apply. */
export class DatasetError extends Error {
  constructor(
    readonly reason: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file === undefined ? reason : `${file}${line === undefined ? '' : `:${line}`}: ${reason}`);
    this.name = 'DatasetError';
  }
}
