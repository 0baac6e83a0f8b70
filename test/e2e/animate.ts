// Joins same-size PNG screenshots into one animated PNG (APNG): the "animated capture" of an
// end-to-end run, with no image library. Every frame keeps its own compressed pixel data: the
// screenshots' IDAT chunks become the frames' fdAT chunks (the PNG and APNG specifications).
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
}

function readChunks(file: string): Chunk[] {
  const bytes = fs.readFileSync(file);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error(`${file} is not a PNG file`);
  }
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Writes `frames` (same width, height and pixel format) as an endlessly looping APNG. */
export function writeAnimatedPng(frames: readonly string[], output: string, delayMs = 1500): void {
  if (frames.length === 0) {
    throw new Error('No frames to animate.');
  }
  const parsed = frames.map(readChunks);
  const header = parsed[0]?.find((c) => c.type === 'IHDR')?.data;
  if (!header) {
    throw new Error(`${frames[0]} has no IHDR chunk`);
  }
  parsed.forEach((chunks, index) => {
    const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
    if (!ihdr?.equals(header)) {
      throw new Error(`${frames[index]} differs in size or pixel format from ${frames[0]}`);
    }
  });
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const parts: Buffer[] = [SIGNATURE, chunk('IHDR', header)];
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0);
  actl.writeUInt32BE(0, 4); // loop forever
  parts.push(chunk('acTL', actl));
  let sequence = 0;
  parsed.forEach((chunks, index) => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(sequence++, 0);
    fctl.writeUInt32BE(width, 4);
    fctl.writeUInt32BE(height, 8);
    fctl.writeUInt32BE(0, 12);
    fctl.writeUInt32BE(0, 16);
    fctl.writeUInt16BE(delayMs, 20);
    fctl.writeUInt16BE(1000, 22);
    fctl[24] = 0; // dispose: none
    fctl[25] = 0; // blend: source
    parts.push(chunk('fcTL', fctl));
    for (const data of chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)) {
      if (index === 0) {
        parts.push(chunk('IDAT', data));
      } else {
        const sequenced = Buffer.alloc(4);
        sequenced.writeUInt32BE(sequence++, 0);
        parts.push(chunk('fdAT', Buffer.concat([sequenced, data])));
      }
    }
  });
  parts.push(chunk('IEND', Buffer.alloc(0)));
  fs.writeFileSync(output, Buffer.concat(parts));
}
