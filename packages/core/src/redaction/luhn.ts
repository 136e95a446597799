/**
 * True when `digits` passes the Luhn (mod 10) check used by payment card
 * numbers. Spaces and dashes are ignored; any other non-digit, or fewer than
 * two digits, fails.
 *
 * @example
 * ```ts
 * passesLuhn("4111 1111 1111 1111"); // true
 * passesLuhn("4111 1111 1111 1112"); // false
 * ```
 */
export function passesLuhn(digits: string): boolean {
  const compact = digits.replace(/[ -]/g, "");
  if (!/^\d{2,}$/.test(compact)) return false;
  let sum = 0;
  // walk from the check digit leftwards, doubling every second digit
  for (let index = 0; index < compact.length; index++) {
    let digit = compact.charCodeAt(compact.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
