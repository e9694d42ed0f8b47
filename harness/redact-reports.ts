/**
 * Playwright records every API call as a step, and a failed call's step keeps Playwright's own error, whose call log
 * lists the request headers, Authorization included (microsoft/playwright#31717). The HTML reporter stores those
 * steps in a zip inside index.html. This rewrites a finished HTML report with every secret redacted.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { redactText } from './redact';

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Stored and deflated entries, read through the central directory: what Playwright's HTML reporter writes. */
function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('not a zip: no end of central directory');
  const entries: ZipEntry[] = [];
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.push({ name, data: method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** A zip of deflated entries, no extra fields. */
function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = zlib.deflateRawSync(entry.data);
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const TEXT_ENTRY = /\.(jsonl?|md|txt|log)$/;

/** Redact the text entries of a zip; undefined when nothing changed. */
function redactZip(zip: Buffer): Buffer | undefined {
  let changed = false;
  const entries = readZip(zip).map((entry) => {
    if (!TEXT_ENTRY.test(entry.name)) return entry;
    const text = entry.data.toString('utf8');
    const clean = redactText(text);
    if (clean === text) return entry;
    changed = true;
    return { name: entry.name, data: Buffer.from(clean, 'utf8') };
  });
  return changed ? writeZip(entries) : undefined;
}

/** Redact the blob reports (shards' `--reporter=blob`) in `dir` in place; merge-reports then builds a clean HTML report. */
export function redactBlobReports(dir: string): number {
  let changed = 0;
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!name.endsWith('.zip')) continue;
    const file = path.join(dir, name);
    const clean = redactZip(fs.readFileSync(file));
    if (clean) {
      fs.writeFileSync(file, clean);
      changed++;
    }
  }
  return changed;
}

const EMBEDDED = /(data:application\/zip;base64,)([A-Za-z0-9+/=]+)/;

/** Redact the HTML report in `dir` in place: its embedded data and its text files. Returns how many values changed. */
export function redactHtmlReport(dir: string): number {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return 0;
  let changed = 0;
  const html = fs.readFileSync(index, 'utf8');
  const match = EMBEDDED.exec(html);
  if (match) {
    const clean = redactZip(Buffer.from(match[2]!, 'base64'));
    if (clean) {
      fs.writeFileSync(index, html.replace(EMBEDDED, () => `${match[1]}${clean.toString('base64')}`));
      changed++;
    }
  }
  const data = path.join(dir, 'data');
  for (const name of fs.existsSync(data) ? fs.readdirSync(data) : []) {
    if (!/\.(md|txt|json|log)$/.test(name)) continue;
    const file = path.join(data, name);
    const text = fs.readFileSync(file, 'utf8');
    const clean = redactText(text);
    if (clean !== text) {
      fs.writeFileSync(file, clean);
      changed++;
    }
  }
  return changed;
}
