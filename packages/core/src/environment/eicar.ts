// The EICAR anti-virus test file is a harmless 68-byte ASCII string that
// scanners agree to report as malware (https://www.eicar.org). It is kept here
// in two halves and joined at run time so that this repository's own source
// files do not contain the whole string and do not trip scanners.
const firstHalf = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
const secondHalf = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/**
 * The standard EICAR anti-virus test string (68 ASCII characters).
 *
 * @example
 * const bytes = new TextEncoder().encode(eicarTestString());
 */
export function eicarTestString(): string {
  return firstHalf + secondHalf;
}

/** The EICAR test string as ASCII bytes. */
export function eicarTestBytes(): Uint8Array {
  return new TextEncoder().encode(eicarTestString());
}

/**
 * Byte offsets at which the EICAR test string occurs in `bytes`
 * (non-overlapping, in order); empty when it does not occur.
 */
export function findEicar(bytes: Uint8Array): number[] {
  const needle = eicarTestBytes();
  const offsets: number[] = [];
  const first = needle[0];
  for (let start = bytes.indexOf(first ?? 0); start !== -1 && start + needle.length <= bytes.length; ) {
    let matches = true;
    for (let index = 1; index < needle.length; index++) {
      if (bytes[start + index] !== needle[index]) {
        matches = false;
        break;
      }
    }
    if (matches) offsets.push(start);
    start = bytes.indexOf(first ?? 0, matches ? start + needle.length : start + 1);
  }
  return offsets;
}

/** Whether `bytes` contains the EICAR test string anywhere (not only at offset 0, as strict scanners require). */
export function containsEicar(bytes: Uint8Array): boolean {
  return findEicar(bytes).length > 0;
}
