/**
 * Keeps PCM16 byte streams sample-aligned across transport frames: a frame
 * that ends in the middle of a sample leaves its last byte here, and it is
 * put in front of the next frame. (Transports frame audio by bytes, not
 * samples; `AudioChunk` refuses half a sample.)
 */
export class SampleAligner {
  private carry: number | undefined;

  /** `bytes` with the half sample left over from the previous frame in front, minus its own trailing half sample. */
  align(bytes: Uint8Array): Uint8Array {
    let data = bytes;
    if (this.carry !== undefined) {
      data = new Uint8Array(bytes.length + 1);
      data[0] = this.carry;
      data.set(bytes, 1);
      this.carry = undefined;
    }
    if (data.length % 2 === 1) {
      this.carry = data[data.length - 1];
      data = data.subarray(0, data.length - 1);
    }
    return data;
  }

  /** Forgets a half sample held (a new connection, a new answer). */
  reset(): void {
    this.carry = undefined;
  }
}
