/**
 * Syslog over a stream (TCP, TLS): the two framings of RFC 6587, told apart
 * frame by frame as receivers do. Octet counting (RFC 5425 §4.3, RFC 6587
 * §3.4.1): "LEN SP MSG", LEN a decimal without a leading zero. Otherwise
 * non-transparent framing (§3.4.2): the frame runs to LF (a CR before it and
 * a NUL trailer are dropped). Pure: bytes in, lines out; a line longer than
 * `maxLine` bytes is cut there and the rest of it skipped (counted), so a
 * sender that never frames cannot grow memory.
 *
 * Lines are decoded as UTF-8, or as GB18030 when they are not valid UTF-8
 * (devices set to a Chinese locale send it).
 */
export interface FrameOptions {
  /** The longest line kept, in bytes (longer ones are cut: `truncated` counts them). */
  maxLine: number;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** A line's bytes as text: UTF-8 when valid (a BOM dropped), else GB18030. */
export function decodeLine(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of an octet-counted frame still to come, or -1 when between frames. */
  private want = -1;
  /** Skipping the rest of a line that passed maxLine. */
  private skipping = false;
  truncated = 0;

  constructor(private readonly opts: FrameOptions) {}

  /** Feeds a chunk; returns the whole frames it completed, in order. */
  push(chunk: Uint8Array): string[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: string[] = [];
    let pos = 0;
    const { maxLine } = this.opts;
    for (;;) {
      if (this.skipping) {
        const lf = this.buf.indexOf(LF, pos);
        if (lf < 0) {
          pos = this.buf.length;
          break;
        }
        pos = lf + 1;
        this.skipping = false;
        continue;
      }
      if (this.want >= 0) {
        if (this.buf.length - pos < this.want) break;
        const frame = this.buf.subarray(pos, pos + this.want);
        pos += this.want;
        this.want = -1;
        out.push(decodeLine(frame.length > maxLine ? frame.subarray(0, maxLine) : frame));
        if (frame.length > maxLine) this.truncated++;
        continue;
      }
      if (pos >= this.buf.length) break;
      // Between frames: a count (a digit 1-9, digits, a space) or a line to LF.
      const first = this.buf[pos]!;
      if (first >= 0x31 && first <= 0x39) {
        let i = pos + 1;
        while (i < this.buf.length && i - pos < 10 && this.buf[i]! >= 0x30 && this.buf[i]! <= 0x39) i++;
        if (i === this.buf.length && i - pos < 10) break; // the count is not complete yet
        // A count far past any line we keep is not one: the frame is read as a line to LF.
        const count = this.buf[i] === SP ? Number(this.buf.subarray(pos, i).toString('latin1')) : -1;
        if (count > 0 && count <= maxLine * 4) {
          this.want = count;
          pos = i + 1;
          continue;
        }
      }
      const lf = this.buf.indexOf(LF, pos);
      if (lf < 0) {
        if (this.buf.length - pos > maxLine) {
          out.push(decodeLine(this.buf.subarray(pos, pos + maxLine)));
          this.truncated++;
          this.skipping = true;
          pos = this.buf.length;
        }
        break;
      }
      let end = lf;
      if (end > pos && this.buf[end - 1] === CR) end--;
      while (end > pos && this.buf[end - 1] === NUL) end--;
      let start = pos;
      while (start < end && this.buf[start] === NUL) start++;
      pos = lf + 1;
      if (end > start) {
        const line = this.buf.subarray(start, end);
        if (line.length > maxLine) this.truncated++;
        out.push(decodeLine(line.length > maxLine ? line.subarray(0, maxLine) : line));
      }
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(pos));
    return out;
  }

  /** At the end of the stream: what is left, if anything, is the last line. */
  end(): string[] {
    if (this.skipping || this.buf.length === 0 || this.want >= 0) {
      this.buf = Buffer.alloc(0);
      return [];
    }
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    let end = rest.length;
    while (end > 0 && (rest[end - 1] === CR || rest[end - 1] === NUL)) end--;
    return end > 0 ? [decodeLine(rest.subarray(0, Math.min(end, this.opts.maxLine)))] : [];
  }
}
