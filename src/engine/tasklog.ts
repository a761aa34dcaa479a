// The append-only log of finished tasks: what makes a batch survive kill -9, Ctrl-C and power loss.
//
// Each record is written with one write call as it arrives from a worker:
//   u32 magic 'PKO1' | u32 task | u32 outcome count | u32 series value count | f64 values... | u32 CRC-32
// (little-endian). A record whose length or checksum does not hold is the torn tail of an interrupted write;
// scanning stops there and the file is truncated to its last whole record, so a task is either wholly
// recorded or not at all.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const MAGIC = 0x314f4b50; // 'PKO1' read little-endian
const HEADER = 16;

export interface TaskLogIndex {
  /** Task ids in the order they were found. */
  readonly tasks: number[];
  /** Byte offset of each task's record (same order). */
  readonly offsets: number[];
  /** Bytes of whole, valid records. */
  readonly validBytes: number;
  /** Bytes after the last valid record (a torn write), dropped by repair. */
  readonly tornBytes: number;
}

function recordBytes(outcomes: Float64Array, series: Float64Array): number {
  return HEADER + 8 * (outcomes.length + series.length) + 4;
}

/** Encode a record at the start of `buf` (at least recordBytes long); returns the record's bytes, a view of buf. */
function encodeRecord(buf: Buffer, task: number, outcomes: Float64Array, series: Float64Array): Buffer {
  const n = outcomes.length + series.length;
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(task, 4);
  buf.writeUInt32LE(outcomes.length, 8);
  buf.writeUInt32LE(series.length, 12);
  Buffer.from(outcomes.buffer, outcomes.byteOffset, outcomes.byteLength).copy(buf, HEADER);
  Buffer.from(series.buffer, series.byteOffset, series.byteLength).copy(buf, HEADER + 8 * outcomes.length);
  buf.writeUInt32LE(crc32(buf.subarray(0, HEADER + 8 * n)), HEADER + 8 * n);
  return buf.subarray(0, HEADER + 8 * n + 4);
}

export class TaskLogWriter {
  private readonly fd: number;
  private lastSync = Date.now();
  /** One buffer for every record (no allocation per result). */
  private scratch = Buffer.alloc(0);

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  append(task: number, outcomes: Float64Array, series: Float64Array): void {
    const size = recordBytes(outcomes, series);
    if (this.scratch.length < size) this.scratch = Buffer.alloc(size);
    const buf = encodeRecord(this.scratch, task, outcomes, series);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    // fsync at most once a second: a power cut loses at most the last second, never a half record.
    const now = Date.now();
    if (now - this.lastSync > 1000) {
      fsyncSync(this.fd);
      this.lastSync = now;
    }
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Bytes read at a time when scanning a log (grown for a record longer than this). */
const SCAN_WINDOW = 1 << 20;

/**
 * Scan a log, returning the index of its valid records (an absent file is an empty log). The file is read through
 * one window buffer, so scanning a log of any length allocates nothing per record.
 */
export function scanTaskLog(file: string): TaskLogIndex {
  const tasks: number[] = [];
  const offsets: number[] = [];
  if (!existsSync(file)) return { tasks, offsets, validBytes: 0, tornBytes: 0 };
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let win = Buffer.alloc(Math.min(SCAN_WINDOW, Math.max(size, HEADER)));
    let winStart = 0; // file offset of win[0]
    let winLen = 0; // valid bytes in win
    /** Make bytes [pos, pos + len) of the file available in win; false if the file is shorter. */
    const ensure = (pos: number, len: number): boolean => {
      if (pos + len > size) return false;
      if (pos >= winStart && pos + len <= winStart + winLen) return true;
      if (len > win.length) win = Buffer.alloc(len);
      winStart = pos;
      winLen = 0;
      const want = Math.min(win.length, size - pos);
      while (winLen < want) {
        const got = readSync(fd, win, winLen, want - winLen, pos + winLen);
        if (got === 0) break;
        winLen += got;
      }
      return winLen >= len;
    };
    let pos = 0;
    let seen = new Uint8Array(1024);
    while (ensure(pos, HEADER)) {
      let at = pos - winStart;
      if (win.readUInt32LE(at) !== MAGIC) break;
      const n = win.readUInt32LE(at + 8) + win.readUInt32LE(at + 12);
      const len = HEADER + 8 * n + 4;
      if (!ensure(pos, len)) break;
      at = pos - winStart;
      if (win.readUInt32LE(at + len - 4) !== crc32(win.subarray(at, at + len - 4))) break;
      const task = win.readUInt32LE(at + 4);
      if (task >= seen.length) {
        const bigger = new Uint8Array(Math.max(task + 1, 2 * seen.length));
        bigger.set(seen);
        seen = bigger;
      }
      if (!seen[task]) {
        seen[task] = 1;
        tasks.push(task);
        offsets.push(pos);
      }
      pos += len;
    }
    return { tasks, offsets, validBytes: pos, tornBytes: size - pos };
  } finally {
    closeSync(fd);
  }
}

/** Drop a torn tail so that appends continue after the last whole record. */
export function repairTaskLog(file: string, index: TaskLogIndex): void {
  if (index.tornBytes === 0 || !existsSync(file)) return;
  const fd = openSync(file, 'r+');
  try {
    ftruncateSync(fd, index.validBytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Random access to the records of one or more logs (shards), by task id. The index is two typed arrays indexed
 * by task id (which log, at what offset): about 10 bytes a task, with no per-task objects.
 */
export class TaskLogReader {
  private readonly fds: number[] = [];
  private logOf = new Int16Array(0);
  private offsetOf = new Float64Array(0);
  private count = 0;
  private readonly head = Buffer.alloc(HEADER);
  /** One buffer for every read (a batch's records all have the same size or nearly): no allocation per task. */
  private body = new Float64Array(0);

  constructor(files: readonly string[]) {
    files.forEach((file, log) => {
      const idx = scanTaskLog(file);
      this.fds.push(openSync(file, 'r'));
      let max = -1;
      for (const t of idx.tasks) if (t > max) max = t;
      this.grow(max + 1);
      idx.tasks.forEach((t, i) => {
        if (this.logOf[t] < 0) {
          this.logOf[t] = log;
          this.offsetOf[t] = idx.offsets[i];
          this.count++;
        }
      });
    });
  }

  private grow(n: number): void {
    if (n <= this.logOf.length) return;
    const logOf = new Int16Array(n).fill(-1);
    logOf.set(this.logOf);
    const offsetOf = new Float64Array(n);
    offsetOf.set(this.offsetOf);
    this.logOf = logOf;
    this.offsetOf = offsetOf;
  }

  has(task: number): boolean {
    return task >= 0 && task < this.logOf.length && this.logOf[task] >= 0;
  }

  get size(): number {
    return this.count;
  }

  taskIds(): number[] {
    const out: number[] = [];
    for (let t = 0; t < this.logOf.length; t++) if (this.logOf[t] >= 0) out.push(t);
    return out;
  }

  /** The record of a task. The arrays are views of a buffer that the next read overwrites: copy what you keep. */
  read(task: number): { outcomes: Float64Array; series: Float64Array } {
    if (!this.has(task)) throw new Error(`TaskLogReader.read: task ${task} is not in the logs`);
    const fd = this.fds[this.logOf[task]];
    const offset = this.offsetOf[task];
    const head = this.head;
    readSync(fd, head, 0, HEADER, offset);
    const nOut = head.readUInt32LE(8);
    const nSer = head.readUInt32LE(12);
    if (this.body.length < nOut + nSer) this.body = new Float64Array(nOut + nSer);
    const body = this.body.subarray(0, nOut + nSer);
    readSync(fd, new Uint8Array(body.buffer, 0, 8 * (nOut + nSer)), 0, 8 * (nOut + nSer), offset + HEADER);
    return { outcomes: body.subarray(0, nOut), series: body.subarray(nOut) };
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.length = 0;
  }
}
