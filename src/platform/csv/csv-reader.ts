import fs from 'node:fs';
import { parse } from 'csv-parse';

/** A file that cannot be read as a whole: wrong encoding, broken quoting, wrong header. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `Line ${line}: ${message}` : message);
  }
}

export type CsvEncoding = 'utf-8' | 'windows-1252';

// Bytes that Windows-1252 leaves undefined: a file holding them is in neither encoding we read.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Finds a file's encoding by reading it once as a stream: UTF-8 (with or without a byte-order
 * mark) when every byte sequence is valid UTF-8, otherwise Windows-1252, the encoding of GIAS
 * extracts. UTF-16 files and bytes neither encoding defines are refused.
 */
export async function detectEncoding(path: string): Promise<CsvEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let utf8 = true;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new CsvFileError(
          'The file is in UTF-16; save it as "CSV UTF-8" or as Windows-1252 CSV and import it again',
        );
      }
      if (chunk.subarray(0, 4096).includes(0))
        throw new CsvFileError('The file holds NUL bytes: it is not a CSV text file');
    }
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    if (!utf8) {
      for (const byte of chunk) {
        if (UNDEFINED_IN_1252.has(byte))
          throw new CsvFileError(`The file is neither UTF-8 nor Windows-1252 (byte 0x${byte.toString(16)} found)`);
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      return 'windows-1252';
    }
  }
  return utf8 ? 'utf-8' : 'windows-1252';
}

export interface CsvRecord {
  /** The line of the file on which the record ends (the header is line 1). */
  line: number;
  /** Fields by column name; a short record has fewer. */
  values: Record<string, string>;
  /** How many fields the record had. */
  fieldCount: number;
}

export interface CsvReadOptions {
  /** Checks the header before any record is read; return the problems to refuse the file. */
  checkHeader(header: string[]): string[];
  /** Called every so often with the bytes read so far. */
  onProgress?(bytesRead: number): void;
}

/** Streams a CSV file record by record in its detected encoding, never holding the whole file. */
export async function* readCsv(path: string, options: CsvReadOptions): AsyncGenerator<CsvRecord, void, undefined> {
  const encoding = await detectEncoding(path);
  const input = fs.createReadStream(path, { highWaterMark: 1 << 18 });
  let bytesRead = 0;
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onProgress?.(bytesRead);
  });
  const decoder = new TextDecoder(encoding);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false });
  // Decode bytes to text ourselves so Windows-1252 is read correctly; csv-parse then sees text.
  const feed = (async () => {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        if (parser.destroyed) break;
        if (!parser.write(decoder.decode(chunk, { stream: true }))) {
          await new Promise<void>((resolve) => {
            const done = () => {
              parser.off('drain', done);
              parser.off('close', done);
              resolve();
            };
            parser.on('drain', done);
            parser.on('close', done);
          });
        }
      }
      if (!parser.destroyed) parser.end(decoder.decode());
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const problems = options.checkHeader(header);
        if (problems.length > 0)
          throw new CsvFileError(`The header is not the one expected: ${problems.join('; ')}`, 1);
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < Math.min(header.length, record.length); i++) values[header[i]!] = record[i]!;
      yield { line: info.lines, values, fieldCount: record.length };
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_'))
      throw new CsvFileError(e.message.replace(/^Invalid Record Length: /, ''), e.lines);
    throw error;
  } finally {
    // Reached early when the reader stops or fails: release the file and the parser.
    input.destroy();
    parser.destroy();
    await feed;
  }
  if (!header) throw new CsvFileError('The file is empty: it has no header');
}
